// Every later remote description: an offer written from the server's numbers (Web A's way), which the browser answers.
// The browser's own m-lines keep their place (recvonly on the server's side); each remote source gets a sendonly m-line.

import { localSectionForOffer, remoteSection } from './mediaSections';
import { remoteSessionDescription, type SdpOrigin } from './remoteSessionDescription';
import type { RemoteSourceTable } from './remoteSourceTable';
import type { RtcGroupCallTransport } from './types';

export function serverOfferFromTransport(
  transport: RtcGroupCallTransport,
  table: RemoteSourceTable,
  origin: SdpOrigin,
): string {
  const media = table.slots.map((slot) =>
    slot.owner === 'local' ? localSectionForOffer(transport, slot) : remoteSection(transport, slot),
  );
  // An offer says actpass (RFC 8842 §5.2, JSEP); the browser, already the DTLS client since the first answer, answers
  // active and keeps its DTLS association (measured in Chromium 156; "passive" is accepted by Chromium too).
  for (const m of media) if (m.setup !== undefined) m.setup = 'actpass';
  return remoteSessionDescription(transport, origin, media);
}
