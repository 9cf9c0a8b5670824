// Starting calls from the UI other than "now": a scheduled call (countdown, "Notify me" for members, "Start now" for the
// admin, followed live on both pages), an RTMP stream (server URL and key shown), and a member who is not an admin
// trying to start one.
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { account, seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { signIn } from './support/signIn';
import { connected, openChat, trackPeerConnections, unique } from './support/calls';
import { createGroup } from './support/groups';

const mallory = account('9996610011');

// The scheduled-call test owns its clock: its pages run a Playwright clock and the server is moved to the same instant,
// 23:50 in Berlin on the night summer time starts there (02:00 → 03:00). "Tomorrow 10:30" is then past midnight and
// across the clock change, 9 h 40 min of real time away; and the countdown is read at known instants. The instant is in
// the past, so nothing the test leaves on the shared server is dated in the future once its clock is given back.
const SCHEDULED_NOW = new Date('2026-03-28T23:50:00+01:00');
const TOMORROW_1030 = Date.UTC(2026, 2, 29, 8, 30) / 1000; // 10:30 CEST
/** What the countdown must read at `nowSeconds` (the test runs well under the 9 h 40 min left). */
function untilTomorrow1030(nowSeconds: number): string {
  const left = TOMORROW_1030 - nowSeconds;
  const two = (n: number) => String(n).padStart(2, '0');
  return `in ${Math.floor(left / 3600)} h ${two(Math.floor((left % 3600) / 60))} min ${two(left % 60)} s`;
}

test('a scheduled call: a member asks to be notified, the admin starts it now, both see it going', async ({
  browser,
  baseURL,
  control,
}, testInfo) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    await control.setClock(SCHEDULED_NOW);
    const [admin, member] = await Promise.all(
      [seed.judy, mallory].map(async (who) => {
        const context = await browser.newContext({ baseURL });
        contexts.push(context);
        await context.clock.install({ time: SCHEDULED_NOW });
        await trackPeerConnections(context);
        const page = await context.newPage();
        await signIn(page, who);
        return page;
      }),
    );
    const group = `Planning ${unique()}`;
    await createGroup(admin, group, ['Mallory Moss']);
    await openChat(admin, group);
    await expect(member.getByRole('link', { name: group, exact: true })).toBeVisible();
    await openChat(member, group);

    // Not an admin: a plain sentence instead of the dialog.
    await member.getByRole('button', { name: 'Start video chat' }).click();
    await expect(
      member.getByRole('status').filter({ hasText: 'Only an admin of this group can start a video chat.' }),
    ).toBeVisible();
    await expect(member.getByRole('dialog')).toHaveCount(0);

    // The admin schedules it for tomorrow (in Berlin) at 10:30.
    await admin.getByRole('button', { name: 'Start video chat' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Start video chat' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Quarterly plan');
    await dialog.getByRole('radio', { name: 'Scheduled' }).check();
    await dialog.getByLabel('Date').fill('2026-03-29');
    await dialog.getByLabel('Time').fill('10:30');
    await saveScreen(admin, testInfo, 'start-dialog-scheduled');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await expect(dialog).toHaveCount(0);

    const heading = /Scheduled video chat: Quarterly plan/;
    await expect(admin.getByRole('heading', { name: heading })).toBeVisible();
    const serverCall = (await control.callParticipants()).find((c) => c.title === 'Quarterly plan');
    expect(serverCall?.scheduleDate).toBe(TOMORROW_1030);
    // The countdown at known instants: the page's clock is paused on a whole second a moment ahead (never far, so the
    // page stays in step with the server's clock), read, then moved on by one second.
    const countdown = admin.getByTestId('countdown');
    const pageNow = await admin.evaluate(() => Date.now());
    const pausedAt = Math.ceil(pageNow / 1000) + 2;
    await admin.clock.pauseAt(new Date(pausedAt * 1000));
    await expect(countdown).toHaveText(untilTomorrow1030(pausedAt));
    await admin.clock.runFor(1000);
    await expect(countdown).toHaveText(untilTomorrow1030(pausedAt + 1));
    await admin.clock.resume();
    await expect(admin.getByText('Mar 29, 2026, 10:30 AM')).toBeVisible();
    await expect(admin.getByRole('button', { name: 'Start now' })).toBeVisible();

    // The member sees it without reloading, and asks to be notified; the server keeps it (a reload shows it).
    await expect(member.getByRole('heading', { name: heading })).toBeVisible();
    await member.getByRole('button', { name: 'Notify me' }).click();
    await expect(member.getByRole('button', { name: 'Notifications on' })).toHaveAttribute('aria-pressed', 'true');
    await expect(member.getByRole('button', { name: 'Notifications on' })).toBeFocused();
    await saveScreen(member, testInfo, 'chat-scheduled');
    await member.reload();
    await expect(member.getByRole('button', { name: 'Notifications on' })).toBeVisible();
    await member.getByRole('button', { name: 'Notifications on' }).click();
    await expect(member.getByRole('button', { name: 'Notify me' })).toBeVisible();

    // Start now: the call goes on, for both, and the admin who started it is in it (as in Telegram's apps).
    await admin.getByRole('button', { name: 'Start now' }).click();
    await expect(connected(admin)).toBeVisible({ timeout: 20_000 });
    await expect(member.getByRole('button', { name: 'Join' })).toBeVisible();
    await expect
      .poll(async () => (await control.callParticipants()).find((c) => c.title === 'Quarterly plan')?.scheduleDate)
      .toBeNull();
  } finally {
    for (const context of contexts) await context.close();
    await control.setClock(null);
  }
});

