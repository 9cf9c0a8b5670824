// The SFU without a browser: join → transport JSON (strings, loopback only, the SFU's numbering), the synthetic offer,
// typed errors, replacement on rejoin, leave / closeCall / close, simulated speakers' pacing (counted in stats).

import { parse } from 'sdp-transform';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOfferFromJoin } from './clientOffer';
import { addDemoSpeakers, demoSpeakerClips } from './demoAudio';
import { JoinPayloadError, SfuError } from './errors';
import { validateJoinPayload } from './joinPayload';
import { AUDIO_LEVEL_URI, DEFAULT_MEDIA_NUMBERING, TRANSPORT_CC_URI } from './mediaNumbering';
import { Sfu, type EndpointState } from './sfu';

const FP = Array.from({ length: 32 }, (_, i) => ((i * 7) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':');
const join = (ssrc: number, ufrag = 'abcd') => ({
  ufrag,
  pwd: 'abcdefghijklmnopqrstuvwx',
  fingerprints: [{ hash: 'sha-256', setup: 'active' as const, fingerprint: FP }],
  ssrc,
  'ssrc-groups': [],
});

let sfu: Sfu | undefined;
afterEach(async () => {
  await sfu?.close();
  sfu = undefined;
});

describe('the synthetic client offer', () => {
  it('carries the join’s ICE, every fingerprint, its DTLS role, its SSRC, and the SFU’s numbers', () => {
    const v = validateJoinPayload({
      ...join(-5),
      fingerprints: [
        { hash: 'sha-256', setup: 'active', fingerprint: FP },
        { hash: 'sha-1', setup: 'active', fingerprint: FP.split(':').slice(0, 20).join(':') },
      ],
    });
    const sdp = clientOfferFromJoin(v, { opusPayloadType: 100, audioLevelId: 5, transportCcId: 7 });
    const m = parse(sdp).media[0];
    expect([m.iceUfrag, m.icePwd, m.setup, m.direction]).toEqual([
      'abcd',
      'abcdefghijklmnopqrstuvwx',
      'active',
      'sendonly',
    ]);
    expect(sdp).toContain(`a=fingerprint:sha-256 ${FP}`);
    expect(sdp).toMatch(/a=fingerprint:sha-1 /);
    expect(m.ssrcs?.[0].id).toBe(-5 >>> 0);
    expect(m.rtp.map((r) => [r.payload, r.codec, r.rate, r.encoding])).toEqual([[100, 'opus', 48000, 2]]);
    expect(m.ext?.map((e) => [e.value, e.uri])).toEqual([
      [5, AUDIO_LEVEL_URI],
      [7, TRANSPORT_CC_URI],
    ]);
  });
});

describe('Sfu.join (werift in Node, no browser)', () => {
  it('answers with the transport JSON: strings, 127.0.0.1 only, passive DTLS, the SFU’s numbering', async () => {
    sfu = new Sfu();
    const started = performance.now();
    const t = await sfu.join('call', 'alice', join(-1294836121));
    console.info(`join → transport JSON: ${(performance.now() - started).toFixed(0)} ms (first join of the process)`);
    expect(t.transport.fingerprints).toHaveLength(1);
    expect(t.transport.fingerprints[0]).toMatchObject({ hash: 'sha-256', setup: 'passive' });
    expect(t.transport.fingerprints[0].fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(t.transport.ufrag.length).toBeGreaterThanOrEqual(4);
    expect(t.transport.pwd.length).toBeGreaterThanOrEqual(22);
    expect(t.transport.candidates.length).toBeGreaterThan(0);
    for (const c of t.transport.candidates) {
      expect(Object.values(c).every((v) => typeof v === 'string')).toBe(true);
      expect(c).toMatchObject({ ip: '127.0.0.1', protocol: 'udp', type: 'host', component: '1' });
      expect(Number(c.port)).toBeGreaterThan(0);
    }
    expect(t.audio['payload-types']).toEqual([
      {
        id: DEFAULT_MEDIA_NUMBERING.opusPayloadType,
        name: 'opus',
        clockrate: 48000,
        channels: 2,
        parameters: { minptime: '10', useinbandfec: '1' },
        'rtcp-fbs': [{ type: 'transport-cc' }],
      },
    ]);
    expect(t.audio['rtp-hdrexts']).toEqual([
      { id: DEFAULT_MEDIA_NUMBERING.audioLevelId, uri: AUDIO_LEVEL_URI },
      { id: DEFAULT_MEDIA_NUMBERING.transportCcId, uri: TRANSPORT_CC_URI },
    ]);
    expect(sfu.endpointState('call', 'alice')).toBe('connecting');
    expect(sfu.sources('call')).toEqual([-1294836121]);
  });

  it('takes the DataJSON text, and answers "active" to a native client that wants to be the DTLS server', async () => {
    sfu = new Sfu({ numbering: { opusPayloadType: 100, audioLevelId: 5, transportCcId: 7 } });
    const t = await sfu.join(
      'call',
      'nat',
      JSON.stringify({ ...join(77), fingerprints: [{ hash: 'sha-256', setup: 'passive', fingerprint: FP }] }),
    );
    expect(t.transport.fingerprints[0].setup).toBe('active');
    expect(t.audio['payload-types'][0].id).toBe(100);
    expect(t.audio['rtp-hdrexts'].map((e) => e.id)).toEqual([5, 7]);
  });

  it('refuses bad payloads and duplicate SSRCs with typed errors, and replaces an endpoint that joins again', async () => {
    sfu = new Sfu();
    await expect(sfu.join('call', 'x', { ...join(1), ufrag: '' })).rejects.toBeInstanceOf(JoinPayloadError);
    await expect(sfu.join('call', 'x', '{not json')).rejects.toMatchObject({ reason: 'join-payload-invalid' });
    await expect(sfu.join('call', 'x', { ...join(1), ssrc: 0 })).rejects.toMatchObject({ reason: 'ssrc-duplicate' });
    const states: [string, EndpointState][] = [];
    sfu.onEndpointState((_, id, s) => states.push([id, s]));
    const first = await sfu.join('call', 'alice', join(1));
    await expect(sfu.join('call', 'bob', join(1))).rejects.toMatchObject({ reason: 'ssrc-duplicate' });
    await expect(sfu.join('other-call', 'bob', join(1))).resolves.toBeDefined(); // SSRCs are per call
    const again = await sfu.join('call', 'alice', join(2, 'efgh'));
    expect(again.transport.ufrag).not.toBe(first.transport.ufrag);
    expect(sfu.sources('call')).toEqual([2]);
    expect(states).toEqual([]); // the rejoin replaced alice's connection: nothing to announce
    await expect(sfu.join('call', 'bob', join(1))).resolves.toBeDefined(); // 1 is free again
    expect(() => sfu?.setMuted('call', 'nobody', true)).toThrow(SfuError);
  });

  it('leave, closeCall and close release endpoints; a leave during a join makes the join fail "left"', async () => {
    sfu = new Sfu();
    await sfu.join('call', 'a', join(1));
    await sfu.join('call', 'b', join(2));
    await sfu.leave('call', 'a');
    expect(sfu.sources('call')).toEqual([2]);
    const pending = sfu.join('call', 'c', join(3));
    await sfu.leave('call', 'c');
    await expect(pending).rejects.toMatchObject({ reason: 'left' });
    await sfu.closeCall('call');
    expect(sfu.stats()).toEqual({});
    await sfu.close();
    await expect(sfu.join('call', 'd', join(4))).rejects.toMatchObject({ reason: 'closed' });
  });
});

describe('close', () => {
  it('releases every socket and timer it made (participants, speakers, watchdog, pacer)', async () => {
    const count = (kind: string) => process.getActiveResourcesInfo().filter((r) => r === kind).length;
    // Node releases a closed UDP socket's handle a moment after close(): let the previous test's settle first.
    await new Promise((r) => setTimeout(r, 200));
    const before = { udp: count('UDPWrap'), timers: count('Timeout') };
    sfu = new Sfu();
    for (let i = 1; i <= 3; i++) await sfu.join('call', `p${i}`, join(i));
    addDemoSpeakers(sfu, 'call', [100, 200]);
    expect(count('UDPWrap')).toBeGreaterThan(before.udp); // every one bound to 127.0.0.1 (werift: two per peer)
    await sfu.close();
    for (let i = 0; i < 20 && count('UDPWrap') > before.udp; i++) await new Promise((r) => setTimeout(r, 50));
    expect(count('UDPWrap')).toBe(before.udp);
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
  });
});

describe('the watchdog', () => {
  it('fails a participant that never connects within connectTimeoutMs, and says so once', async () => {
    sfu = new Sfu({ connectTimeoutMs: 300 });
    const states: [string, EndpointState][] = [];
    sfu.onEndpointState((_, id, s) => states.push([id, s]));
    await sfu.join('call', 'ghost', join(9));
    await new Promise((r) => setTimeout(r, 1_600));
    expect(sfu.endpointState('call', 'ghost')).toBe('failed');
    expect(states).toEqual([['ghost', 'failed']]);
    await sfu.leave('call', 'ghost');
    expect(states).toEqual([
      ['ghost', 'failed'],
      ['ghost', 'closed'],
    ]);
  });
});

describe('simulated speakers', () => {
  it('play 50 packets/s each, counted as received; nothing is forwarded with no one to hear; leave stops them', async () => {
    sfu = new Sfu();
    const active: [number, string][] = [];
    sfu.onSourceActive((_, ssrc, reason) => active.push([ssrc, reason]));
    const [idA, idB] = addDemoSpeakers(sfu, 'demo', [1001, -1002]);
    expect(() => sfu?.addSimulatedSpeaker('demo', 1001, demoSpeakerClips()[0])).toThrow(SfuError);
    await new Promise((r) => setTimeout(r, 1_000));
    const stats = sfu.stats().demo;
    for (const key of ['1001', '-1002']) {
      expect(stats[key].received).toBeGreaterThanOrEqual(45);
      expect(stats[key].received).toBeLessThanOrEqual(56);
      expect(stats[key].forwarded).toEqual({});
    }
    expect(active).toContainEqual([1001, 'first-packet']);
    expect(active).toContainEqual([-1002, 'first-packet']);
    expect(active).toContainEqual([1001, 'speaking']); // A starts the conversation
    expect(active).not.toContainEqual([-1002, 'speaking']);
    await sfu.leave('demo', idA);
    await sfu.leave('demo', idB);
    expect(sfu.stats()).toEqual({});
  });
});
