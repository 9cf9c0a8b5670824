// Turns the browser's local offer into `phone.joinGroupCall.params`: ICE credentials, DTLS fingerprints (the browser is
// the DTLS client: setup "active"), the audio SSRC of the first sending audio m-line as a signed int32, its ssrc-groups.

import { parse, type MediaDescription } from 'sdp-transform';
import { fingerprintsOfSdp } from './fingerprintsOfSdp';
import { isRejectedSection } from './isRejectedSection';
import { OfferError } from './sdpError';
import { toSignedSsrc } from './ssrc';
import type { JoinPayload, SsrcGroup } from './types';

const SENDING = new Set(['sendrecv', 'sendonly']);

export function joinPayloadFromOffer(offerSdp: string): JoinPayload {
  if (typeof offerSdp !== 'string' || !offerSdp.startsWith('v='))
    throw new OfferError('v=', 'not an SDP (no "v=" line first)');
  const session = parse(offerSdp);
  const media = session.media ?? [];
  const audioIndex = media.findIndex(
    (m) => m.type === 'audio' && !isRejectedSection(m) && SENDING.has(m.direction ?? 'sendrecv'),
  );
  if (audioIndex < 0) throw new OfferError('m=audio', 'no sending audio m-line (sendrecv or sendonly, not rejected)');
  const audio = media[audioIndex];
  const where = audio.mid === undefined ? `m-line ${audioIndex}` : `mid ${audio.mid}`;

  // sdp-transform turns values that look like integers into numbers: an all-digit ufrag ("2164") would come out as one.
  const ufrag = textOf(audio.iceUfrag ?? session.iceUfrag);
  if (!ufrag) throw new OfferError('a=ice-ufrag', `missing at session level and in ${where}`);
  const pwd = textOf(audio.icePwd ?? session.icePwd);
  if (!pwd) throw new OfferError('a=ice-pwd', `missing at session level and in ${where}`);

  const fingerprints = fingerprintsOfSdp(offerSdp);
  const ownFingerprints = fingerprints.media[audioIndex]?.length
    ? fingerprints.media[audioIndex]
    : fingerprints.session;
  if (ownFingerprints.length === 0) throw new OfferError('a=fingerprint', `missing at session level and in ${where}`);

  const ssrc = firstSsrc(audio, where);
  return {
    ufrag,
    pwd,
    fingerprints: ownFingerprints.map((f) => ({ hash: f.hash, setup: 'active', fingerprint: f.fingerprint })),
    ssrc: toSignedSsrc(ssrc),
    'ssrc-groups': ssrcGroupsOf(media),
  };
}

function textOf(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function firstSsrc(audio: MediaDescription, where: string): number {
  const first = audio.ssrcs?.[0];
  if (first === undefined) throw new OfferError('a=ssrc', `no SSRC in ${where}`);
  const ssrc = Number(first.id);
  if (!Number.isInteger(ssrc) || ssrc < 0 || ssrc >= 2 ** 32)
    throw new OfferError('a=ssrc', `"${first.id}" in ${where} is not an SSRC`);
  return ssrc;
}

/** `a=ssrc-group` lines (FID, SIM) of sending m-lines, in order; audio has none in browsers, video has FID/SIM. */
function ssrcGroupsOf(media: MediaDescription[]): SsrcGroup[] {
  const groups: SsrcGroup[] = [];
  for (const m of media) {
    if (isRejectedSection(m) || !SENDING.has(m.direction ?? 'sendrecv')) continue;
    for (const g of m.ssrcGroups ?? []) {
      const sources = String(g.ssrcs)
        .trim()
        .split(/\s+/)
        .map((s) => {
          const n = Number(s);
          if (!/^\d+$/.test(s) || n >= 2 ** 32)
            throw new OfferError('a=ssrc-group', `"${s}" in ${g.semantics} group is not an SSRC`);
          return toSignedSsrc(n);
        });
      groups.push({ semantics: g.semantics, sources });
    }
  }
  return groups;
}
