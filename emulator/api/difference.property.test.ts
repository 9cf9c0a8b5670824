// Property: whatever happens while a client is away, following updates.getDifference from any state it once had
// (through differenceSlice pages) yields exactly the messages of its box it has not seen, in order, and ends at the
// server's state. Random runs of sends, group creations and additions among four people.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeKit, type Kit } from './apiTestKit';
import type { TlObject } from './types';

const PHONES = ['9996610001', '9996610002', '9996610003', '9996610004'];

type Op =
  | { kind: 'pm'; from: number; to: number }
  | { kind: 'group'; from: number; with: number[] }
  | { kind: 'add'; from: number; who: number }
  | { kind: 'groupText'; from: number }
  | { kind: 'checkpoint' };

const person = fc.integer({ min: 0, max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('pm' as const), from: person, to: person }),
  fc.record({
    kind: fc.constant('group' as const),
    from: person,
    with: fc.uniqueArray(person, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('add' as const), from: person, who: person }),
  fc.record({ kind: fc.constant('groupText' as const), from: person }),
  fc.constant({ kind: 'checkpoint' as const }),
);

const key = (i: number) => BigInt(100 + i);

function inputUser(k: Kit, i: number): TlObject {
  const u = k.world.users.byPhone(PHONES[i])!;
  return { _: 'inputUser', user_id: BigInt(u.id), access_hash: u.accessHash };
}

/** Runs one op; rejections with RpcError are fine (e.g. adding someone twice), anything else is not. */
async function apply(k: Kit, o: Op, groups: bigint[], counter: { n: number }): Promise<void> {
  const tolerate = (e: unknown) => {
    if (!(e instanceof Error) || e.name !== 'RpcError') throw e;
  };
  counter.n += 1;
  if (o.kind === 'pm') {
    const to = k.world.users.byPhone(PHONES[o.to])!;
    await k.call(key(o.from), 'messages.sendMessage', {
      peer: { _: 'inputPeerUser', user_id: BigInt(to.id), access_hash: to.accessHash },
      message: `pm${counter.n}`,
      random_id: BigInt(counter.n),
    });
  } else if (o.kind === 'group') {
    const r = (await k
      .call(key(o.from), 'messages.createChat', { users: o.with.map((i) => inputUser(k, i)), title: `g${counter.n}` })
      .catch((e: unknown) => tolerate(e))) as TlObject | undefined;
    if (r) groups.push((r.chats as TlObject[])[0].id as bigint);
  } else if (o.kind === 'add' && groups.length > 0) {
    const chat = groups[counter.n % groups.length];
    await k
      .call(key(o.from), 'messages.addChatUser', { chat_id: chat, user_id: inputUser(k, o.who), fwd_limit: 0 })
      .catch(tolerate);
  } else if (o.kind === 'groupText' && groups.length > 0) {
    const chat = groups[counter.n % groups.length];
    await k
      .call(key(o.from), 'messages.sendMessage', {
        peer: { _: 'inputPeerChat', chat_id: chat },
        message: `gt${counter.n}`,
        random_id: BigInt(counter.n),
      })
      .catch(tolerate);
  }
}

describe('getDifference reconstructs what a client missed', () => {
  it('from every checkpoint, for every person', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const k = makeKit();
        for (let i = 0; i < PHONES.length; i++) await k.signIn(key(i), PHONES[i]);
        const groups: bigint[] = [];
        const counter = { n: 0 };
        const checkpoints: { pts: number; date: number }[][] = [];
        const snapshot = async () => {
          const states: { pts: number; date: number }[] = [];
          for (let i = 0; i < PHONES.length; i++) {
            const st = (await k.call(key(i), 'updates.getState')) as TlObject;
            states.push({ pts: st.pts as number, date: st.date as number });
          }
          checkpoints.push(states);
        };
        await snapshot();
        for (const o of ops) {
          if (o.kind === 'checkpoint') await snapshot();
          else await apply(k, o, groups, counter);
        }
        for (let i = 0; i < PHONES.length; i++) {
          const me = k.world.users.byPhone(PHONES[i])!.id;
          const finalPts = k.world.users.pts(me);
          for (const cp of checkpoints) {
            const start = cp[i];
            const expected = (
              k.world.db
                .prepare('SELECT id FROM messages WHERE owner_id = ? AND pts > ? ORDER BY pts')
                .all(me, start.pts) as { id: number }[]
            ).map((r) => r.id);
            const got: number[] = [];
            let pts = start.pts;
            let date = start.date;
            for (let page = 0; page < 20; page++) {
              const d = (await k.call(key(i), 'updates.getDifference', { pts, date, qts: 0 })) as TlObject;
              if (d._ === 'updates.differenceEmpty') break;
              expect(d._).not.toBe('updates.differenceTooLong');
              got.push(...(d.new_messages as TlObject[]).map((m) => m.id as number));
              const st = (d._ === 'updates.differenceSlice' ? d.intermediate_state : d.state) as TlObject;
              expect(st.pts as number).toBeGreaterThanOrEqual(pts);
              pts = st.pts as number;
              date = st.date as number;
              if (d._ === 'updates.difference') break;
            }
            expect(got).toEqual(expected);
            expect(pts).toBe(finalPts);
          }
        }
        k.close();
      }),
      { numRuns: 25 },
    );
  });
});
