// The engine end to end in real Chromium: GroupCall + PeerConnectionTransport + getUserMedia in the page, its
// TelegramApi answered by this Node test with a werift ICE-lite stand-in for Telegram's media server. Proves: a
// duplicate-SSRC refusal retried on a new connection, join, a participant's source added and received (inbound-rtp
// from that SSRC), a later participant added by an update (a second renegotiation), speaking detected from real levels
// (own microphone and remote audio, which the engine plays), leave with the own source.

import { chromium, type Browser, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypeUpdate } from '../telegram/tl/api.generated';
import type { JoinPayload } from './sdp';
import { CALL, connectionUpdate, participant, participantsUpdate, updatesOf } from './testing/callFixtures';
import type { PageHarness, startPageHarness } from './testing/pageHarness';
import { joinStandInSfu, type StandInJoin } from './testing/standInSfu';
import type { RtcGroupCallTransport } from './sdp';
import { CHROMIUM, chromiumFlags, skipBrowserTests } from '../../scripts/chromium';
import { bundlePageScript } from '../../scripts/pageScript';
import { until } from '../../scripts/until';

/** Pages and WebRTC on a busy machine: ask every 50 ms, for up to 10 s. */
const POLL = { timeoutMs: 10_000, everyMs: 50 };

const CHROMIUM_FLAGS = chromiumFlags({ autoplay: true });
const ALICE = 0x9abcdef0 | 0; // negative as Telegram sends it
const BOB = 123456789;

type PageWindow = Window & { harness: PageHarness; startPageHarness: typeof startPageHarness };

/** The page's script: the engine and pageHarness.ts bundled into one IIFE. */
function pageScript(): Promise<string> {
  return bundlePageScript(fileURLToPath(new URL('./testing/pageEntry.ts', import.meta.url)), 'tgcallEngineTest');
}

/** Telegram as far as these tests need it: phone.* answered from a werift stand-in SFU, one per join. */
class StandInTelegram {
  readonly servers: StandInJoin[] = [];
  readonly joins: JoinPayload[] = [];
  readonly calls: { method: string; params: Record<string, unknown> }[] = [];
  version = 1;
  /** Refuse the first join with GROUPCALL_SSRC_DUPLICATE_MUCH. */
  refuseFirstJoin = false;
  /** phone.checkGroupCall answers that the server no longer knows any source. */
  forgetSources = false;

  async handle(method: string, paramsJson: string): Promise<string> {
    const params = JSON.parse(paramsJson) as Record<string, unknown>;
    this.calls.push({ method, params });
    switch (method) {
      case 'phone.joinGroupCall': {
        const join = JSON.parse((params.params as { data: string }).data) as JoinPayload;
        this.joins.push(join);
        if (this.refuseFirstJoin && this.joins.length === 1)
          return JSON.stringify({ error: { code: 400, type: 'GROUPCALL_SSRC_DUPLICATE_MUCH' } });
        this.forgetSources = false;
        const server = await joinStandInSfu(join);
        server.echoAs.add(ALICE);
        this.servers.push(server);
        return JSON.stringify({
          result: updatesOf(connectionUpdate(JSON.parse(server.transportJson) as RtcGroupCallTransport)),
        });
      }
      case 'phone.getGroupParticipants': {
        const own = this.joins.at(-1)?.ssrc ?? 0;
        const participants =
          (params.sources as number[]).length > 0
            ? []
            : [participant('1', own, { self: true }), participant('2', ALICE)];
        return JSON.stringify({
          result: {
            _: 'phone.groupParticipants',
            count: participants.length,
            participants,
            next_offset: '',
            chats: [],
            users: [],
            version: this.version,
          },
        });
      }
      case 'phone.checkGroupCall':
        return JSON.stringify({ result: this.forgetSources ? [] : params.sources });
      case 'phone.leaveGroupCall':
        return JSON.stringify({ result: updatesOf() });
      default:
        return JSON.stringify({ error: { code: 400, type: 'METHOD_NOT_SCRIPTED' } });
    }
  }

  async close(): Promise<void> {
    for (const s of this.servers) await s.close();
  }
}

