// End-to-end proof of the SDP layer: real Chromium offers, werift in Node stands in for Telegram's ICE-lite media server.
// offer → joinPayloadFromOffer → (server) transport JSON → answerFromTransport → connected, RTP both ways per SSRC.

import { chromium, type Browser, type Page } from '@playwright/test';
import { parse, write } from 'sdp-transform';
import {
  RTCPeerConnection as ServerPeer,
  RTCRtpCodecParameters,
  RtpHeader,
  useAudioLevelIndication,
  useTransportWideCC,
  type RTCDtlsTransport,
} from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFromTransport } from './answerFromTransport';
import { joinPayloadFromOffer } from './joinPayloadFromOffer';
import { parseGroupCallTransport } from './parseGroupCallTransport';
import { readJsonFixture } from './readFixture';
import { withSourceChanges } from './remoteSourceTable';
import { serverOfferFromTransport } from './serverOfferFromTransport';
import type { JoinPayload, RtcGroupCallTransport } from './types';
import { CHROMIUM, chromiumFlags, skipBrowserTests } from '../../../scripts/chromium';
import { until } from '../../../scripts/until';

/** Pages and WebRTC on a busy machine: ask every 50 ms, for up to 8 s. */
const POLL = { timeoutMs: 8_000, everyMs: 50 };

const CHROMIUM_FLAGS = chromiumFlags({ autoplay: false });
const LOOPBACK = '127.0.0.1';

// The stand-in server's own numbering, deliberately unlike Chromium's (opus 111, transport-cc 3): the browser must use
// the server's numbers because the remote descriptions carry them.
const SERVER_OPUS_PT = 100;
const SERVER_AUDIO_LEVEL_ID = 5;
const SERVER_TRANSPORT_CC_ID = 7;

interface StandInServer {
  transportJson: string;
  received: Map<number, number>; // ssrc → packets
  payloadTypes: Set<number>; // of the packets received
  extensionIds: Set<number>; // of the packets received
  dtls: () => RTCDtlsTransport;
  close: () => Promise<void>;
}

