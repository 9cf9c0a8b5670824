// Reads every `a=fingerprint` line of an SDP, at session level and per m-section.
// sdp-transform keeps only the last fingerprint of a section, and RFC 8122 allows several (one per hash function).

export interface SdpFingerprint {
  hash: string; // "sha-256"
  fingerprint: string; // "AB:CD:…"
}

export interface FingerprintsBySection {
  session: SdpFingerprint[];
  /** One entry per m-line, in m-line order. */
  media: SdpFingerprint[][];
}

const FINGERPRINT_LINE = /^a=fingerprint:(\S+) (\S+)\s*$/;

export function fingerprintsOfSdp(sdp: string): FingerprintsBySection {
  const result: FingerprintsBySection = { session: [], media: [] };
  let current = result.session;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      current = [];
      result.media.push(current);
      continue;
    }
    const match = FINGERPRINT_LINE.exec(line);
    if (match) current.push({ hash: match[1].toLowerCase(), fingerprint: match[2].toUpperCase() });
  }
  return result;
}
