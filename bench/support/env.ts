// What every bench needs, started in this process and stopped by close(): the local server (startServer, in-process
// so that the bench reads the SFU's own stats), two fresh calls, a loopback HTTP side channel that serves the bench
// page and lets the baseline call Sfu.join directly, and Chromium with the bench page signed in as Alice.

import { chromium, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callKeyOf } from '../../emulator/calls/callMedia';
import { createGroupCallsPart, type GroupCallsPart } from '../../emulator/calls/callsExtension';
import type { CallRow, ParticipantRow } from '../../emulator/calls/callStore';
import { peerKey } from '../../emulator/calls/callTl';
import { startServer, type RunningServer } from '../../emulator/server';
import { Sfu } from '../../emulator/sfu/index';
import { BOOK_CLUB_TITLE, DEMO_GROUP_USERNAME, SEED_PEOPLE } from '../../emulator/world/seed';
import type { InputGroupCall } from '../../src/telegram/tl/api.generated';
import type { BenchPage } from '../page/entry';
import { benchPageScript } from './pageBundle';
import { CHROMIUM, chromiumFlags } from '../../scripts/chromium';

export { CHROMIUM };
export const CHROMIUM_FLAGS = chromiumFlags({ autoplay: true });

export type PageWindow = Window & { bench: BenchPage };

export interface BenchCall {
  row: CallRow;
  key: string;
  input: InputGroupCall;
}

export interface BenchEnv {
  server: RunningServer;
  sfu: Sfu;
  part: GroupCallsPart;
  /** The call of the join bench (in the demo megagroup) and the one of the speakers bench (in the Book Club group). */
  joinCall: BenchCall;
  speakersCall: BenchCall;
  page: Page;
  /** http://127.0.0.1:N — the page's origin and the baseline's side channel. */
  sideUrl: string;
  signIn: { firstCallMs: number; signInMs: number };
  /** Adds `count` simulated speakers (new people) to a call, the first `cameras` of them with a camera; their rows. */
  addSpeakers(call: BenchCall, count: number, cameras?: number): ParticipantRow[];
  /**
   * Stops forwarding a simulated speaker's audio at the SFU while the call still lists it unmuted: someone present who
   * can speak but is silent (Telegram's servers forward only who speaks).
   */
  silence(call: BenchCall, row: ParticipantRow): void;
  /** Forwards a silenced speaker's audio again: someone present and unmuted who starts speaking. */
  unsilence(call: BenchCall, row: ParticipantRow): void;
  removeParticipant(call: BenchCall, row: ParticipantRow): void;
  speakerSources(call: BenchCall): number[];
  /** The simulated speakers present in a call. */
  simulated(call: BenchCall): ParticipantRow[];
  /** Another page of the bench script, signed in as seeded person `index` (0 is Alice, the main page's). */
  personPage(index: number): Promise<Page>;
  close(): Promise<void>;
}

