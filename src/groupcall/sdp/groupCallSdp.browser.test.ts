// End-to-end proof of the SDP layer: real Chromium offers, werift in Node stands in for Telegram's ICE-lite media server.
// offer → joinPayloadFromOffer → (server) transport JSON → answerFromTransport → connected, RTP both ways per SSRC.

import { chromium, type Browser, type Page } from '@playwright/test';
import { parse, write } from 'sdp-transform';
import { RTCPeerConnection as ServerPeer, RTCRtpCodecParameters, RtpHeader, useAudioLevelIndication, useTransportWideCC, type RTCDtlsTransport } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFromTransport } from './answerFromTransport';
import { joinPayloadFromOffer } from './joinPayloadFromOffer';
import { parseGroupCallTransport } from './parseGroupCallTransport';
import { withSourceChanges } from './remoteSourceTable';
import { serverOfferFromTransport } from './serverOfferFromTransport';
import type { JoinPayload, RtcGroupCallTransport } from './types';

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--allow-loopback-in-peer-connection',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];
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
  const opus = new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: SERVER_OPUS_PT, rtcpFeedback: [{ type: 'transport-cc' }], parameters: 'minptime=10;useinbandfec=1' });
  const audioLevel = useAudioLevelIndication();
  audioLevel.id = SERVER_AUDIO_LEVEL_ID;
  const transportCc = useTransportWideCC();
  transportCc.id = SERVER_TRANSPORT_CC_ID;
  const peer = new ServerPeer({
    iceLite: true, iceUseIpv6: false, iceInterfaceAddresses: { udp4: LOOPBACK }, iceAdditionalHostAddresses: [LOOPBACK], iceServers: [],
    codecs: { audio: [opus] }, headerExtensions: { audio: [audioLevel, transportCc] },
  });
  // The client's side as the join JSON describes it (the server never sees the browser's SDP).
  const clientOffer = write({
    version: 0, origin: { username: '-', sessionId: '1', sessionVersion: 1, netType: 'IN', ipVer: 4, address: LOOPBACK }, name: '-',
    timing: { start: 0, stop: 0 }, groups: [{ type: 'BUNDLE', mids: '0' }],
    media: [{
      type: 'audio', port: 9, protocol: 'UDP/TLS/RTP/SAVPF', payloads: String(SERVER_OPUS_PT), connection: { version: 4, ip: '0.0.0.0' },
      iceUfrag: join.ufrag, icePwd: join.pwd, fingerprint: { type: join.fingerprints[0].hash, hash: join.fingerprints[0].fingerprint },
      setup: 'actpass', mid: '0', direction: 'sendonly', rtcpMux: 'rtcp-mux',
      rtp: [{ payload: SERVER_OPUS_PT, codec: 'opus', rate: 48000, encoding: 2 }], fmtp: [{ payload: SERVER_OPUS_PT, config: 'minptime=10;useinbandfec=1' }],
      rtcpFb: [{ payload: SERVER_OPUS_PT, type: 'transport-cc' }],
      ext: [{ value: SERVER_AUDIO_LEVEL_ID, uri: audioLevel.uri }, { value: SERVER_TRANSPORT_CC_ID, uri: transportCc.uri }],
      ssrcs: [{ id: join.ssrc >>> 0, attribute: 'cname', value: 'client' }],
    }],
  });
  await peer.setRemoteDescription({ type: 'offer', sdp: clientOffer });
  const answer = parse((await peer.createAnswer()).sdp);
  for (const m of answer.media) m.setup = 'passive'; // werift answers "active"; the browser must be the DTLS client
  await peer.setLocalDescription({ type: 'answer', sdp: write(answer) });
  if (peer.iceGatheringState !== 'complete') await new Promise<void>((resolve) => peer.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') resolve(); }));

  const local = parse(peer.localDescription?.sdp ?? '');
  const m = local.media[0];
  const fingerprint = m.fingerprint ?? local.fingerprint;
  if (!fingerprint || !m.iceUfrag || !m.icePwd) throw new Error('werift answer lacks ICE/DTLS parameters');
  const transport: RtcGroupCallTransport = {
    transport: {
      ufrag: m.iceUfrag, pwd: m.icePwd,
      fingerprints: [{ hash: fingerprint.type, setup: 'passive', fingerprint: fingerprint.hash }],
      candidates: (m.candidates ?? []).filter((c) => c.ip === LOOPBACK).map((c, i) => ({
        generation: '0', component: String(c.component), protocol: c.transport.toLowerCase(), port: String(c.port), ip: c.ip,
        foundation: c.foundation, id: String(i + 1), priority: String(c.priority), type: c.type, network: '1',
      })),
    },
    audio: {
      'payload-types': m.rtp.map((r) => ({
        id: r.payload, name: r.codec, clockrate: r.rate ?? 0, ...(r.encoding ? { channels: r.encoding } : {}),
        parameters: Object.fromEntries((m.fmtp.find((f) => f.payload === r.payload)?.config ?? '').split(';').filter(Boolean).map((kv) => kv.split('=') as [string, string])),
        'rtcp-fbs': (m.rtcpFb ?? []).filter((f) => f.payload === r.payload).map((f) => (f.subtype ? { type: f.type, subtype: f.subtype } : { type: f.type })),
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
  return { transportJson: JSON.stringify(transport), received, payloadTypes, extensionIds, dtls, close: () => peer.close() };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type PageWindow = Window & { pc: RTCPeerConnection };

describe('SDP layer against real Chromium and a werift ICE-lite server', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    page = await browser.newPage();
    await page.route('http://localhost/', (route) => route.fulfill({ contentType: 'text/html', body: '<title>sdp</title>' }));
    await page.goto('http://localhost/');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('joins, sends the own SSRC, and receives forwarded SSRCs on added and recycled m-lines', async () => {
    const offer = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      w.pc = new RTCPeerConnection();
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      w.pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly', streams: [stream] });
      const o = await w.pc.createOffer();
      await w.pc.setLocalDescription(o);
      return o.sdp ?? '';
    });
    const join = joinPayloadFromOffer(offer);
    const server = await joinStandInServer(join);
    try {
      const transport = parseGroupCallTransport(server.transportJson);
      if ('stream' in transport) throw new Error('unexpected stream transport');
      const origin = { sessionId: '4242', sessionVersion: 1 };
      const first = answerFromTransport(offer, transport, origin);
      await page.evaluate((sdp) => (window as unknown as PageWindow).pc.setRemoteDescription({ type: 'answer', sdp }), first.sdp);
      await until('connected', () => page.evaluate(() => ((window as unknown as PageWindow).pc.connectionState === 'connected' ? true : undefined)));
      const ownSsrc = join.ssrc >>> 0;
      await until('RTP from the browser at the server', () => ((server.received.get(ownSsrc) ?? 0) > 5 ? true : undefined));
      // The browser sends with the server's numbers, which only the remote description told it.
      expect([...server.payloadTypes]).toEqual([SERVER_OPUS_PT]);
      expect([...server.extensionIds].every((id) => id === SERVER_AUDIO_LEVEL_ID || id === SERVER_TRANSPORT_CC_ID)).toBe(true);
      expect(server.extensionIds.size).toBeGreaterThan(0);

      // Forward the browser's own packets back under other SSRCs, as the SFU forwards other participants.
      let forwardAs: number[] = [];
      server.dtls().onRtp.subscribe((packet) => {
        if (packet.header.ssrc !== ownSsrc) return;
        for (const ssrc of forwardAs) void server.dtls().sendRtp(packet.payload, new RtpHeader({ ...packet.header, ssrc }));
      });
      const inbound = (ssrc: number) => page.evaluate(async (wanted) => {
        const stats = await (window as unknown as PageWindow).pc.getStats();
        let packets: number | undefined;
        stats.forEach((s: { type: string; ssrc?: number; packetsReceived?: number }) => {
          if (s.type === 'inbound-rtp' && s.ssrc === wanted && (s.packetsReceived ?? 0) > 5) packets = s.packetsReceived;
        });
        return packets;
      }, ssrc);
      const renegotiate = (sdp: string) => page.evaluate(async (offerSdp) => {
        const pc = (window as unknown as PageWindow).pc;
        await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
        await pc.setLocalDescription(await pc.createAnswer());
        return pc.localDescription?.sdp ?? '';
      }, sdp);

      const ALICE = 0x9abcdef0; // ≥ 2^31: negative in Telegram's JSON
      let table = withSourceChanges(first.table, { add: [{ ssrc: ALICE | 0 }] });
      const browserAnswer = parse(await renegotiate(serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 2 })));
      expect(browserAnswer.media.map((m) => m.direction)).toEqual(['sendonly', 'recvonly']);
      forwardAs = [ALICE];
      expect(await until('inbound-rtp of ALICE', () => inbound(ALICE))).toBeGreaterThan(5);

      // ALICE leaves (m-line inactive), then BOB reuses ALICE's m-line.
      const BOB = 123456789;
      table = withSourceChanges(table, { remove: [ALICE | 0] });
      await renegotiate(serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 3 }));
      table = withSourceChanges(table, { add: [{ ssrc: BOB }] });
      expect(table.slots).toHaveLength(2);
      const third = parse(await renegotiate(serverOfferFromTransport(transport, table, { ...origin, sessionVersion: 4 })));
      expect(third.media).toHaveLength(2);
      forwardAs = [BOB];
      expect(await until('inbound-rtp of BOB on the recycled m-line', () => inbound(BOB))).toBeGreaterThan(5);
      // The browser kept sending its own SSRC with the server's payload type through all of it.
      expect(server.received.get(ownSsrc) ?? 0).toBeGreaterThan(5);
    } finally {
      await server.close();
    }
  }, 20_000);
});