/** What Telegram's server does with a join: open an ICE-lite, DTLS-passive transport and describe it as JSON. */
async function joinStandInServer(join: JoinPayload): Promise<StandInServer> {
  const opus = new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: SERVER_OPUS_PT,
    rtcpFeedback: [{ type: 'transport-cc' }],
    parameters: 'minptime=10;useinbandfec=1',
  });
  const audioLevel = useAudioLevelIndication();
  audioLevel.id = SERVER_AUDIO_LEVEL_ID;
  const transportCc = useTransportWideCC();
  transportCc.id = SERVER_TRANSPORT_CC_ID;
  const peer = new ServerPeer({
    iceLite: true,
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: LOOPBACK },
    iceAdditionalHostAddresses: [LOOPBACK],
    iceServers: [],
    codecs: { audio: [opus] },
    headerExtensions: { audio: [audioLevel, transportCc] },
  });
  // The client's side as the join JSON describes it (the server never sees the browser's SDP).
  const clientOffer = write({
    version: 0,
    origin: { username: '-', sessionId: '1', sessionVersion: 1, netType: 'IN', ipVer: 4, address: LOOPBACK },
    name: '-',
    timing: { start: 0, stop: 0 },
    groups: [{ type: 'BUNDLE', mids: '0' }],
    media: [
      {
        type: 'audio',
        port: 9,
        protocol: 'UDP/TLS/RTP/SAVPF',
        payloads: String(SERVER_OPUS_PT),
        connection: { version: 4, ip: '0.0.0.0' },
        iceUfrag: join.ufrag,
        icePwd: join.pwd,
        fingerprint: { type: join.fingerprints[0].hash, hash: join.fingerprints[0].fingerprint },
        setup: 'actpass',
        mid: '0',
        direction: 'sendonly',
        rtcpMux: 'rtcp-mux',
        rtp: [{ payload: SERVER_OPUS_PT, codec: 'opus', rate: 48000, encoding: 2 }],
        fmtp: [{ payload: SERVER_OPUS_PT, config: 'minptime=10;useinbandfec=1' }],
        rtcpFb: [{ payload: SERVER_OPUS_PT, type: 'transport-cc' }],
        ext: [
          { value: SERVER_AUDIO_LEVEL_ID, uri: audioLevel.uri },
          { value: SERVER_TRANSPORT_CC_ID, uri: transportCc.uri },
        ],
        ssrcs: [{ id: join.ssrc >>> 0, attribute: 'cname', value: 'client' }],
      },
    ],
  });
  await peer.setRemoteDescription({ type: 'offer', sdp: clientOffer });
  const answer = parse((await peer.createAnswer()).sdp);
  for (const m of answer.media) m.setup = 'passive'; // werift answers "active"; the browser must be the DTLS client
  await peer.setLocalDescription({ type: 'answer', sdp: write(answer) });
  if (peer.iceGatheringState !== 'complete')
    await new Promise<void>((resolve) =>
      peer.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') resolve();
      }),
    );

  const local = parse(peer.localDescription?.sdp ?? '');
  const m = local.media[0];
  const fingerprint = m.fingerprint ?? local.fingerprint;
  if (!fingerprint || !m.iceUfrag || !m.icePwd) throw new Error('werift answer lacks ICE/DTLS parameters');
  const transport: RtcGroupCallTransport = {
    transport: {
      ufrag: String(m.iceUfrag),
      pwd: String(m.icePwd), // sdp-transform reads an all-digit ufrag as a number
      fingerprints: [{ hash: fingerprint.type, setup: 'passive', fingerprint: fingerprint.hash }],
      candidates: (m.candidates ?? [])
        .filter((c) => c.ip === LOOPBACK)
        .map((c, i) => ({
          generation: '0',
          component: String(c.component),
          protocol: c.transport.toLowerCase(),
          port: String(c.port),
          ip: c.ip,
          foundation: c.foundation,
          id: String(i + 1),
          priority: String(c.priority),
          type: c.type,
          network: '1',
        })),
    },
    audio: {
      'payload-types': m.rtp.map((r) => ({
        id: r.payload,
        name: r.codec,
        clockrate: r.rate ?? 0,
        ...(r.encoding ? { channels: r.encoding } : {}),
        parameters: Object.fromEntries(
          (m.fmtp.find((f) => f.payload === r.payload)?.config ?? '')
            .split(';')
            .filter(Boolean)
            .map((kv) => kv.split('=') as [string, string]),
        ),
        'rtcp-fbs': (m.rtcpFb ?? [])
          .filter((f) => f.payload === r.payload)
          .map((f) => (f.subtype ? { type: f.type, subtype: f.subtype } : { type: f.type })),
      })),
      'rtp-hdrexts': (m.ext ?? []).map((e) => ({ id: e.value, uri: e.uri })),
    },
  };
  const received = new Map<number, number>();
  const payloadTypes = new Set<number>();
  const extensionIds = new Set<number>();
  const dtls = (): RTCDtlsTransport => {
    const t = peer.dtlsTransports[0];
    if (!t) throw new Error('no DTLS transport yet');
    return t;
  };
  dtls().onRtp.subscribe((packet) => {
    received.set(packet.header.ssrc, (received.get(packet.header.ssrc) ?? 0) + 1);
    payloadTypes.add(packet.header.payloadType);
    for (const e of packet.header.extensions) extensionIds.add(e.id);
  });
  return {
    transportJson: JSON.stringify(transport),
    received,
    payloadTypes,
    extensionIds,
    dtls,
    close: () => peer.close(),
  };
}

type PageWindow = Window & { pc: RTCPeerConnection; mic: MediaStreamTrack };