test('an RTMP stream: the server URL and stream key, with Copy buttons, shown again later and revoked; no Join that cannot work', async ({
  page,
  control,
}, testInfo) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, account('9996610012'));
  const group = `Stream ${unique()}`;
  await createGroup(page, group, ['Judy Jones']);
  await openChat(page, group);
  await page.getByRole('button', { name: 'Start video chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start video chat' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Launch stream');
  await dialog.getByRole('radio', { name: 'RTMP stream' }).check();
  await dialog.getByRole('button', { name: 'Create stream' }).click();

  const rtmp = page.getByRole('dialog', { name: 'Stream with RTMP' });
  const url = rtmp.getByRole('textbox', { name: 'Server URL' });
  const key = rtmp.getByRole('textbox', { name: 'Stream key' });
  await expect(url).toHaveValue(/^rtmps?:\/\//);
  await expect(key).toHaveValue(/\S{8,}/);
  await saveScreen(page, testInfo, 'start-dialog-rtmp');
  await rtmp.getByRole('button', { name: 'Copy stream key' }).click();
  await expect(rtmp.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await key.inputValue());

  const call = (await control.callParticipants()).find((c) => c.title === 'Launch stream');
  expect(call?.rtmp).toBe(true);
  const firstKey = await key.inputValue();
  await rtmp.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: /Live stream: Launch stream/ })).toBeVisible();

  // The owner can see the URL and key again (phone.getGroupCallStreamRtmpUrl), and revoke the key for a new one. No
  // "Join" that could never work: the page says what is possible instead.
  await expect(page.getByRole('button', { name: 'Join' })).toHaveCount(0);
  await expect(page.getByText('This app cannot play live streams yet')).toBeVisible();
  await saveScreen(page, testInfo, 'chat-own-stream');
  const again = page.getByRole('button', { name: 'Server URL and key' });
  await again.click();
  await expect(key).toHaveValue(firstKey);
  await expect(url).toHaveValue(/^rtmps?:\/\//);
  await rtmp.getByRole('button', { name: 'Revoke key' }).click();
  await expect(key).not.toHaveValue(firstKey);
  await expect(key).toHaveValue(/\S{8,}/);
  await saveScreen(page, testInfo, 'rtmp-key-again');
  await rtmp.getByRole('button', { name: 'Done' }).click();
  await expect(rtmp).toHaveCount(0);
  await expect(again).toBeFocused();
});
