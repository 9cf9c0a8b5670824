// SSRC simulcast as tgcalls and Web K send it: the browser's one-layer video m-line (one FID group [video, rtx]) gets two
// more layers — `a=ssrc-group:SIM p1 p2 p3` and an FID group per layer, each new SSRC declared with the first one's cname
// and msid — before setLocalDescription. Chromium then gives the sender three encodings (measured, Chromium 156):
// rid-based simulcast has no SSRCs and cannot fill Telegram's ssrc-groups. Layers go lowest first (180 / 360 / 720).

import { parse, write, type MediaDescription } from 'sdp-transform';
import { OfferError } from './sdpError';

export const SIMULCAST_LAYERS = 3;

/** `freshSsrc` gives candidates (unsigned, non-zero); ones already in the SDP are skipped. */
export function withSimulcastLayers(offerSdp: string, freshSsrc: () => number): string {
  const session = parse(offerSdp);
  const video = (session.media ?? []).find(
    (m) => m.type === 'video' && m.port !== 0 && (m.ssrcGroups ?? []).some((g) => g.semantics === 'FID'),
  );
  if (video === undefined) throw new OfferError('m=video', 'no live video m-line with an FID group to add layers to');
  if ((video.ssrcGroups ?? []).some((g) => g.semantics === 'SIM')) return offerSdp;
  const fid = (video.ssrcGroups ?? []).find((g) => g.semantics === 'FID')!;
  const [primary, rtx] = String(fid.ssrcs).trim().split(/\s+/).map(Number);
  if (primary === undefined || rtx === undefined) throw new OfferError('a=ssrc-group', 'FID group without two SSRCs');
  const used = new Set((session.media ?? []).flatMap((m) => (m.ssrcs ?? []).map((s) => Number(s.id))));
  const next = (): number => {
    for (let i = 0; i < 1000; i++) {
      const s = freshSsrc() >>> 0;
      if (s !== 0 && !used.has(s)) {
        used.add(s);
        return s;
      }
    }
    throw new OfferError('a=ssrc', 'no fresh SSRC for a simulcast layer');
  };
  const layers: [number, number][] = [[primary, rtx]];
  while (layers.length < SIMULCAST_LAYERS) layers.push([next(), next()]);
  const attributes = (video.ssrcs ?? []).filter((s) => Number(s.id) === primary);
  const ssrcs: NonNullable<MediaDescription['ssrcs']> = [...(video.ssrcs ?? [])];
  for (const [p, r] of layers.slice(1)) {
    for (const id of [p, r])
      for (const a of attributes)
        ssrcs.push({ id, attribute: a.attribute, ...(a.value === undefined ? {} : { value: a.value }) });
  }
  video.ssrcs = ssrcs;
  video.ssrcGroups = [
    { semantics: 'SIM', ssrcs: layers.map(([p]) => p).join(' ') },
    ...layers.map(([p, r]) => ({ semantics: 'FID', ssrcs: `${p} ${r}` })),
  ];
  return write(session);
}
