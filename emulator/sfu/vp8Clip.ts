// A VP8 clip for a simulated camera: IVF frames read into memory, each cut into RTP payloads (RFC 7741 payload
// descriptor, one byte) and known as key or delta frame, so that a player can send it at wall-clock pace and rewind
// to a keyframe when a receiver asks for one.

import { readFileSync } from 'node:fs';
import { SfuError } from './errors';

/** Largest VP8 payload per RTP packet: with the RTP header, extensions and SRTP tag it stays under a 1200-byte MTU. */
const MAX_PAYLOAD = 1100;
const IVF_SIGNATURE = 'DKIF';
const IVF_HEADER = 32;
const IVF_FRAME_HEADER = 12;

export interface Vp8Frame {
  keyframe: boolean;
  /** The frame's RTP payloads in order, each with its payload descriptor. */
  payloads: Buffer[];
}

export interface Vp8Clip {
  width: number;
  height: number;
  /** Frames per second (IVF rate / scale). */
  fps: number;
  frames: Vp8Frame[];
}

/** Parses an IVF file holding VP8. Throws SfuError 'audio-invalid' (the clip cannot be played) naming the defect. */
export function vp8ClipFromIvf(file: Buffer): Vp8Clip {
  const bad = (detail: string) => new SfuError('audio-invalid', 'ivf', detail);
  if (file.length < IVF_HEADER || file.toString('ascii', 0, 4) !== IVF_SIGNATURE) throw bad('not an IVF file');
  const headerSize = file.readUInt16LE(6);
  if (file.toString('ascii', 8, 12) !== 'VP80') throw bad(`codec ${file.toString('ascii', 8, 12)}, not VP80`);
  const width = file.readUInt16LE(12);
  const height = file.readUInt16LE(14);
  const rate = file.readUInt32LE(16);
  const scale = file.readUInt32LE(20);
  if (rate === 0 || scale === 0) throw bad('no frame rate');
  const frames: Vp8Frame[] = [];
  let at = Math.max(headerSize, IVF_HEADER);
  while (at + IVF_FRAME_HEADER <= file.length) {
    const size = file.readUInt32LE(at);
    const start = at + IVF_FRAME_HEADER;
    if (size === 0 || start + size > file.length) throw bad(`frame ${frames.length} runs past the end`);
    frames.push(vp8Frame(file.subarray(start, start + size)));
    at = start + size;
  }
  if (frames.length === 0 || !frames[0].keyframe) throw bad('the clip does not start with a keyframe');
  return { width, height, fps: rate / scale, frames };
}

export function readVp8ClipFile(path: string): Vp8Clip {
  return vp8ClipFromIvf(readFileSync(path));
}

/** RFC 7741 §4.2: one-byte descriptor, S (start of partition) on the first packet, partition index 0, no extensions. */
function vp8Frame(data: Buffer): Vp8Frame {
  // VP8 frame tag (RFC 6386 §9.1): bit 0 of the first byte is 0 for a keyframe.
  const keyframe = (data[0] & 0x01) === 0;
  const payloads: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += MAX_PAYLOAD) {
    const chunk = data.subarray(offset, Math.min(data.length, offset + MAX_PAYLOAD));
    payloads.push(Buffer.concat([Buffer.from([offset === 0 ? 0x10 : 0x00]), chunk]));
  }
  return { keyframe, payloads };
}