describe.skipIf(skipBrowserTests())('GroupCall in real Chromium against a werift stand-in server', () => {
  let browser: Browser;
  let script: string;
  beforeAll(async () => {
    script = await pageScript();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh page whose GroupCall talks to `telegram`; returns probes into the page. */
  async function openCall(telegram: StandInTelegram, timing: Parameters<typeof startPageHarness>[1] = {}) {
    const page: Page = await browser.newPage();
    await page.route('http://localhost/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>engine</title>' }),
    );
    await page.goto('http://localhost/');
    await page.addScriptTag({ content: script });
    await page.exposeFunction('tgCall', (method: string, paramsJson: string) => telegram.handle(method, paramsJson));
    await page.evaluate(
      ([call, t]) => {
        const w = window as unknown as PageWindow;
        w.harness = w.startPageHarness(call, t);
      },
      [CALL, timing] as const,
    );
    return {
      page,
      state: () => page.evaluate(() => (window as unknown as PageWindow).harness.state()),
      inbound: (ssrc: number) =>
        page.evaluate((s) => (window as unknown as PageWindow).harness.inboundPackets(s), ssrc),
      pushUpdate: (update: TypeUpdate) =>
        page.evaluate((json) => (window as unknown as PageWindow).harness.pushUpdate(json), JSON.stringify(update)),
      leave: () => page.evaluate(() => (window as unknown as PageWindow).harness.leave()),
    };
  }

  it('joins (after a duplicate-SSRC refusal), receives a participant’s SSRC, adds another by update, leaves', async () => {
    const telegram = new StandInTelegram();
    telegram.refuseFirstJoin = true;
    const started = Date.now();
    const { page, state, inbound, pushUpdate, leave } = await openCall(telegram);
    const { joins } = telegram;
    try {
      await until('connected', async () => ((await state()).state === 'connected' ? true : undefined), POLL);
      const connectedMs = Date.now() - started;
      expect(joins).toHaveLength(2);
      expect(joins[1].ssrc).not.toBe(joins[0].ssrc); // a new RTCPeerConnection, a fresh SSRC
      expect(joins[1].ufrag).not.toBe(joins[0].ufrag);
      const server = telegram.servers[0];
      expect((await state()).source).toBe(joins[1].ssrc);
      await until(
        'RTP from the browser',
        async () => ((server.received.get(joins[1].ssrc >>> 0) ?? 0) > 5 ? true : undefined),
        POLL,
      );

      // ALICE (from the participants list) gets an m-line, and her forwarded packets arrive.
      const alicePackets = await until(
        'inbound-rtp of ALICE',
        async () => {
          const n = await inbound(ALICE);
          return n > 5 ? n : undefined;
        },
        POLL,
      );
      expect(alicePackets).toBeGreaterThan(5);
      expect((await state()).remoteSsrcs).toEqual([ALICE]);

      // BOB arrives by an update: a second renegotiation, on the same connection.
      telegram.version += 1;
      server.echoAs.add(BOB);
      await pushUpdate(participantsUpdate(telegram.version, participant('3', BOB, { versioned: true })));
      await until('inbound-rtp of BOB', async () => ((await inbound(BOB)) > 5 ? true : undefined), POLL);
      const after = await state();
      expect(after.remoteSsrcs.sort()).toEqual([ALICE, BOB].sort());
      expect(after.transports).toBe(2);
      expect(after.state).toBe('connected');
      // Speaking from real levels: the engine plays remote audio, so Chromium measures it (the fake microphone beeps).
      const speakers = await until(
        'speaking: self and both remote participants',
        async () => {
          const who = new Set(
            (await state()).log.flatMap((line) => {
              const m = /^speakingChanged (.*)$/.exec(line);
              const e = m === null ? null : (JSON.parse(m[1]) as { peerId: string | null; speaking: boolean });
              return e?.speaking === true && e.peerId !== null ? [e.peerId] : [];
            }),
          );
          return ['user:1', 'user:2', 'user:3'].every((p) => who.has(p)) ? [...who].sort() : undefined;
        },
        POLL,
      );
      expect(speakers).toEqual(['user:1', 'user:2', 'user:3']);
      console.info(
        `GroupCall in Chromium: joined and connected in ${connectedMs} ms (including one duplicate-SSRC retry)`,
      );

      await leave();
      expect(telegram.calls.filter((c) => c.method === 'phone.leaveGroupCall').map((c) => c.params)).toEqual([
        { call: CALL, source: joins[1].ssrc },
      ]);
      expect((await state()).state).toBe('left');
    } finally {
      await page.close();
      await telegram.close();
    }
  }, 30_000);

  it('rejoins on a new connection when the server removes us, and when the media path dies', async () => {
    const telegram = new StandInTelegram();
    const { page, state, inbound, pushUpdate } = await openCall(telegram, {
      checkIntervalMs: 300,
      disconnectedGraceMs: 300,
    });
    try {
      await until('connected', async () => ((await state()).state === 'connected' ? true : undefined), POLL);
      await until('inbound-rtp of ALICE', async () => ((await inbound(ALICE)) > 5 ? true : undefined), POLL);

      // The server removed us while media still flows (no polling then): it says so as our own participant leaving.
      // A new join, a new RTCPeerConnection, media again.
      telegram.version += 1;
      await pushUpdate({
        _: 'updateGroupCallParticipants',
        call: CALL,
        participants: [participant('1', telegram.joins[0].ssrc, { self: true, left: true })],
        version: telegram.version,
      });
      await until('a second join', async () => (telegram.joins.length === 2 ? true : undefined), POLL);
      await until(
        'connected again',
        async () => ((await state()).state === 'connected' && (await state()).transports === 2 ? true : undefined),
        POLL,
      );
      await until(
        'inbound-rtp of ALICE on the new connection',
        async () => ((await inbound(ALICE)) > 5 ? true : undefined),
        POLL,
      );

      // The server's side of the connection goes away (ICE stops answering): Chromium reports it, the engine rejoins.
      const startedAt = Date.now();
      await telegram.servers[1].close();
      await until('a third join', async () => (telegram.joins.length === 3 ? true : undefined), {
        timeoutMs: 20_000,
        everyMs: 50,
      });
      await until(
        'connected after the media path died',
        async () => ((await state()).state === 'connected' && (await state()).transports === 3 ? true : undefined),
        POLL,
      );
      await until(
        'inbound-rtp of ALICE on the third connection',
        async () => ((await inbound(ALICE)) > 5 ? true : undefined),
        POLL,
      );
      console.info(`GroupCall in Chromium: a dead media path was noticed and rejoined in ${Date.now() - startedAt} ms`);
      const states = (await state()).log
        .filter((l) => l.startsWith('stateChanged'))
        .map((l) => (JSON.parse(l.slice('stateChanged '.length)) as { state: string }).state);
      expect(states).toEqual(['joining', 'connected', 'reconnecting', 'connected', 'reconnecting', 'connected']);
      expect(new Set(telegram.joins.map((j) => j.ssrc)).size).toBe(3);
    } finally {
      await page.close();
      await telegram.close();
    }
  }, 40_000);
});
