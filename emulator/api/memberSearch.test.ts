// channels.getParticipants with channelParticipantsSearch: the invite picker of a big supergroup asks the server for
// members by name as the person types, so the filter must find by name words and username, and count the matches.
import { describe, expect, it } from 'vitest';
import { makeKit } from './apiTestKit';
import { matchesMemberSearch } from './channels';
import type { TlObject } from './types';

describe('member search (channelParticipantsSearch)', () => {
  it('matches each query word against the start of a name word or the username, ignoring case', () => {
    const grace = { firstName: 'Grace', lastName: 'Gupta', username: 'grace_gupta' };
    expect(matchesMemberSearch(grace, 'gr')).toBe(true);
    expect(matchesMemberSearch(grace, 'GUP')).toBe(true);
    expect(matchesMemberSearch(grace, 'grace g')).toBe(true);
    expect(matchesMemberSearch(grace, 'race')).toBe(false);
    expect(matchesMemberSearch(grace, 'grace x')).toBe(false);
    expect(matchesMemberSearch({ firstName: 'Ivan', lastName: '', username: null }, '  ')).toBe(true);
    expect(matchesMemberSearch(undefined, 'a')).toBe(false);
  });

  it('answers only the matching members of @tgcall_demo, with their count, and none for bots', async () => {
    const k = makeKit();
    await k.signIn(1n, '9996610001');
    const demo = k.world.channels.byUsername('tgcall_demo')!;
    const channel = { _: 'inputChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash };
    const ask = async (filter: TlObject) =>
      (await k.call(1n, 'channels.getParticipants', { channel, filter, offset: 0, limit: 100, hash: 0n })) as TlObject;
    const all = await ask({ _: 'channelParticipantsRecent' });
    const found = await ask({ _: 'channelParticipantsSearch', q: 'gr' });
    expect(found.users).toMatchObject([{ first_name: 'Grace', last_name: 'Gupta' }]);
    expect(found.count).toBe(1);
    expect((found.participants as TlObject[]).length).toBe(1);
    expect((all.count as number) > 1).toBe(true);
    expect((await ask({ _: 'channelParticipantsSearch', q: '' })).count).toBe(all.count);
    expect((await ask({ _: 'channelParticipantsSearch', q: 'nobody here' })).count).toBe(0);
    expect((await ask({ _: 'channelParticipantsBots' })).count).toBe(0);
  });
});
