// ReceiverVideoConstraints as the SFU reads them: what tgcalls and the engine send, defaults, and messages it ignores.
import { describe, expect, it } from 'vitest';
import { receiverVideoConstraints, wantedVideoQualities } from '../../src/groupcall/receiverVideoConstraints';
import { receiverConstraintsOf, wantsVideo } from './videoConstraints';

describe('receiverConstraintsOf / wantsVideo', () => {
  it("reads the engine's message: the named endpoints at their heights, nothing else, the stage", () => {
    const message = receiverVideoConstraints(wantedVideoQualities(['user:1', 'user:2'], 'user:2'), ['user:2']);
    const c = receiverConstraintsOf(message);
    expect(c).toEqual({
      heights: new Map([
        ['user:1', 360],
        ['user:2', 720],
      ]),
      defaultHeight: 0,
      onStage: ['user:2'],
    });
    expect(wantsVideo(c, 'user:1')).toBe(true);
    expect(wantsVideo(c, 'user:3')).toBe(false);
  });

  it('maxHeight 0 for an endpoint withholds it; a default above 0 lets every unnamed endpoint through', () => {
    const c = receiverConstraintsOf(
      JSON.stringify({
        colibriClass: 'ReceiverVideoConstraints',
        constraints: { a: { maxHeight: 0 } },
        defaultConstraints: { maxHeight: 180 },
      }),
    );
    expect(wantsVideo(c, 'a')).toBe(false);
    expect(wantsVideo(c, 'b')).toBe(true);
  });

  it('before any message everything goes through; other classes and malformed messages are not constraints', () => {
    expect(wantsVideo(null, 'x')).toBe(true);
    for (const m of [
      'not json',
      '[]',
      JSON.stringify({ colibriClass: 'EndpointMessage' }),
      JSON.stringify({ colibriClass: 'ReceiverVideoConstraints', constraints: { a: { maxHeight: 'high' } } }),
      JSON.stringify({ colibriClass: 'ReceiverVideoConstraints', constraints: [] }),
    ]) {
      expect(receiverConstraintsOf(m), m).toBeNull();
    }
  });
});