/** A fresh connection in the page, joined to a fresh stand-in server, connected. */
async function joinFromPage(page: Page) {
  const offer = await page.evaluate(async () => {
    const w = window as unknown as PageWindow;
    w.pc?.close();
    w.pc = new RTCPeerConnection();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    w.mic = stream.getAudioTracks()[0];
    w.pc.addTransceiver(w.mic, { direction: 'sendonly', streams: [stream] });
    const o = await w.pc.createOffer();
    await w.pc.setLocalDescription(o);
    return o.sdp ?? '';
  });
  const join = joinPayloadFromOffer(offer);
  const server = await joinStandInServer(join);
  const transport = parseGroupCallTransport(server.transportJson);
  if ('stream' in transport) throw new Error('unexpected stream transport');
  const origin = { sessionId: '4242', sessionVersion: 1 };
  const first = answerFromTransport(offer, transport, origin);
  await page.evaluate(
    (sdp) => (window as unknown as PageWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
    first.sdp,
  );
  await until(
    'connected',
    () =>
      page.evaluate(() => ((window as unknown as PageWindow).pc.connectionState === 'connected' ? true : undefined)),
    POLL,
  );
  return { join, server, transport, origin, first };
}

/**
 * Sends the browser's own packets back under other SSRCs, as the SFU forwards other participants: `set` says under
 * which (none at first).
 */
function forwardOwnPackets(server: StandInServer, ownSsrc: number): { set(ssrcs: number[]): void } {
  let forwardAs: number[] = [];
  server.dtls().onRtp.subscribe((packet) => {
    if (packet.header.ssrc !== ownSsrc) return;
    for (const ssrc of forwardAs) void server.dtls().sendRtp(packet.payload, new RtpHeader({ ...packet.header, ssrc }));
  });
  return { set: (ssrcs) => (forwardAs = ssrcs) };
}

/** The page's inbound-rtp packet count for an SSRC once past 5, else undefined (for `until`). */
function inboundPackets(page: Page, ssrc: number): Promise<number | undefined> {
  return page.evaluate(async (wanted) => {
    const stats = await (window as unknown as PageWindow).pc.getStats();
    let packets: number | undefined;
    stats.forEach((s: { type: string; ssrc?: number; packetsReceived?: number }) => {
      if (s.type === 'inbound-rtp' && s.ssrc === wanted && (s.packetsReceived ?? 0) > 5) packets = s.packetsReceived;
    });
    return packets;
  }, ssrc);
}

/** Applies a server offer in the page and returns the browser's answer and how long the round took there. */
function renegotiate(page: Page, sdp: string) {
  return page.evaluate(async (offerSdp) => {
    const pc = (window as unknown as PageWindow).pc;
    const started = performance.now();
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await pc.setLocalDescription(await pc.createAnswer());
    return { answer: pc.localDescription?.sdp ?? '', ms: performance.now() - started };
  }, sdp);
}

// Without Debian's Chromium (scripts/ensure-chromium.mjs installs it) the suite is reported as skipped, not passed.
describe.skipIf(skipBrowserTests())('SDP layer against real Chromium and a werift ICE-lite server', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage();
    await page.route('http://localhost/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>sdp</title>' }),
    );
    await page.goto('http://localhost/');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('joins, sends the own SSRC, and receives forwarded SSRCs on added and recycled m-lines', async () => {
    const { join, server, transport, origin, first } = await joinFromPage(page);
    try {
      const ownSsrc = join.ssrc >>> 0;
      await until(
        'RTP from the browser at the server',
        () => ((server.received.get(ownSsrc) ?? 0) > 5 ? true : undefined),
        POLL,
      );
      // The browser sends with the server's numbers, which only the remote description told it.
      expect([...server.payloadTypes]).toEqual([SERVER_OPUS_PT]);
      expect(
        [...server.extensionIds].every((id) => id === SERVER_AUDIO_LEVEL_ID || id === SERVER_TRANSPORT_CC_ID),
      ).toBe(true);
      expect(server.extensionIds.size).toBeGreaterThan(0);

      // Forward the browser's own packets back under other SSRCs, as the SFU forwards other participants.
      const forwardAs = forwardOwnPackets(server, ownSsrc);
      const inbound = (ssrc: number) => inboundPackets(page, ssrc);
      const ALICE = 0x9abcdef0; // ≥ 2^31: negative in Telegram's JSON
      let table = withSourceChanges(first.table, { add: [{ ssrc: ALICE | 0 }] });
      const browserAnswer = parse(
        (await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 }))).answer,
      );
      expect(browserAnswer.media.map((m) => m.direction)).toEqual(['sendonly', 'recvonly']);
      expect(browserAnswer.media.map((m) => m.setup)).toEqual(['active', 'active']); // still the DTLS client
      forwardAs.set([ALICE]);
      expect(await until('inbound-rtp of ALICE', () => inbound(ALICE), POLL)).toBeGreaterThan(5);

      // ALICE leaves (m-line inactive), then BOB reuses ALICE's m-line.
      const BOB = 123456789;
      table = withSourceChanges(table, { remove: [ALICE | 0] });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 3 }));
      table = withSourceChanges(table, { add: [{ ssrc: BOB }] });
      expect(table.slots).toHaveLength(2);
      const third = parse(
        (await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 4 }))).answer,
      );
      expect(third.media).toHaveLength(2);
      forwardAs.set([BOB]);
      expect(await until('inbound-rtp of BOB on the recycled m-line', () => inbound(BOB), POLL)).toBeGreaterThan(5);

      // At the m-line limit, CAROL takes BOB's m-line in the very description that removes BOB (the SSRC changes
      // within one description): Chromium takes it and counts CAROL's packets on the same receiver.
      const CAROL = 0x8000_0001;
      table = withSourceChanges(table, { remove: [BOB], add: [{ ssrc: CAROL | 0 }] }, { audio: 1 });
      expect(table.slots).toHaveLength(2);
      const fourth = parse(
        (await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 5 }))).answer,
      );
      expect(fourth.media.map((m) => m.direction)).toEqual(['sendonly', 'recvonly']);
      forwardAs.set([CAROL]);
      expect(await until('inbound-rtp of CAROL on the m-line BOB left', () => inbound(CAROL), POLL)).toBeGreaterThan(5);
      // The browser kept sending its own SSRC with the server's payload type through all of it.
      expect(server.received.get(ownSsrc) ?? 0).toBeGreaterThan(5);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('refuses a description that moves a live SSRC to a lower mid, and every description after it', async () => {
    const { server, transport, origin, first } = await joinFromPage(page);
    try {
      const [A, B, C] = [0x1000_0001, 0x1000_0002, 0x1000_0003];
      let table = withSourceChanges(first.table, { add: [{ ssrc: A }, { ssrc: B }, { ssrc: C }] });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 }));
      table = withSourceChanges(table, { remove: [A] });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 3 }));
      // C written on A's free m-line (mid 1) while mid 3 goes inactive: a move to a lower mid.
      const [own, slotA, slotB, slotC] = table.slots;
      if (slotA.owner !== 'remote' || slotC.owner !== 'remote' || slotC.source === null)
        throw new Error('unexpected table');
      const moved = { ...table, slots: [own, { ...slotA, source: slotC.source }, slotB, { ...slotC, source: null }] };
      await expect(
        renegotiate(page, serverOfferFromTransport(transport, moved, { ...origin, sessionVersion: 4 })),
      ).rejects.toThrow(/demuxing/);
      // The refusal sticks: the description the browser had, unchanged, is refused from now on too.
      await expect(
        renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 5 })),
      ).rejects.toThrow(/demuxing/);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('a source removed and added back in one batch keeps its m-line, and is still received', async () => {
    const { join, server, transport, origin, first } = await joinFromPage(page);
    try {
      const ownSsrc = join.ssrc >>> 0;
      const [A, B, C, D] = [0x2000_0001, 0x2000_0002, 0x2000_0003, 0x2000_0004];
      const forwardAs = forwardOwnPackets(server, ownSsrc);
      let table = withSourceChanges(first.table, { add: [{ ssrc: A }, { ssrc: B }, { ssrc: C }] });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 }));
      table = withSourceChanges(table, { remove: [A] });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 3 }));
      // C's removal and its return coalesced into one batch (mergeSourceChanges keeps both), with a newcomer D: the
      // free m-line A left is D's, C stays where it was.
      table = withSourceChanges(table, { remove: [C], add: [{ ssrc: C }, { ssrc: D }] }, { audio: 3 });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 4 }));
      expect(table.slots.map((s) => (s.owner === 'remote' ? s.source?.ssrc : 'own'))).toEqual(['own', D, B, C]);
      forwardAs.set([C, D]);
      const inbound = (ssrc: number) => inboundPackets(page, ssrc);
      expect(await until('inbound-rtp of C', () => inbound(C), POLL)).toBeGreaterThan(5);
      expect(await until('inbound-rtp of D', () => inbound(D), POLL)).toBeGreaterThan(5);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('takes 100 remote sources in one server offer (one renegotiation), each answered recvonly', async () => {
    const { server, transport, origin, first } = await joinFromPage(page);
    try {
      const sources = Array.from({ length: 100 }, (_, i) => ({ ssrc: (0x40000000 + i * 104729) | 0 }));
      const table = withSourceChanges(first.table, { add: sources });
      const { answer, ms } = await renegotiate(
        page,
        serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 }),
      );
      const media = parse(answer).media;
      expect(media).toHaveLength(101);
      expect(media.slice(1).every((m) => m.direction === 'recvonly')).toBe(true);
      expect(await page.evaluate(() => (window as unknown as PageWindow).pc.connectionState)).toBe('connected');
      console.info(`Chromium: one renegotiation adding 100 remote m-lines took ${ms.toFixed(0)} ms`);
    } finally {
      await server.close();
    }
  }, 20_000);

  it('answers the browser’s own re-offers: a second sender after the remote m-lines, then stopped (port 0)', async () => {
    // (Stopping the FIRST m-line instead moves the BUNDLE tag: Chromium then starts a new DTLS handshake on a new
    // transport, which a server keeping one DTLS association never answers. The engine rejoins instead.)
    const { join, server, transport, origin, first } = await joinFromPage(page);
    try {
      let table = withSourceChanges(first.table, { add: [{ ssrc: 777 }] });
      await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 }));
      const localRound = async (change: 'add' | 'stop') => {
        const offer = await page.evaluate(async (what) => {
          const w = window as unknown as PageWindow;
          if (what === 'add') w.pc.addTransceiver(w.mic.clone(), { direction: 'sendonly' });
          else w.pc.getTransceivers()[2].stop();
          const o = await w.pc.createOffer();
          await w.pc.setLocalDescription(o);
          return o.sdp ?? '';
        }, change);
        const answered = answerFromTransport(
          offer,
          transport,
          { ...origin, sessionVersion: change === 'add' ? 3 : 4 },
          table,
        );
        await page.evaluate(
          (sdp) => (window as unknown as PageWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
          answered.sdp,
        );
        table = answered.table;
        return { offer: parse(offer), answer: parse(answered.sdp) };
      };

      const added = await localRound('add');
      expect(added.answer.media.map((m) => [m.port, m.direction])).toEqual([
        [9, 'recvonly'],
        [9, 'sendonly'],
        [9, 'recvonly'],
      ]);
      expect(added.answer.media[1].ssrcs?.[0].id).toBe(777);
      expect(['0', '1']).not.toContain(String(added.answer.media[2].mid)); // Chromium's new mid avoids ours
      const secondSsrc = Number(added.offer.media[2].ssrcs?.[0].id);
      await until(
        'RTP of the second sender',
        () => ((server.received.get(secondSsrc) ?? 0) > 5 ? true : undefined),
        POLL,
      );

      const stopped = await localRound('stop');
      expect(stopped.offer.media[2].port).toBe(0);
      expect(stopped.answer.media.map((m) => [m.port, m.direction])).toEqual([
        [9, 'recvonly'],
        [9, 'sendonly'],
        [0, 'inactive'],
      ]);
      expect(String(stopped.answer.groups?.[0].mids)).toBe('0 1');
      // The first sender goes on over the same DTLS association; a later server offer keeps the stopped m-line.
      const before = server.received.get(join.ssrc >>> 0) ?? 0;
      await until(
        'more RTP of the first sender',
        () => ((server.received.get(join.ssrc >>> 0) ?? 0) > before + 5 ? true : undefined),
        POLL,
      );
      table = withSourceChanges(table, { add: [{ ssrc: 888 }] });
      const later = parse(
        (await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 5 }))).answer,
      );
      expect(later.media.map((m) => [m.port === 0 ? 'rejected' : 'live', m.direction])).toEqual([
        ['live', 'sendonly'],
        ['live', 'recvonly'],
        ['rejected', 'inactive'],
        ['live', 'recvonly'],
      ]);
      expect(await page.evaluate(() => (window as unknown as PageWindow).pc.connectionState)).toBe('connected');
    } finally {
      await server.close();
    }
  }, 20_000);

  it.each(['transport-webk-shape', 'transport-weba-shape', 'transport-tgcalls-shape'])(
    'Chromium accepts the descriptions written from %s (audio and video, rtcp-fb split, tcptype, skipped entries)',
    async (fixture) => {
      const transport = parseGroupCallTransport(readJsonFixture(fixture));
      if ('stream' in transport) throw new Error('unexpected stream transport');
      const offer = await page.evaluate(async () => {
        const w = window as unknown as PageWindow;
        w.pc?.close();
        w.pc = new RTCPeerConnection();
        w.pc.addTransceiver('audio', { direction: 'sendonly' });
        w.pc.addTransceiver('video', { direction: 'sendonly' });
        const o = await w.pc.createOffer();
        await w.pc.setLocalDescription(o);
        return o.sdp ?? '';
      });
      const origin = { sessionId: '5151', sessionVersion: 1 };
      const first = answerFromTransport(offer, transport, origin);
      await page.evaluate(
        (sdp) => (window as unknown as PageWindow).pc.setRemoteDescription({ type: 'answer', sdp }),
        first.sdp,
      );
      // A person with a camera (one FID layer, as a browser sends it) and a microphone joins.
      const table = withSourceChanges(first.table, {
        add: [
          { ssrc: 0x51a7c0de | 0, streamId: 'peer42' },
          { ssrc: 1000, kind: 'video', ssrcGroups: [{ semantics: 'FID', sources: [1000, 1001] }], streamId: 'peer42' },
        ],
      });
      const browserAnswer = parse(
        (await renegotiate(page, serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 }))).answer,
      );
      expect(browserAnswer.media.map((m) => [m.type, m.direction])).toEqual([
        ['audio', 'sendonly'],
        ['video', 'sendonly'],
        ['audio', 'recvonly'],
        ['video', 'recvonly'],
      ]);
      const video = browserAnswer.media[3];
      const vp8 = video.rtp.find((r) => r.codec === 'VP8')!.payload;
      expect(
        video.rtcpFb?.filter((f) => f.payload === vp8).map((f) => `${f.type}${f.subtype ? ` ${f.subtype}` : ''}`),
      ).toEqual(expect.arrayContaining(['ccm fir', 'nack', 'nack pli']));
      if (fixture === 'transport-weba-shape') {
        expect(parse(first.sdp).media[0].candidates?.find((c) => c.transport === 'tcp')).toMatchObject({
          tcptype: 'passive',
          port: 443,
        });
      }
    },
    20_000,
  );
});
