// Reads an Opus packet's duration from its TOC byte (RFC 6716 §3.1): frame size by configuration, frame count by code.

const SILK_MS = [10, 20, 40, 60];
const HYBRID_MS = [10, 20];
const CELT_MS = [2.5, 5, 10, 20];

/** Samples at 48 kHz in one Opus packet, or undefined if the packet is malformed. */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  if (packet.length < 1) return undefined;
  const toc = packet[0];
  const config = toc >> 3;
  const frameMs = config < 12 ? SILK_MS[config & 3] : config < 16 ? HYBRID_MS[config & 1] : CELT_MS[config & 3];
  const code = toc & 3;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 1 || code === 2) frames = 2;
  else {
    if (packet.length < 2) return undefined;
    frames = packet[1] & 0x3f;
    if (frames === 0) return undefined;
  }
  const samples = frames * frameMs * 48;
  return samples > 5_760 ? undefined : samples; // at most 120 ms per packet
}
