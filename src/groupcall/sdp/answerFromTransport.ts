// The first remote description of a connection: the server's answer to the browser's own offer (the one whose ICE
// credentials, fingerprint and SSRC went into phone.joinGroupCall), written from the transport JSON.

import { parse } from 'sdp-transform';
import { localSectionForAnswer, remoteSection } from './mediaSections';
import { remoteSessionDescription, type SdpOrigin } from './remoteSessionDescription';
import { remoteSourceTableFromOffer, withLocalOffer, type RemoteSourceTable } from './remoteSourceTable';
import { OfferError } from './sdpError';
import type { RtcGroupCallTransport } from './types';

/**
 * Answers every m-line of `offerSdp` in order. The browser's own m-lines get the server's codecs and extensions that it
 * offered (server numbers), direction recvonly; stopped ones port 0. If `table` already holds remote m-lines (a later
 * offer by the browser), those are answered as the table says. Returns the SDP and the table lined up with the offer.
 */
export function answerFromTransport(
  offerSdp: string,
  transport: RtcGroupCallTransport,
  origin: SdpOrigin,
  table?: RemoteSourceTable,
): { sdp: string; table: RemoteSourceTable } {
  if (typeof offerSdp !== 'string' || !offerSdp.startsWith('v='))
    throw new OfferError('v=', 'not an SDP (no "v=" line first)');
  const lined = table === undefined ? remoteSourceTableFromOffer(offerSdp) : withLocalOffer(table, offerSdp);
  const offered = parse(offerSdp).media ?? [];
  const media = offered.map((m, i) => {
    const slot = lined.slots[i];
    return slot?.owner === 'remote' ? remoteSection(transport, slot, m) : localSectionForAnswer(transport, m, i);
  });
  return { sdp: remoteSessionDescription(transport, origin, media), table: lined };
}
