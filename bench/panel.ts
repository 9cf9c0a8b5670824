// Bench 4: the participant panel with 10 000 people. A fresh group with a call, 10 000 muted listeners seeded into it
// (GroupCalls.addFakeParticipants, what POST /control/calls/seed-participants does), then the real app — a production
// build (vite build) served by vite preview with /apiws proxied to the bench's server — signed in as Alice in
// Chromium, joining that call through its UI. Figures:
// - join → panel: from the click on Join to the panel listing everyone (the engine reads 100 pages of 100);
// - first render: from the click on "Back to the call" (the store already holds 10 001 people) to the panel's rows in
//   the DOM and two animation frames later (painted), median of several;
// - scroll: a scripted scroll from the top to the bottom of the panel and back (one step per frame), with a
//   PerformanceObserver('longtask') running: how many main-thread tasks took over 50 ms, the longest, and the longest
//   gap between two frames.

import type { Browser, Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { createChat } from '../emulator/api/operations';
import { Events } from '../emulator/api/events';
import { SEED_PEOPLE } from '../emulator/world/seed';
import type { BenchEnv } from './support/env';
import { median, ms, table } from './support/stats';

const PEOPLE = Number(process.env.TGCALL_PANEL_PEOPLE ?? 10_000);
const RENDER_RUNS = 7;
const JOIN_TIMEOUT_MS = 120_000;
/** Pixels per frame of the scripted scroll: more than the panel's height, so every frame shows new rows. */
const SCROLL_STEP = 1_500;

const root = fileURLToPath(new URL('..', import.meta.url));

interface ScrollFigures {
  frames: number;
  longTasks: number;
  longestTask: number;
  longestFrame: number;
  p95Frame: number;
}

async function waitForText(page: Page, selector: string, timeoutMs: number): Promise<void> {
  await page.waitForSelector(selector, { timeout: timeoutMs });
}

/** Click "Back to the call" on the chat list and time until the panel's rows are in the DOM and painted. */
function timeFirstRender(page: Page, label: string): Promise<number> {
  return page.evaluate(async (label) => {
    const link = [...document.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'Back to the call');
    if (link === undefined) throw new Error('no "Back to the call" link');
    const start = performance.now();
    link.click();
    await new Promise<void>((resolve) => {
      const check = () => {
        const list = document.querySelector(`ul[aria-label="${label}"]`);
        if (list !== null && list.querySelectorAll('li').length > 0) resolve();
        else requestAnimationFrame(check);
      };
      check();
    });
    // Two frames: the one that paints the rows has run.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  }, label);
}

function scrollEndToEnd(page: Page, label: string, step: number): Promise<ScrollFigures> {
  return page.evaluate(
    async ({ label, step }) => {
      const list = document.querySelector(`ul[aria-label="${label}"]`);
      const scroller = list?.parentElement;
      if (!scroller) throw new Error('no panel');
      const tasks: number[] = [];
      const observer = new PerformanceObserver((entries) => {
        for (const entry of entries.getEntries()) tasks.push(entry.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      const frames: number[] = [];
      let last = performance.now();
      const frame = () =>
        new Promise<void>((r) =>
          requestAnimationFrame(() => {
            const now = performance.now();
            frames.push(now - last);
            last = now;
            r();
          }),
        );
      await frame();
      const max = scroller.scrollHeight - scroller.clientHeight;
      while (scroller.scrollTop < max - 1) {
        scroller.scrollTop = Math.min(max, scroller.scrollTop + step);
        await frame();
      }
      while (scroller.scrollTop > 0) {
        scroller.scrollTop = Math.max(0, scroller.scrollTop - step);
        await frame();
      }
      await frame();
      await new Promise((r) => setTimeout(r, 100));
      observer.disconnect();
      const sorted = [...frames].sort((a, b) => a - b);
      return {
        frames: frames.length,
        longTasks: tasks.length,
        longestTask: tasks.length === 0 ? 0 : Math.max(...tasks),
        longestFrame: Math.max(...frames),
        p95Frame: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!,
      };
    },
    { label, step },
  );
}

export async function benchPanel(env: BenchEnv): Promise<string> {
  // The app, built for production, served with /apiws forwarded to this bench's server.
  const outDir = mkdtempSync(join(tmpdir(), 'tgcall-bench-app-'));
  const previewServer = await (async () => {
    await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    return preview({
      root,
      logLevel: 'silent',
      build: { outDir },
      preview: { port: 0, host: '127.0.0.1', strictPort: false, proxy: { '/apiws': { target: env.server.url.replace(/\/apiws$/, ''), ws: true, changeOrigin: true } } },
    });
  })();
  const appUrl = previewServer.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (appUrl === undefined) throw new Error('vite preview has no URL');

  const world = env.server.world;
  const calls = env.part.calls;
  const alice = world.users.byPhone(SEED_PEOPLE[0]!.phone)!.id;
  const bob = world.users.byPhone(SEED_PEOPLE[1]!.phone)!.id;
  const title = `Panel bench ${Date.now() % 100_000}`;
  const { chatId } = createChat({ world, events: new Events(world, () => {}), now: world.now() }, alice, [bob], title);
  const { call, batch } = calls.create(world.now(), alice, { type: 'chat', id: chatId }, { randomId: 104, title: 'bench: panel', scheduleDate: null, rtmp: false });
  calls.deliverLive(batch);
  const seedStart = performance.now();
  calls.addFakeParticipants(world.now(), call, PEOPLE);
  const seedMs = performance.now() - seedStart;

  const browser: Browser | null = env.page.context().browser();
  if (browser === null) throw new Error('no browser');
  const context = await browser.newContext({ baseURL: appUrl, viewport: { width: 1000, height: 900 } });
  try {
    // tsx (esbuild, keepNames) wraps named functions inside the page.evaluate callbacks in __name(): give the page one.
    await context.addInitScript('window.__name = (fn) => fn;');
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('panel bench page error:', e.message));
    // Sign in through the UI, as a person would.
    const person = SEED_PEOPLE[0]!;
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Phone number' }).fill(person.phone);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('textbox', { name: 'Code' }).fill(person.phone[5]!.repeat(5));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Chats', level: 1 }).waitFor();
    await page.getByRole('link', { name: title, exact: true }).click();
    const joinButton = page.getByRole('button', { name: 'Join' });
    await joinButton.waitFor();
    const label = `Participants (${PEOPLE + 1})`;
    const joinStart = Date.now();
    await joinButton.click();
    // A person who owns channels is asked whom to join as (the join-as picker): as themselves.
    const joinAs = page.getByRole('group', { name: 'Join as' });
    if (await joinAs.waitFor({ timeout: 3_000 }).then(() => true, () => false)) await joinButton.click();
    try {
      await waitForText(page, `ul[aria-label="${label}"] li`, JOIN_TIMEOUT_MS);
    } catch (error) {
      await page.screenshot({ path: join(tmpdir(), 'tgcall-panel-bench-failure.png') });
      const seen = await page.evaluate(() => [...document.querySelectorAll('ul[aria-label], [role=status], [role=alert]')].map((e) => e.getAttribute('aria-label') ?? e.textContent));
      throw new Error(`the panel did not list ${label}; the page shows: ${seen.join(' | ')}`, { cause: error });
    }
    const joinMs = Date.now() - joinStart;
    await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor({ timeout: 30_000 });

    const renders: number[] = [];
    for (let i = 0; i < RENDER_RUNS; i++) {
      await page.getByRole('link', { name: 'Chats' }).click();
      await page.getByRole('heading', { name: 'Chats', level: 1 }).waitFor();
      renders.push(await timeFirstRender(page, label));
    }
    const rowsInDom = await page.evaluate((label) => document.querySelectorAll(`ul[aria-label="${label}"] li`).length, label);
    const scrolls: ScrollFigures[] = [];
    for (let i = 0; i < 2; i++) scrolls.push(await scrollEndToEnd(page, label, SCROLL_STEP));

    const rows: string[][] = [
      [`seed ${PEOPLE} listeners (server)`, ms(seedMs, 0), 'GroupCalls.addFakeParticipants'],
      ['Join → panel lists everyone', ms(joinMs, 0), `${Math.ceil((PEOPLE + 1) / 100)} pages of phone.getGroupParticipants`],
      [`first render (median of ${RENDER_RUNS})`, ms(median(renders)), `all: ${renders.map((r) => r.toFixed(0)).join(', ')}; aim ≤ 200`],
      ['rows in the DOM', String(rowsInDom), `of ${PEOPLE + 1}`],
      ...scrolls.map((s, i) => [
        `scroll ${i + 1}: longest task`,
        s.longTasks === 0 ? '< 50' : ms(s.longestTask),
        `${s.longTasks} long tasks (> 50 ms) in ${s.frames} frames, step ${SCROLL_STEP} px; aim: none`,
      ]),
      ...scrolls.map((s, i) => [`scroll ${i + 1}: frame gap max / p95`, `${ms(s.longestFrame)} / ${ms(s.p95Frame)}`, 'between requestAnimationFrame callbacks']),
    ];
    return table(`panel — ${PEOPLE + 1} people in a call, Chromium, production build (ms)`, ['figure', 'ms', 'note'], rows);
  } finally {
    await context.close();
    await previewServer.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
