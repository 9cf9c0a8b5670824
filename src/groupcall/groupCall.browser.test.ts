// The engine end to end in real Chromium: GroupCall + PeerConnectionTransport + getUserMedia in the page, its
// TelegramApi answered by this Node test with a werift ICE-lite stand-in for Telegram's media server. Proves: a
// duplicate-SSRC refusal retried on a new connection, join, a participant's source added and received (inbound-rtp
// from that SSRC), a later participant added by an update (a second renegotiation), speaking detected from real levels
// (own microphone and remote audio, which the engine plays), leave with the own source.

import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypeUpdate } from '../telegram/tl/api.generated';
import type { JoinPayload } from './sdp';
import { CALL, connectionUpdate, participant, participantsUpdate, updatesOf } from './testing/callFixtures';
import type { PageHarness } from './testing/pageHarness';
import { joinStandInSfu, type StandInJoin } from './testing/standInSfu';
import type { RtcGroupCallTransport } from './sdp';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--allow-loopback-in-peer-connection',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required',
];
const ALICE = 0x9abcdef0 | 0; // negative as Telegram sends it
const BOB = 123456789;

type PageWindow = Window & { harness: PageHarness; startPageHarness: (call: typeof CALL) => PageHarness };

/** The page's script: the engine and pageHarness.ts bundled by Vite (the project's own bundler) into one IIFE. */
async function pageScript(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: fileURLToPath(new URL('./testing/pageEntry.ts', import.meta.url)), formats: ['iife'], name: 'tgcallEngineTest' },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    if (!('output' in result)) continue;
    const chunk = result.output.find((o) => o.type === 'chunk');
    if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite build produced no chunk');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!existsSync(CHROMIUM))('GroupCall in real Chromium against a werift stand-in server', () => {
  let browser: Browser;
  let page: Page;
  let script: string;
  beforeAll(async () => {
    script = await pageScript();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    page = await browser.newPage();
    await page.route('http://localhost/', (route) => route.fulfill({ contentType: 'text/html', body: '<title>engine</title>' }));
    await page.goto('http://localhost/');
    await page.addScriptTag({ content: script });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('joins (after a duplicate-SSRC refusal), receives a participant’s SSRC, adds another by update, leaves', async () => {
    const servers: StandInJoin[] = [];
    const joins: JoinPayload[] = [];
    const calls: { method: string; params: Record<string, unknown> }[] = [];
    let version = 1;
    await page.exposeFunction('tgCall', async (method: string, paramsJson: string): Promise<string> => {
      const params = JSON.parse(paramsJson) as Record<string, unknown>;
      calls.push({ method, params });
      switch (method) {
        case 'phone.joinGroupCall': {
          const join = JSON.parse((params.params as { data: string }).data) as JoinPayload;
          joins.push(join);
          if (joins.length === 1) return JSON.stringify({ error: { code: 400, type: 'GROUPCALL_SSRC_DUPLICATE_MUCH' } });
          const server = await joinStandInSfu(join);
          server.echoAs.add(ALICE);
          servers.push(server);
          const transport = JSON.parse(server.transportJson) as RtcGroupCallTransport;
          return JSON.stringify({ result: updatesOf(connectionUpdate(transport)) });
        }
        case 'phone.getGroupParticipants': {
          const own = joins.at(-1)?.ssrc ?? 0;
          const participants = (params.sources as number[]).length > 0 ? [] : [participant('1', own, { self: true }), participant('2', ALICE)];
          return JSON.stringify({ result: { _: 'phone.groupParticipants', count: participants.length, participants, next_offset: '', chats: [], users: [], version } });
        }
        case 'phone.checkGroupCall':
          return JSON.stringify({ result: params.sources });
        case 'phone.leaveGroupCall':
          return JSON.stringify({ result: updatesOf() });
        default:
          return JSON.stringify({ error: { code: 400, type: 'METHOD_NOT_SCRIPTED' } });
      }
    });
    const started = Date.now();
    await page.evaluate((call) => {
      const w = window as unknown as PageWindow;
      w.harness = w.startPageHarness(call);
    }, CALL);
    const state = () => page.evaluate(() => (window as unknown as PageWindow).harness.state());
    const inbound = (ssrc: number) => page.evaluate((s) => (window as unknown as PageWindow).harness.inboundPackets(s), ssrc);
    try {
      await until('connected', async () => ((await state()).state === 'connected' ? true : undefined));
      const connectedMs = Date.now() - started;
      expect(joins).toHaveLength(2);
      expect(joins[1].ssrc).not.toBe(joins[0].ssrc); // a new RTCPeerConnection, a fresh SSRC
      expect(joins[1].ufrag).not.toBe(joins[0].ufrag);
      const server = servers[0];
      expect((await state()).source).toBe(joins[1].ssrc);
      await until('RTP from the browser', async () => ((server.received.get(joins[1].ssrc >>> 0) ?? 0) > 5 ? true : undefined));

      // ALICE (from the participants list) gets an m-line, and her forwarded packets arrive.
      const alicePackets = await until('inbound-rtp of ALICE', async () => {
        const n = await inbound(ALICE);
        return n > 5 ? n : undefined;
      });
      expect(alicePackets).toBeGreaterThan(5);
      expect((await state()).remoteSsrcs).toEqual([ALICE]);

      // BOB arrives by an update: a second renegotiation, on the same connection.
      version += 1;
      const update: TypeUpdate = participantsUpdate(version, participant('3', BOB, { versioned: true }));
      server.echoAs.add(BOB);
      await page.evaluate((json) => (window as unknown as PageWindow).harness.pushUpdate(json), JSON.stringify(update));
      await until('inbound-rtp of BOB', async () => ((await inbound(BOB)) > 5 ? true : undefined));
      const after = await state();
      expect(after.remoteSsrcs.sort()).toEqual([ALICE, BOB].sort());
      expect(after.transports).toBe(2);
      expect(after.state).toBe('connected');
      // Speaking from real levels: the engine plays remote audio, so Chromium measures it (the fake microphone beeps).
      const speakers = await until('speaking: self and both remote participants', async () => {
        const who = new Set((await state()).log.flatMap((line) => {
          const m = /^speakingChanged (.*)$/.exec(line);
          const e = m === null ? null : (JSON.parse(m[1]) as { peerId: string | null; speaking: boolean });
          return e?.speaking === true && e.peerId !== null ? [e.peerId] : [];
        }));
        return ['user:1', 'user:2', 'user:3'].every((p) => who.has(p)) ? [...who].sort() : undefined;
      });
      expect(speakers).toEqual(['user:1', 'user:2', 'user:3']);
      console.info(`GroupCall in Chromium: joined and connected in ${connectedMs} ms (including one duplicate-SSRC retry)`);

      await page.evaluate(() => (window as unknown as PageWindow).harness.leave());
      expect(calls.filter((c) => c.method === 'phone.leaveGroupCall').map((c) => c.params)).toEqual([{ call: CALL, source: joins[1].ssrc }]);
      expect((await state()).state).toBe('left');
    } finally {
      for (const s of servers) await s.close();
    }
  }, 30_000);
});
