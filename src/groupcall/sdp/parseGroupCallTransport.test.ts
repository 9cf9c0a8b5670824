import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGroupCallTransport } from './parseGroupCallTransport';
import { readJsonFixture } from './readFixture';
import { SdpError, TransportJsonError } from './sdpError';
import { isStreamTransport } from './types';

const valid = (): Record<string, unknown> => JSON.parse(readJsonFixture('transport-audio')) as Record<string, unknown>;

/** Sets `path` (dot/index path) in a copy of the valid transport; `undefined` deletes the field. */
function mutated(path: (string | number)[], value: unknown): string {
  const root = valid();
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return JSON.stringify(root);
}

describe('parseGroupCallTransport', () => {
  it('reads the documented shape, candidate fields as strings', () => {
    const t = parseGroupCallTransport(readJsonFixture('transport-audio'));
    if (isStreamTransport(t)) throw new Error('not a stream');
    expect(t.transport.ufrag).toBe('Zk3f');
    expect(t.transport.candidates[0]).toMatchObject({ port: '32000', priority: '2130706431', component: '1', ip: '91.108.9.1' });
    expect(t.audio['payload-types'][0]).toEqual({
      id: 111, name: 'opus', clockrate: 48000, channels: 2, parameters: { minptime: '10', useinbandfec: '1' }, 'rtcp-fbs': [{ type: 'transport-cc' }],
    });
    expect(t.audio['rtp-hdrexts'].map((e) => e.id)).toEqual([1, 3]);
    expect(t.video).toBeUndefined();
  });

  it('reads video: endpoint, rtx, server_sources', () => {
    const t = parseGroupCallTransport(readJsonFixture('transport-odd-numbers-video'));
    if (isStreamTransport(t)) throw new Error('not a stream');
    expect(t.video?.endpoint).toBe('0b7ac1e4');
    expect(t.video?.['payload-types'][1]).toEqual({ id: 102, name: 'rtx', clockrate: 90000, parameters: { apt: '101' } });
    expect(t.video?.server_sources).toEqual([-1294836121]);
    expect(t.transport.candidates[1]).toMatchObject({ 'rel-addr': '203.0.113.7', 'rel-port': '41000' });
  });

  it('stream calls', () => {
    expect(parseGroupCallTransport('{"stream": true}')).toEqual({ stream: true });
    expect(parseGroupCallTransport('{"stream": true, "rtmp": true}')).toEqual({ stream: true, rtmp: true });
    expect(isStreamTransport(parseGroupCallTransport('{"stream":true}'))).toBe(true);
  });

  it('numbers in candidate fields are accepted and kept as decimal strings', () => {
    const t = parseGroupCallTransport(mutated(['transport', 'candidates', 0, 'port'], 32000));
    if (isStreamTransport(t)) throw new Error('not a stream');
    expect(t.transport.candidates[0].port).toBe('32000');
  });

  it.each([
    ['not JSON', '{', '(json)'],
    ['an array', '[]', '(root)'],
    ['stream false', '{"stream": false}', 'stream'],
    ['no transport', mutated(['transport'], undefined), 'transport'],
    ['no ufrag', mutated(['transport', 'ufrag'], undefined), 'transport.ufrag'],
    ['empty pwd', mutated(['transport', 'pwd'], ''), 'transport.pwd'],
    ['no fingerprints', mutated(['transport', 'fingerprints'], []), 'transport.fingerprints'],
    ['bad setup', mutated(['transport', 'fingerprints', 0, 'setup'], 'server'), 'transport.fingerprints[0].setup'],
    ['bad fingerprint', mutated(['transport', 'fingerprints', 0, 'fingerprint'], 'xyz'), 'transport.fingerprints[0].fingerprint'],
    ['candidates not an array', mutated(['transport', 'candidates'], {}), 'transport.candidates'],
    ['port not decimal', mutated(['transport', 'candidates', 0, 'port'], 'eighty'), 'transport.candidates[0].port'],
    ['port too large', mutated(['transport', 'candidates', 1, 'port'], '70000'), 'transport.candidates[1].port'],
    ['no ip', mutated(['transport', 'candidates', 0, 'ip'], undefined), 'transport.candidates[0].ip'],
    ['no audio', mutated(['audio'], undefined), 'audio'],
    ['no payload types', mutated(['audio', 'payload-types'], []), 'audio.payload-types'],
    ['payload type 300', mutated(['audio', 'payload-types', 0, 'id'], 300), 'audio.payload-types[0].id'],
    ['payload type as string', mutated(['audio', 'payload-types', 0, 'id'], '111'), 'audio.payload-types[0].id'],
    ['no codec name', mutated(['audio', 'payload-types', 0, 'name'], undefined), 'audio.payload-types[0].name'],
    ['bad parameter', mutated(['audio', 'payload-types', 0, 'parameters', 'minptime'], {}), 'audio.payload-types[0].parameters.minptime'],
    ['rtcp-fb without type', mutated(['audio', 'payload-types', 0, 'rtcp-fbs', 0], {}), 'audio.payload-types[0].rtcp-fbs[0].type'],
    ['extension id 0', mutated(['audio', 'rtp-hdrexts', 0, 'id'], 0), 'audio.rtp-hdrexts[0].id'],
    ['duplicate extension id', mutated(['audio', 'rtp-hdrexts', 1, 'id'], 1), 'audio.rtp-hdrexts'],
    ['video without endpoint', mutated(['video'], { 'payload-types': [{ id: 100, name: 'VP8', clockrate: 90000 }], 'rtp-hdrexts': [], server_sources: [] }), 'video.endpoint'],
  ])('%s → TransportJsonError at %s', (_, json, field) => {
    const attempt = () => parseGroupCallTransport(json);
    expect(attempt).toThrow(TransportJsonError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'transport-json-invalid', input: 'transport', field }));
  });

  it('fuzz: any JSON value either parses or throws a TransportJsonError, never anything else', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      try {
        parseGroupCallTransport(JSON.stringify(value));
      } catch (error) {
        expect(error).toBeInstanceOf(TransportJsonError);
        expect(error).toBeInstanceOf(SdpError);
      }
    }), { numRuns: 500 });
  });

  it('fuzz: replacing any one leaf of a valid transport gives a valid transport or a TransportJsonError', () => {
    const leaves: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
      else leaves.push(path);
    };
    walk(valid(), []);
    fc.assert(fc.property(fc.constantFrom(...leaves), fc.jsonValue(), (path, value) => {
      try {
        parseGroupCallTransport(mutated(path, value));
      } catch (error) {
        expect(error).toBeInstanceOf(TransportJsonError);
      }
    }), { numRuns: 500 });
  });
});
