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

test('a scheduled call: a member asks to be notified, the admin starts it now, both see it going', async ({ browser, baseURL, control }, testInfo) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const [admin, member] = await Promise.all(
      [seed.judy, mallory].map(async (who) => {
        const context = await browser.newContext({ baseURL });
        contexts.push(context);
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
    await expect(member.getByRole('status').filter({ hasText: 'Only an admin of this group can start a video chat.' })).toBeVisible();
    await expect(member.getByRole('dialog')).toHaveCount(0);

    // The admin schedules it two hours from now (whatever the hour of the day: the countdown then shows seconds).
    await admin.getByRole('button', { name: 'Start video chat' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Start video chat' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Quarterly plan');
    await dialog.getByRole('radio', { name: 'Scheduled' }).check();
    const at = new Date(Date.now() + 2 * 3600 * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await dialog.getByLabel('Date').fill(`${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`);
    await dialog.getByLabel('Time').fill(`${pad(at.getHours())}:${pad(at.getMinutes())}`);
    await saveScreen(admin, testInfo, 'start-dialog-scheduled');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await expect(dialog).toHaveCount(0);

    const heading = /Scheduled video chat: Quarterly plan/;
    await expect(admin.getByRole('heading', { name: heading })).toBeVisible();
    const serverCall = (await control.callParticipants()).find((c) => c.title === 'Quarterly plan');
    expect(serverCall?.scheduleDate).toBe(Math.floor(new Date(at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()).getTime() / 1000));
    // The countdown runs.
    const countdown = admin.getByTestId('countdown');
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? '', { timeout: 3_000 });
    expect(first).toMatch(/^in 1 h \d\d min \d\d s$/);
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
    await expect.poll(async () => (await control.callParticipants()).find((c) => c.title === 'Quarterly plan')?.scheduleDate).toBeNull();
  } finally {
    for (const context of contexts) await context.close();
  }
});

test('an RTMP stream: the server URL and stream key, with Copy buttons, shown again later and revoked; no Join that cannot work', async ({ page, control }, testInfo) => {
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
