// A small Ogg demuxer (RFC 3533): splits a file into pages (checking capture pattern, version and CRC) and reassembles the
// packets of its single logical stream, including packets that span pages.

import { SfuError } from './errors';

const CAPTURE = 0x5367674f; // "OggS" read little-endian
const HEADER_BYTES = 27;
const FLAG_CONTINUED = 0x01;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let b = 0; b < 8; b++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** Ogg's CRC-32 (polynomial 0x04c11db7, no reflection, initial 0) of a page whose CRC field is zeroed. */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]) & 0xff]) >>> 0;
  return crc;
}

/** The packets of the one logical stream in `file`, in order. */
export function oggPackets(file: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let serial: number | undefined;
  let offset = 0;
  let pageIndex = 0;
  while (offset < file.length) {
    const at = `page ${pageIndex} (byte ${offset})`;
    if (file.length - offset < HEADER_BYTES) throw new SfuError('audio-invalid', at, 'truncated page header');
    if (file.readUInt32LE(offset) !== CAPTURE) throw new SfuError('audio-invalid', at, 'no "OggS" capture pattern');
    if (file[offset + 4] !== 0) throw new SfuError('audio-invalid', at, `stream structure version ${file[offset + 4]}`);
    const flags = file[offset + 5];
    const pageSerial = file.readUInt32LE(offset + 14);
    if (serial === undefined) serial = pageSerial;
    else if (pageSerial !== serial) throw new SfuError('audio-invalid', at, 'more than one logical stream');
    const segments = file[offset + 26];
    const bodyStart = offset + HEADER_BYTES + segments;
    if (bodyStart > file.length) throw new SfuError('audio-invalid', at, 'truncated lacing table');
    let bodyLength = 0;
    for (let i = 0; i < segments; i++) bodyLength += file[offset + HEADER_BYTES + i];
    const end = bodyStart + bodyLength;
    if (end > file.length) throw new SfuError('audio-invalid', at, 'truncated page body');

    const page = Buffer.from(file.subarray(offset, end));
    const expected = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    if (oggCrc(page) !== expected) throw new SfuError('audio-invalid', at, 'CRC mismatch');
    if ((flags & FLAG_CONTINUED) === 0 && pending.length > 0)
      throw new SfuError('audio-invalid', at, 'a packet was cut off');
    if ((flags & FLAG_CONTINUED) !== 0 && pending.length === 0) {
      throw new SfuError('audio-invalid', at, 'continues a packet that never began');
    }

    let segmentStart = bodyStart;
    for (let i = 0; i < segments; i++) {
      const lacing = file[offset + HEADER_BYTES + i];
      pending.push(file.subarray(segmentStart, segmentStart + lacing));
      segmentStart += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = end;
    pageIndex++;
  }
  if (pending.length > 0) throw new SfuError('audio-invalid', 'end of file', 'the last packet is unfinished');
  return packets;
}
