// The demo's calls, written once per data dir (meta key calls_seeded_at): "Morning chat" going on in @tgcall_demo,
// a Book Club call scheduled for tomorrow, and "Late-night talk" going on (nobody in it) in the private supergroup
// Night Owls, reached through its invite link. Bob and Carol talk in the demo call as simulated speakers (Bob with a
// simulated camera), re-added at every start (their media lives in the SFU, which a restart empties).
import { BOOK_CLUB_TITLE, DEMO_GROUP_USERNAME, NIGHT_OWLS_INVITE_HASH, SEED_PEOPLE } from '../world/seed';
import type { CallRow } from './callStore';
import type { GroupCalls } from './groupCalls';

const META_SEEDED = 'calls_seeded_at';
const META_DEMO_CALL = 'calls_demo_call_id';
export const DEMO_CALL_TITLE = 'Morning chat';
export const BOOK_CLUB_CALL_TITLE = 'Book Club: The Left Hand of Darkness';
export const NIGHT_OWLS_CALL_TITLE = 'Late-night talk';

const personId = (calls: GroupCalls, index: number): number | undefined => {
  const p = SEED_PEOPLE[index];
  return p ? calls.world.users.byPhone(p.phone)?.id : undefined;
};

/** Creates the demo calls if this data dir has the seeded world and no calls seed yet. Returns true if it seeded. */
export function seedDemoCalls(calls: GroupCalls): boolean {
  const world = calls.world;
  if (world.getMeta(META_SEEDED) !== undefined) return false;
  const alice = personId(calls, 0);
  const demo = world.channels.byUsername(DEMO_GROUP_USERNAME);
  if (alice === undefined || !demo) return false; // not the seeded world (a test's own): nothing to add to
  const now = world.now();
  const { call } = calls.create(
    now - 10 * 60,
    alice,
    { type: 'channel', id: demo.id },
    { randomId: 1, title: DEMO_CALL_TITLE, scheduleDate: null, rtmp: false },
  );
  const bookClub = world.chats.ofUser(alice).find((id) => world.chats.get(id)?.title === BOOK_CLUB_TITLE);
  if (bookClub !== undefined) {
    calls.create(
      now,
      alice,
      { type: 'chat', id: bookClub },
      { randomId: 2, title: BOOK_CLUB_CALL_TITLE, scheduleDate: now + 24 * 3600, rtmp: false },
    );
  }
  // After the demo call, so that the demo call stays the first live channel call (the e2e chat-list test picks it so).
  const owls = world.chatInvites.get(NIGHT_OWLS_INVITE_HASH)?.peer;
  if (owls?.type === 'channel' && world.channels.get(owls.id)) {
    calls.create(now - 20 * 60, alice, owls, {
      randomId: 3,
      title: NIGHT_OWLS_CALL_TITLE,
      scheduleDate: null,
      rtmp: false,
    });
  }
  world.setMeta(META_DEMO_CALL, String(call.id));
  world.setMeta(META_SEEDED, String(now));
  return true;
}

/** The demo call, while it goes on. */
export function demoCall(calls: GroupCalls): CallRow | undefined {
  const id = Number(calls.world.getMeta(META_DEMO_CALL) ?? NaN);
  const call = Number.isFinite(id) ? calls.store.get(id) : undefined;
  return call && call.discardedAt === null && call.scheduleDate === null ? call : undefined;
}

/** Bob and Carol join the demo call as simulated speakers (if it still goes on); Bob with his camera on. */
export function startDemoSpeakers(calls: GroupCalls): number {
  const call = demoCall(calls);
  const speakers = [personId(calls, 1), personId(calls, 2)].filter((id): id is number => id !== undefined);
  if (!call || speakers.length === 0) return 0;
  return calls.addSimulatedSpeakers(calls.world.now(), call, speakers, { cameras: 1 }).length;
}