function inputOf(row: CallRow): BenchCall {
  return {
    row,
    key: callKeyOf(row.id),
    input: { _: 'inputGroupCall', id: String(row.id), access_hash: String(row.accessHash) },
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

export async function startBenchEnv(): Promise<BenchEnv> {
  const stops: (() => Promise<void> | void)[] = [];
  // One closing for every caller (a signal handler and the run's own finally may both call it): all wait for the end.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const stop of stops.splice(0).reverse()) {
        try {
          await stop();
        } catch (error) {
          console.error('bench: stopping failed:', error);
        }
      }
    })());
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'tgcall-bench-'));
    stops.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const sfu = new Sfu();
    stops.push(() => sfu.close());
    let part: GroupCallsPart | undefined;
    const server = await startServer({
      port: 0,
      dataDir,
      control: true,
      extend: (world) => (part = createGroupCallsPart(world, { media: sfu, demo: false })),
    });
    stops.push(() => server.close());
    const calls = part!.calls;
    const world = server.world;
    const alice = world.users.byPhone(SEED_PEOPLE[0].phone)!.id;
    const demo = world.channels.byUsername(DEMO_GROUP_USERNAME)!;
    const bookClub = world.chats.ofUser(alice).find((id) => world.chats.get(id)?.title === BOOK_CLUB_TITLE)!;
    const created = (chat: { type: 'chat' | 'channel'; id: number }, randomId: number, title: string) => {
      const { call, batch } = calls.create(world.now(), alice, chat, {
        randomId,
        title,
        scheduleDate: null,
        rtmp: false,
      });
      calls.deliverLive(batch);
      return inputOf(call);
    };
    const joinCall = created({ type: 'channel', id: demo.id }, 101, 'bench: join');
    const speakersCall = created({ type: 'chat', id: bookClub }, 102, 'bench: speakers');
    const fresh = (call: BenchCall): BenchCall => ({ ...call, row: calls.store.get(call.row.id)! });

    const addSpeakers = (call: BenchCall, count: number, cameras = 0): ParticipantRow[] => {
      const users: number[] = [];
      for (let i = 0; i < count; i++) {
        users.push(
          world.users.create({
            phone: `speaker-${randomUUID()}`,
            firstName: 'Speaker',
            lastName: String(i + 1),
            now: world.now(),
          }).id,
        );
      }
      return calls.addSimulatedSpeakers(world.now(), fresh(call).row, users, { cameras });
    };
    const silence = (call: BenchCall, row: ParticipantRow) => sfu.setMuted(call.key, peerKey(row.peer), true);
    const unsilence = (call: BenchCall, row: ParticipantRow) => sfu.setMuted(call.key, peerKey(row.peer), false);
    const removeParticipant = (call: BenchCall, row: ParticipantRow) =>
      calls.deliverLive(calls.removeParticipant(world.now(), fresh(call).row, row));
    const simulated = (call: BenchCall) => calls.store.participants(call.row.id).filter((p) => p.kind === 'simulated');
    const speakerSources = (call: BenchCall) => simulated(call).map((p) => p.source);

    // The side channel: the page (same origin) and, for the baseline, Sfu.join / Sfu.leave on the join bench's call.
    const script = await benchPageScript();
    let baselineSerial = 0;
    const side = http.createServer((req, res) => {
      void (async () => {
        try {
          if (req.method === 'GET' && req.url === '/') {
            res
              .writeHead(200, { 'content-type': 'text/html' })
              .end('<!doctype html><title>tgcall bench</title><body><script src="/bench.js"></script></body>');
          } else if (req.method === 'GET' && req.url === '/bench.js') {
            res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
          } else if (req.method === 'POST' && req.url === '/join') {
            const payload = await readBody(req);
            const endpoint = `baseline:${++baselineSerial}`;
            const transport = await sfu.join(joinCall.key, endpoint, payload);
            res
              .writeHead(200, { 'content-type': 'application/json' })
              .end(JSON.stringify({ transport, speakers: speakerSources(joinCall), endpoint }));
          } else if (req.method === 'POST' && req.url === '/leave') {
            const { endpoint } = JSON.parse(await readBody(req)) as { endpoint: string };
            await sfu.leave(joinCall.key, endpoint);
            res.writeHead(200).end('{}');
          } else {
            res.writeHead(404).end();
          }
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      })();
    });
    await new Promise<void>((resolve) => side.listen(0, '127.0.0.1', resolve));
    stops.push(() => {
      side.closeAllConnections();
      return new Promise<void>((resolve) => side.close(() => resolve()));
    });
    const address = side.address();
    if (address === null || typeof address === 'string') throw new Error('side channel has no address');
    const sideUrl = `http://127.0.0.1:${address.port}`;

    // run.ts handles SIGINT / SIGTERM itself (closes everything, then exits); Playwright's own handlers would exit first.
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    stops.push(() => browser.close());
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('bench page error:', e.message));
    await page.goto(`${sideUrl}/`);
    await page.waitForFunction(() => (window as unknown as Partial<PageWindow>).bench !== undefined);
    stops.push(() => page.evaluate(() => (window as unknown as PageWindow).bench.close()).catch(() => undefined));
    const person = SEED_PEOPLE[0];
    const signIn = await page.evaluate(
      ([url, phone]) => (window as unknown as PageWindow).bench.signIn(url, phone, phone[5].repeat(5)),
      [server.url, person.phone] as const,
    );
    const personPage = async (index: number): Promise<Page> => {
      const other = await browser.newPage();
      other.on('pageerror', (e) => console.error('bench page error:', e.message));
      await other.goto(`${sideUrl}/`);
      await other.waitForFunction(() => (window as unknown as Partial<PageWindow>).bench !== undefined);
      stops.push(() => other.evaluate(() => (window as unknown as PageWindow).bench.close()).catch(() => undefined));
      const phone = SEED_PEOPLE[index].phone;
      await other.evaluate(([url, p]) => (window as unknown as PageWindow).bench.signIn(url, p, p[5].repeat(5)), [
        server.url,
        phone,
      ] as const);
      return other;
    };
    return {
      server,
      sfu,
      part: part!,
      joinCall,
      speakersCall,
      page,
      sideUrl,
      signIn,
      addSpeakers,
      silence,
      unsilence,
      removeParticipant,
      speakerSources,
      simulated,
      personPage,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
