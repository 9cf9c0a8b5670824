// The join-as step over the fake backend: whom to offer (the saved default first) and the picker's label of each kind.
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../testing/fakeBackend';
import { joinAsLabel, joinAsOffer } from './joinAsChoice';

describe('join-as choice', () => {
  it('offers the person, their channel and their supergroup, each labelled by kind', async () => {
    const backend = createFakeBackend({
      joinAs: {
        options: [
          { peerId: 'user:1', title: 'Alice Archer', isSelf: true, kind: 'self' },
          { peerId: 'channel:20', title: 'tgcall news', isSelf: false, kind: 'channel' },
          { peerId: 'channel:30', title: 'tgcall demo', isSelf: false, kind: 'group' },
        ],
        defaultPeerId: 'channel:30',
      },
    });
    const offer = await joinAsOffer(backend, 'channel:30');
    expect(offer?.selected).toBe('channel:30');
    expect(offer?.options.map((o) => `${o.title} · ${joinAsLabel(o)}`)).toEqual([
      'Alice Archer · personal account',
      'tgcall news · channel',
      'tgcall demo · group',
    ]);
  });

  it('no picker when the person can only join as themselves', async () => {
    const backend = createFakeBackend({
      joinAs: {
        options: [{ peerId: 'user:1', title: 'Alice Archer', isSelf: true, kind: 'self' }],
        defaultPeerId: null,
      },
    });
    expect(await joinAsOffer(backend, 'channel:30')).toBeNull();
  });
});
