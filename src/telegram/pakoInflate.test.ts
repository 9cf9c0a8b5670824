// The pako stand-in inflates what zlib deflates (gzip, zlib, raw), byte for byte, as pako does, and refuses damaged data.
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflate } from './pakoInflate';

const sample = new TextEncoder().encode('gzip_packed answers: '.repeat(500) + 'the end');

describe('pakoInflate', () => {
  it('inflates gzip, zlib and raw deflate like pako', () => {
    expect(inflate(gzipSync(sample))).toEqual(sample);
    expect(inflate(deflateSync(sample))).toEqual(sample);
    expect(inflate(deflateRawSync(sample))).toEqual(sample);
    for (const packed of [gzipSync(sample), deflateSync(sample), deflateRawSync(sample)]) {
      expect(inflate(packed).buffer.byteLength, 'the result owns its buffer').toBe(sample.length);
    }
  });

  it('throws on damaged data', () => {
    const damaged = gzipSync(sample).slice(0, 40);
    expect(() => inflate(damaged)).toThrow();
  });
});
