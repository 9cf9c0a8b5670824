// Helpers of the group-call specs: opening a chat's page, and the page's inbound
// audio as getStats reports it (every RTCPeerConnection the page makes is kept by an init script, test-only).
import { randomInt } from 'node:crypto';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { chatList } from './signIn';

/** Before any page script: remember each RTCPeerConnection so a test can read its getStats. */
export async function trackPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const kept: RTCPeerConnection[] = [];
    (window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }).__tgcallPeerConnections = kept;
    class Tracked extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        kept.push(this);
      }
    }
    window.RTCPeerConnection = Tracked;
  });
}

export interface InboundAudio {
  /** Unsigned SSRC, as getStats reports it. */
  ssrc: number;
  packetsReceived: number;
  totalAudioEnergy: number;
}

/** inbound-rtp audio of every open peer connection of the page, by SSRC (unsigned). */
export async function inboundAudio(page: Page): Promise<Map<number, InboundAudio>> {
  const rows = await page.evaluate(async () => {
    const pcs = (window as unknown as { __tgcallPeerConnections?: RTCPeerConnection[] }).__tgcallPeerConnections ?? [];
    const out: Array<{ ssrc: number; packetsReceived: number; totalAudioEnergy: number }> = [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach(
        (s: { type: string; kind?: string; ssrc?: number; packetsReceived?: number; totalAudioEnergy?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.ssrc !== undefined) {
            out.push({
              ssrc: s.ssrc,
              packetsReceived: s.packetsReceived ?? 0,
              totalAudioEnergy: s.totalAudioEnergy ?? 0,
            });
          }
        },
      );
    }
    return out;
  });
  return new Map(rows.map((r) => [r.ssrc, r]));
}

/** Telegram's signed source → the unsigned SSRC of getStats. */
export const unsigned = (source: number) => source >>> 0;

/** Waits until the page receives audio from `source` with packets and energy growing between two reads. */
export async function expectHearing(
  page: Page,
  source: number,
  what: string,
): Promise<{ packets: number; energy: number }> {
  const ssrc = unsigned(source);
  let first: InboundAudio | undefined;
  await expect
    .poll(
      async () => {
        first = (await inboundAudio(page)).get(ssrc);
        return first?.packetsReceived ?? 0;
      },
      { message: `${what}: inbound-rtp from SSRC ${ssrc}`, timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  let later: InboundAudio | undefined;
  await expect
    .poll(
      async () => {
        later = (await inboundAudio(page)).get(ssrc);
        return (
          (later?.packetsReceived ?? 0) > first!.packetsReceived &&
          (later?.totalAudioEnergy ?? 0) > first!.totalAudioEnergy
        );
      },
      { message: `${what}: packets and energy from SSRC ${ssrc} growing`, timeout: 10_000 },
    )
    .toBe(true);
  return { packets: later!.packetsReceived, energy: later!.totalAudioEnergy };
}

/** From the chat list to a chat's page. */
export async function openChat(page: Page, title: string): Promise<void> {
  await chatList(page).getByRole('link', { name: title, exact: true }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
}

export function participants(page: Page) {
  return page.getByRole('list', { name: /^Participants/ });
}

/**
 * Everyone joins muted, as in Telegram's apps: the large button says "Unmute". This presses it once the call is
 * connected and waits until the microphone is live ("Mute"), for tests in which people must hear each other.
 */
export async function unmute(page: Page): Promise<void> {
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Unmute', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
}

/** Leaving as an admin asks (as Telegram's apps do): leave, and let the call go on. */
export async function leaveAsAdmin(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave' }).click();
  await page
    .getByRole('dialog', { name: 'Leave the video chat?' })
    .getByRole('button', { name: 'Leave', exact: true })
    .click();
}

/** A call link asks first, as Telegram's apps do: the person sees which call it is and joins it. */
export async function confirmJoin(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Join the video chat?', level: 1 })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Join video chat' }).click();
}

/** The call screen's "Connected" status. */
export function connected(page: Page) {
  return page.getByRole('status').filter({ hasText: 'Connected' });
}

export function callStatus(page: Page) {
  return page.getByRole('region', { name: /./ }).getByRole('status').first();
}

/** A short suffix for titles, never the same twice in a run (a random start, then counting), so titles never collide. */
let nextUnique = randomInt(100_000, 900_000);
export const unique = () => String(nextUnique++);

/**
 * From a chat's page: "Start video chat" (with this title, or none), "Start now", and wait until the call screen is
 * connected.
 */
export async function startCallNow(page: Page, title?: string): Promise<void> {
  await page.getByRole('button', { name: 'Start video chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start video chat' });
  if (title !== undefined) await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  await dialog.getByRole('button', { name: 'Start now' }).click();
  await expect(connected(page)).toBeVisible({ timeout: 20_000 });
}
