import { describe, expect, it } from 'vitest';
import { floodWaitCountdown, floodWaitSentence, floodWaitStep } from './floodWaitText';

describe('flood wait text', () => {
  it('names the step of each call-related method, and a generic step for others', () => {
    expect(floodWaitStep('phone.joinGroupCall')).toBe('joining the call');
    expect(floodWaitStep('phone.getGroupParticipants')).toBe('loading who is in the call');
    expect(floodWaitStep('phone.inviteToGroupCall')).toBe('sending the invitation');
    expect(floodWaitStep('help.getConfig')).toBe('your last request');
  });

  it('one sentence for several waits, each step once', () => {
    expect(floodWaitSentence(['phone.inviteToGroupCall', 'phone.inviteToGroupCall', 'phone.joinGroupCall'])).toBe(
      'Telegram asked to wait: sending the invitation, joining the call again in',
    );
  });

  it('counts down the longest wait from the given clock, never below 0:00', () => {
    expect(floodWaitCountdown([3_000], 0)).toBe('0:03');
    expect(floodWaitCountdown([3_000], 2_001)).toBe('0:01');
    expect(floodWaitCountdown([3_000, 75_000], 0)).toBe('1:15');
    expect(floodWaitCountdown([3_000], 9_000)).toBe('0:00');
  });
});
