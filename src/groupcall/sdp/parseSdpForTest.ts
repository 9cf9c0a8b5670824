// Test helper: parses a produced SDP with sdp-transform, turning the ids it reads as numbers (mids, BUNDLE lists,
// session id) back into the strings they are, so tests compare fields, never raw text.

import { parse, type MediaDescription, type SessionDescription } from 'sdp-transform';

export interface ParsedSdp extends Omit<SessionDescription, 'media'> {
  media: MediaDescription[];
}

export function parseSdpForTest(sdp: string): ParsedSdp {
  const session = parse(sdp);
  return {
    ...session,
    origin: { ...session.origin, sessionId: String(session.origin.sessionId) },
    groups: session.groups?.map((g) => ({ ...g, mids: String(g.mids) })),
    media: session.media.map((m) => (m.mid === undefined ? m : { ...m, mid: String(m.mid) })),
  };
}
