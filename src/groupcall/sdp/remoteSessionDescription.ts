// Assembles m-sections into the remote session description: ICE-lite, one BUNDLE group of every live mid, the server's
// candidates on the BUNDLE-tag m-line, and an origin whose version the caller increments per description.

import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { candidateFields } from './transportSdpFields';
import type { RtcGroupCallTransport } from './types';

/** `o=` of the remote side: one session id per connection, a version that grows with each description. */
export interface SdpOrigin {
  sessionId: string;
  sessionVersion: number;
}

export function remoteSessionDescription(
  transport: RtcGroupCallTransport,
  origin: SdpOrigin,
  media: MediaDescription[],
): string {
  const bundled = media.filter((m) => m.port !== 0 && m.mid !== undefined);
  const tag = bundled[0];
  if (tag !== undefined) tag.candidates = candidateFields(transport);
  const session: SessionDescription = {
    version: 0,
    origin: {
      username: '-',
      sessionId: origin.sessionId,
      sessionVersion: origin.sessionVersion,
      netType: 'IN',
      ipVer: 4,
      address: '127.0.0.1',
    },
    name: '-',
    timing: { start: 0, stop: 0 },
    // Telegram's media servers, like our werift stand-in, are ICE-lite: the browser is the controlling agent.
    icelite: 'ice-lite',
    groups: bundled.length > 0 ? [{ type: 'BUNDLE', mids: bundled.map((m) => String(m.mid)).join(' ') }] : [],
    msidSemantic: { semantic: 'WMS', token: '*' },
    media,
  };
  return write(session);
}
