// The library drops conditional fields holding false / 0; with the fix they reach the wire. Checked by decoding the
// library's own bytes with the server's schema-driven codec (an independent reader of layer 158).
import { describe, expect, it } from 'vitest';
import builderMap from '@mtproto/core/src/tl/builder/index.js';
import Serializer from '@mtproto/core/src/tl/serializer/index.js';
import { decodeBytes } from '../../emulator/tl/codec';
import { installFalsyFlagsFix, PresentValue, withPresentFalsyFlags } from './falsyFlagsFix';

const call = { _: 'inputGroupCall', id: '1', access_hash: '2' };
const self = { _: 'inputPeerSelf' };

function wire(method: string, params: Record<string, unknown>): Record<string, unknown> {
  const build = builderMap[method];
  return decodeBytes(new Serializer(build, params).getBytes());
}

describe('conditional false / 0 fields', () => {
  it('the library alone drops muted: false (the defect this mends)', () => {
    const decoded = wire('phone.editGroupCallParticipant', { call, participant: self, muted: false });
    expect(decoded.muted).toBeUndefined();
  });

  it('with the fix, muted: false and raise_hand: false are sent; true and absent stay as they were', () => {
    installFalsyFlagsFix();
    const sent = withPresentFalsyFlags('phone.editGroupCallParticipant', {
      call,
      participant: self,
      muted: false,
      raise_hand: false,
    });
    const decoded = wire('phone.editGroupCallParticipant', sent);
    expect(decoded).toMatchObject({ _: 'phone.editGroupCallParticipant', muted: false, raise_hand: false });
    expect(decoded.volume).toBeUndefined();
    expect(
      wire(
        'phone.editGroupCallParticipant',
        withPresentFalsyFlags('phone.editGroupCallParticipant', { call, participant: self, muted: true }),
      ).muted,
    ).toBe(true);
  });

  it('leaves `true`-type flags alone: muted: false on joinGroupCall means "not muted", not a present flag', () => {
    installFalsyFlagsFix();
    const params = { call, join_as: self, muted: false, params: { _: 'dataJSON', data: '{}' } };
    const sent = withPresentFalsyFlags('phone.joinGroupCall', params);
    expect(sent.muted).toBe(false);
    expect(wire('phone.joinGroupCall', sent).muted).toBe(false); // the codec reads an absent true-flag as false
  });

  it('wraps nested TL objects by their constructor and never mutates the caller’s params', () => {
    const settings = { _: 'inputPeerNotifySettings', silent: false, mute_until: 0 };
    const params = { peer: { _: 'inputNotifyPeer', peer: self }, settings };
    const sent = withPresentFalsyFlags('account.updateNotifySettings', params);
    expect((sent.settings as Record<string, unknown>).silent).toBeInstanceOf(PresentValue);
    expect((sent.settings as Record<string, unknown>).mute_until).toBeInstanceOf(PresentValue);
    expect(settings.silent).toBe(false);
    expect(sent).not.toBe(params);
    installFalsyFlagsFix();
    const decoded = wire('account.updateNotifySettings', sent);
    expect(decoded.settings).toMatchObject({ silent: false, mute_until: 0 });
  });
});
