import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGroupCallTransport, TGCALLS_DEFAULT_AUDIO, type TransportJsonIssue } from './parseGroupCallTransport';
import { readJsonFixture } from './readFixture';
import { SdpError, TransportJsonError } from './sdpError';
import { isStreamTransport, type RtcGroupCallTransport } from './types';

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

function rtc(json: string, onIgnored?: (issue: TransportJsonIssue) => void): RtcGroupCallTransport {
  const t = parseGroupCallTransport(json, { onIgnored });
  if (isStreamTransport(t)) throw new Error('a stream transport');
  return t;
}

/** Parses and collects what was skipped, as "field: detail". */
function withIssues(json: string): { t: RtcGroupCallTransport; issues: string[] } {
  const issues: string[] = [];
  const t = rtc(json, (issue) => issues.push(`${issue.field}: ${issue.detail}`));
  return { t, issues };
}

describe('parseGroupCallTransport', () => {
  it('reads the documented shape, candidate fields as strings', () => {
    const t = parseGroupCallTransport(readJsonFixture('transport-audio'));
    if (isStreamTransport(t)) throw new Error('not a stream');
    expect(t.transport.ufrag).toBe('Zk3f');
    expect(t.transport.candidates[0]).toMatchObject({
      port: '32000',
      priority: '2130706431',
      component: '1',
      ip: '91.108.9.1',
    });
    expect(t.audio['payload-types'][0]).toEqual({
      id: 111,
      name: 'opus',
      clockrate: 48000,
      channels: 2,
      parameters: { minptime: '10', useinbandfec: '1' },
      'rtcp-fbs': [{ type: 'transport-cc' }],
    });
    expect(t.audio['rtp-hdrexts'].map((e) => e.id)).toEqual([1, 3]);
    expect(t.video).toBeUndefined();
  });

  it('reads video: endpoint, rtx, server_sources', () => {
    const t = parseGroupCallTransport(readJsonFixture('transport-odd-numbers-video'));
    if (isStreamTransport(t)) throw new Error('not a stream');
    expect(t.video?.endpoint).toBe('0b7ac1e4');
    expect(t.video?.['payload-types'][1]).toEqual({
      id: 102,
      name: 'rtx',
      clockrate: 90000,
      parameters: { apt: '101' },
    });
    expect(t.video?.server_sources).toEqual([-1294836121]);
    expect(t.transport.candidates[1]).toMatchObject({ 'rel-addr': '203.0.113.7', 'rel-port': '41000' });
  });

  it('stream calls; "stream": false is a WebRTC transport (tdesktop reads the flag as a bool)', () => {
    expect(parseGroupCallTransport('{"stream": true}')).toEqual({ stream: true });
    expect(parseGroupCallTransport('{"stream": true, "rtmp": true}')).toEqual({ stream: true, rtmp: true });
    expect(parseGroupCallTransport('{"stream": true, "rtmp": false}')).toEqual({ stream: true });
    expect(isStreamTransport(parseGroupCallTransport('{"stream":true}'))).toBe(true);
    const root = valid();
    root.stream = false;
    expect(isStreamTransport(parseGroupCallTransport(JSON.stringify(root)))).toBe(false);
  });

  it('numbers in candidate fields are accepted and kept as decimal strings; tcptype is kept', () => {
    const t = parseGroupCallTransport(mutated(['transport', 'candidates', 0, 'port'], 32000));
    if (isStreamTransport(t)) throw new Error('not a stream');
    expect(t.transport.candidates[0].port).toBe('32000');
    const tcp = rtc(readJsonFixture('transport-weba-shape'));
    expect(tcp.transport.candidates[1]).toMatchObject({ protocol: 'tcp', port: '443', tcptype: 'passive' });
    expect(tcp.transport.candidates[0].tcptype).toBeUndefined();
  });

  it.each([
    ['not JSON', '{', '(json)'],
    ['an array', '[]', '(root)'],
    ['stream "yes"', '{"stream": "yes"}', 'stream'],
    ['no transport', mutated(['transport'], undefined), 'transport'],
    ['no ufrag', mutated(['transport', 'ufrag'], undefined), 'transport.ufrag'],
    ['empty pwd', mutated(['transport', 'pwd'], ''), 'transport.pwd'],
    ['no fingerprints', mutated(['transport', 'fingerprints'], []), 'transport.fingerprints'],
    ['bad setup', mutated(['transport', 'fingerprints', 0, 'setup'], 'server'), 'transport.fingerprints[0].setup'],
    [
      'bad fingerprint',
      mutated(['transport', 'fingerprints', 0, 'fingerprint'], 'xyz'),
      'transport.fingerprints[0].fingerprint',
    ],
    ['candidates not an array', mutated(['transport', 'candidates'], {}), 'transport.candidates'],
    ['port not decimal', mutated(['transport', 'candidates', 0, 'port'], 'eighty'), 'transport.candidates[0].port'],
    ['port too large', mutated(['transport', 'candidates', 1, 'port'], '70000'), 'transport.candidates[1].port'],
    ['no ip', mutated(['transport', 'candidates', 0, 'ip'], undefined), 'transport.candidates[0].ip'],
  ])('%s → TransportJsonError at %s (what no connection can do without)', (_, json, field) => {
    const attempt = () => parseGroupCallTransport(json);
    expect(attempt).toThrow(TransportJsonError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'transport-json-invalid', input: 'transport', field }));
  });
  it('fuzz: any JSON value either parses or throws a TransportJsonError, never anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseGroupCallTransport(JSON.stringify(value));
        } catch (error) {
          expect(error).toBeInstanceOf(TransportJsonError);
          expect(error).toBeInstanceOf(SdpError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fuzz: replacing any one leaf of a valid transport gives a valid transport or a TransportJsonError', () => {
    const leaves: (string | number)[][] = [];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (node !== null && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
      else leaves.push(path);
    };
    walk(valid(), []);
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.jsonValue(), (path, value) => {
        try {
          parseGroupCallTransport(mutated(path, value));
        } catch (error) {
          expect(error).toBeInstanceOf(TransportJsonError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("parseGroupCallTransport reads what Telegram's clients read (fixtures in Web K, Web A and tgcalls shapes)", () => {
  it('Web K shape: numeric fmtp values, parameters [] (an empty PHP object), xmlns / rtcp-mux, a video section with three codecs', () => {
    const { t, issues } = withIssues(readJsonFixture('transport-webk-shape'));
    expect(issues).toEqual([]);
    expect(t.audio['payload-types'][0]).toMatchObject({ id: 111, parameters: { minptime: '10', useinbandfec: '1' } });
    expect(t.audio['payload-types'][1]).toEqual({ id: 126, name: 'telephone-event', clockrate: 8000, channels: 1 });
    expect(t.video?.endpoint).toBe('9be1a4c07d53f216');
    expect(t.video?.['payload-types'].map((p) => [p.id, p.name, p.parameters])).toEqual([
      [100, 'VP8', { 'x-google-start-bitrate': '800' }],
      [101, 'rtx', { apt: '100' }],
      [102, 'VP9', undefined],
      [103, 'rtx', { apt: '102' }],
      [104, 'H264', undefined],
      [105, 'rtx', { apt: '104' }],
    ]);
    expect(t.video?.['payload-types'][0]['rtcp-fbs']).toEqual([
      { type: 'goog-remb' },
      { type: 'transport-cc' },
      { type: 'ccm', subtype: 'fir' },
      { type: 'nack' },
      { type: 'nack', subtype: 'pli' },
    ]);
    expect(t.video?.['rtp-hdrexts'].map((e) => e.id)).toEqual([2, 3, 13]);
    expect(t.video?.server_sources).toEqual([1730418862]);
  });

  it('Web A shape: channels 0 means none, tcp candidate with tcptype, srflx with rel-addr, signed server source', () => {
    const { t, issues } = withIssues(readJsonFixture('transport-weba-shape'));
    expect(issues).toEqual([]);
    expect(t.video?.['payload-types'].map((p) => [p.id, p.channels, p.parameters])).toEqual([
      [100, undefined, undefined],
      [101, undefined, { apt: '100' }],
    ]);
    expect(t.transport.candidates.map((c) => [c.protocol, c.type, c.tcptype, c['rel-addr']])).toEqual([
      ['udp', 'host', undefined, undefined],
      ['tcp', 'host', 'passive', undefined],
      ['udp', 'srflx', undefined, '203.0.113.44'],
    ]);
    expect(t.video?.server_sources).toEqual([-1861032411]);
  });

  it('tgcalls shape: no audio (tgcalls never reads it), no endpoint or server_sources, "ccm fir" / "nack pli" split, bad entries skipped one by one', () => {
    const { t, issues } = withIssues(readJsonFixture('transport-tgcalls-shape'));
    expect(t.audio).toEqual(TGCALLS_DEFAULT_AUDIO);
    expect(t.video?.endpoint).toBeUndefined();
    expect(t.video?.server_sources).toEqual([]);
    expect(t.video?.['payload-types'].map((p) => `${p.id} ${p.name}`)).toEqual([
      '100 VP8',
      '101 rtx',
      '104 H264',
      '105 rtx',
    ]);
    expect(t.video?.['payload-types'][0]['rtcp-fbs']).toEqual([
      { type: 'goog-remb' },
      { type: 'transport-cc' },
      { type: 'ccm', subtype: 'fir' },
      { type: 'nack' },
      { type: 'nack', subtype: 'pli' },
    ]);
    // "a b c" is neither "type" nor "type subtype": that one feedback is dropped, not the codec.
    expect(t.video?.['payload-types'][2]['rtcp-fbs']).toHaveLength(5);
    expect(t.video?.['rtp-hdrexts']).toEqual([
      { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
      { id: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
      { id: 14, uri: 'urn:3gpp:video-orientation' },
    ]);
    expect(issues).toEqual([
      'video.payload-types[2].id: 300 is outside 0..127',
      'video.payload-types[3].name: expected a string, got nothing',
      'video.payload-types[4].rtcp-fbs[5].type: "a b c" is not "type" or "type subtype"',
      'video.rtp-hdrexts[2].id: 0 is outside 1..255',
      'video.rtp-hdrexts[3].uri: expected a string, got nothing',
    ]);
  });

  it('one bad audio payload type or extension is skipped and the rest kept; a repeated id keeps the first', () => {
    const root = valid() as { audio: { 'payload-types': unknown[]; 'rtp-hdrexts': unknown[] } };
    root.audio['payload-types'].unshift({ id: 'opus', name: 'opus', clockrate: 48000 });
    root.audio['payload-types'].push({ id: 111, name: 'PCMU', clockrate: 8000 });
    root.audio['rtp-hdrexts'].push({ id: 1, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' }, 'not an object');
    const { t, issues } = withIssues(JSON.stringify(root));
    expect(t.audio['payload-types'].map((p) => p.name)).toEqual(['opus']);
    expect(t.audio['rtp-hdrexts'].map((e) => e.id)).toEqual([1, 3]);
    expect(issues).toEqual([
      'audio.payload-types[0].id: expected an integer, got string "opus"',
      'audio.payload-types[2].id: 111 appears twice; the first is kept',
      'audio.rtp-hdrexts[2].id: 1 appears twice; the first is kept',
      'audio.rtp-hdrexts[3]: expected an object, got string "not an object"',
    ]);
  });

  it('quoted numbers (colibri style) are read as numbers; a bad parameter value drops only that parameter', () => {
    const root = valid() as { audio: { 'payload-types': Array<Record<string, unknown>> } };
    root.audio['payload-types'][0] = {
      id: '111',
      name: 'opus',
      clockrate: '48000',
      channels: '2',
      parameters: { minptime: 10, bad: {} },
    };
    const { t, issues } = withIssues(JSON.stringify(root));
    expect(t.audio['payload-types'][0]).toEqual({
      id: 111,
      name: 'opus',
      clockrate: 48000,
      channels: 2,
      parameters: { minptime: '10' },
    });
    expect(issues).toEqual(['audio.payload-types[0].parameters.bad: expected a string or number, got an object']);
  });

  it("an audio section with no usable payload type falls back to tgcalls' numbers, and says so", () => {
    const { t, issues } = withIssues(
      mutated(['audio', 'payload-types'], [{ id: 500, name: 'opus', clockrate: 48000 }]),
    );
    expect(t.audio).toEqual(TGCALLS_DEFAULT_AUDIO);
    expect(issues).toEqual([
      'audio.payload-types[0].id: 500 is outside 0..127',
      "audio: no usable payload type: tgcalls' fixed audio numbers are used",
    ]);
  });

  it('a video section with no usable payload type, or that is not an object, leaves video out (audio still works)', () => {
    const root = valid();
    root.video = { 'payload-types': [{ name: 'VP8' }] };
    const { t, issues } = withIssues(JSON.stringify(root));
    expect(t.video).toBeUndefined();
    expect(issues).toEqual([
      'video.payload-types[0].id: expected an integer, got nothing',
      'video.payload-types: no usable payload type: video is not available in this call',
    ]);
    root.video = 'none';
    expect(withIssues(JSON.stringify(root)).t.video).toBeUndefined();
  });
});
