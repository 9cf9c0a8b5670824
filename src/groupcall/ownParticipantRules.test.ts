import { describe, expect, it } from 'vitest';
import { callParticipantOf } from './callParticipant';
import { ownParticipantAction, type OwnState } from './ownParticipantRules';
import { participant } from './testing/callFixtures';

const me: OwnState = {
  source: 7,
  usedSources: new Set([5, 7]),
  connected: true,
  mute: { muted: false, canSelfUnmute: true, handRaised: false },
};
const own = (source: number, extra = {}) => callParticipantOf(participant('1', source, { self: true, ...extra }));

describe('ownParticipantAction', () => {
  it('left with the current source while connected: rejoin; an older source or not connected: nothing', () => {
    expect(ownParticipantAction(own(7), true, me)).toEqual({ kind: 'rejoin' });
    expect(ownParticipantAction(own(5), true, me)).toEqual({ kind: 'none' });
    expect(ownParticipantAction(own(7), true, { ...me, connected: false })).toEqual({ kind: 'none' });
  });

  it('a source never used: joined elsewhere; an older one of ours: nothing', () => {
    expect(ownParticipantAction(own(9), false, me)).toEqual({ kind: 'joined-elsewhere', source: 9 });
    expect(ownParticipantAction(own(5), false, me)).toEqual({ kind: 'none' });
  });

  it('an admin mute is forced; a plain muted echo keeps the local choice', () => {
    expect(ownParticipantAction(own(7, { muted: true }), false, me)).toEqual({
      kind: 'mute',
      forced: true,
      mute: { muted: true, canSelfUnmute: false, handRaised: false },
    });
    expect(
      ownParticipantAction(own(7, { muted: true, can_self_unmute: true, raise_hand_rating: '5' }), false, me),
    ).toEqual({ kind: 'mute', forced: false, mute: { muted: false, canSelfUnmute: true, handRaised: true } });
  });
});
