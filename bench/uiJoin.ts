// Joining through the app, as a person does: the production build (vite build + vite preview, its /apiws aimed at the
// bench's server) in the bench's Chromium, signed in as Bob through the sign-in screen, on the demo megagroup's page;
// each join clicks "Join" in the page and times, from that click, the call screen's "Connected" and the first packet of
// the call's simulated speaker received (the same estimate as the engine's join: inbound-rtp's
// lastPacketReceivedTimestamp − 20 ms per packet already counted, polled every 5 ms). Then "Leave", and again.

import type { Page } from '@playwright/test';
import { DEMO_GROUP_USERNAME, SEED_PEOPLE } from '../emulator/world/seed';
import { startPreviewProcess } from '../e2e/support/processes';
import { sleep, type BenchEnv } from './support/env';

export interface UiJoin {
  /** Click → the call screen says "Connected". */
  connected: number;
  /** Click → the speaker's first packet received (estimate). */
  firstAudio: number;
  /** Click → the first getStats poll that counted it. */
  seen: number;
}

const TIMEOUT_MS = 10_000;

/** In the page: keeps every RTCPeerConnection the app makes, to read their inbound-rtp. */
function trackPeerConnections(): void {
  const Original = window.RTCPeerConnection;
  const kept: RTCPeerConnection[] = [];
  (window as unknown as { __benchPcs: RTCPeerConnection[] }).__benchPcs = kept;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      kept.push(this);
    }
  };
}

/** In the page: clicks Join and waits for "Connected" and for the first inbound audio packet. */
function clickJoinAndTime(timeoutMs: number): Promise<{ connected: number; firstAudio: number; seen: number }> {
  const now = () => performance.timeOrigin + performance.now();
  const pcs = (window as unknown as { __benchPcs: RTCPeerConnection[] }).__benchPcs;
  const known = pcs.length;
  const join = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Join');
  if (join === undefined) return Promise.reject(new Error('no Join button on the page'));
  return new Promise((resolve, reject) => {
    let connected = NaN;
    let firstAudio = NaN;
    let seen = NaN;
    const isConnected = () =>
      [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent?.trim() === 'Connected');
    const observer = new MutationObserver(() => {
      if (Number.isNaN(connected) && isConnected()) connected = now();
      finish();
    });
    const deadline = setTimeout(() => {
      stop();
      reject(new Error(`not connected and heard within ${timeoutMs} ms`));
    }, timeoutMs);
    let polling = true;
    const stop = () => {
      polling = false;
      observer.disconnect();
      clearTimeout(deadline);
    };
    const finish = () => {
      if (Number.isNaN(connected) || Number.isNaN(firstAudio)) return;
      stop();
      resolve({ connected: connected - t0, firstAudio: firstAudio - t0, seen: seen - t0 });
    };
    const poll = async () => {
      while (polling && Number.isNaN(firstAudio)) {
        for (const pc of pcs.slice(known)) {
          const stats = await pc.getStats();
          stats.forEach(
            (s: { type: string; kind?: string; packetsReceived?: number; lastPacketReceivedTimestamp?: number }) => {
              if (!Number.isNaN(firstAudio) || s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
              const packets = s.packetsReceived ?? 0;
              if (packets === 0 || s.lastPacketReceivedTimestamp === undefined) return;
              seen = now();
              firstAudio = Math.min(seen, s.lastPacketReceivedTimestamp - 20 * (packets - 1));
            },
          );
        }
        finish();
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    const t0 = now();
    join.click();
    void poll();
  });
}

async function signInThroughTheApp(page: Page, url: string, phone: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Phone number' }).fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByRole('textbox', { name: 'Code' }).fill(phone[5].repeat(5));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Chats', level: 1 }).waitFor();
}

/** `joins` joins through the app's Join button (after one warm-up join, returned apart), each left with Leave. */
export async function uiJoins(env: BenchEnv, joins: number): Promise<{ warmUp: UiJoin; joins: UiJoin[] }> {
  const app = await startPreviewProcess(env.server.url);
  const browser = env.page.context().browser();
  if (browser === null) throw new Error('the bench page has no browser');
  const context = await browser.newContext({ baseURL: app.url });
  try {
    // tsx names functions with an esbuild helper (__name) that functions handed to the page carry along: define it there.
    await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
    await context.addInitScript(trackPeerConnections);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('bench app page error:', e.message));
    await signInThroughTheApp(page, app.url, SEED_PEOPLE[1].phone);
    const demo = env.server.world.channels.byUsername(DEMO_GROUP_USERNAME);
    if (demo === undefined) throw new Error('no demo megagroup');
    await page.goto(`/chat/${encodeURIComponent(`channel:${demo.id}`)}`);
    const join = page.getByRole('button', { name: 'Join', exact: true });
    const once = async (): Promise<UiJoin> => {
      await join.waitFor();
      await sleep(150);
      const result = await page.evaluate(clickJoinAndTime, TIMEOUT_MS);
      await page.getByRole('button', { name: 'Leave' }).click();
      const dialog = page.getByRole('dialog', { name: 'Leave the video chat?' });
      if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
      return result;
    };
    const warmUp = await once();
    const results: UiJoin[] = [];
    for (let i = 0; i < joins; i++) results.push(await once());
    return { warmUp, joins: results };
  } finally {
    await context.close();
    await app.stop();
  }
}
