// A phone-sized window (390 × 844, touch): every screen fits without sideways scrolling, tap targets are at least
// 24 × 24 px (WCAG 2.2 target size), and an admin handles people from their per-person menu: mute for everyone, the
// raised hand, "allow to speak" (which lowers the hand, as Telegram does), mute for me and the volume. Also the focus:
// after Join it is on the microphone, after Esc in a menu back on the button that opened it. And a person talks,
// switches the microphone mid-call and keeps talking while browsing chats.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { seed, type TestAccount } from './support/accounts';
import { connected, openChat, participants, trackPeerConnections, unique } from './support/calls';
import { createGroup } from './support/groups';
import { saveScreen } from './support/screens';
import { signedInPerson } from './support/pages';

const PHONE = { width: 390, height: 844 };

const phonePerson = (browser: Browser, baseURL: string | undefined, account: TestAccount, contexts: BrowserContext[]) =>
  signedInPerson(browser, baseURL, account, contexts, {
    context: { viewport: PHONE, hasTouch: true, isMobile: true },
    prepare: trackPeerConnections,
  });

/** The device label of the microphone track each open connection of the page sends. */
const sendingLabels = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __tgcallPeerConnections: RTCPeerConnection[] }).__tgcallPeerConnections
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) => pc.getSenders()[0]?.track?.label ?? ''),
  );

/** The page scrolls sideways when its content is wider than the window. */
async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    content: document.documentElement.scrollWidth,
    window: document.documentElement.clientWidth,
  }));
  expect(
    widths.content,
    `${screen}: content ${widths.content} px wide in a ${widths.window} px window`,
  ).toBeLessThanOrEqual(widths.window);
}

/**
 * Visible controls smaller than 24 × 24 px (WCAG 2.2 SC 2.5.8), by role and name. Links inside running text are exempt
 * (the criterion's "inline" exception), as are controls whose label makes the target bigger (a checkbox in its label).
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, a[href], input, select, [role="button"], [role="slider"]',
    )) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('.visually-hidden') !== null) continue;
      if (
        el.tagName === 'A' &&
        el.parentElement !== null &&
        ['P', 'LI', 'SPAN'].includes(el.parentElement.tagName) &&
        el.parentElement.textContent !== el.textContent
      )
        continue;
      const label = el.closest('label');
      const target = label !== null && (el as HTMLInputElement).type !== 'range' ? label.getBoundingClientRect() : box;
      if (target.width < 24 || target.height < 24) {
        out.push(
          `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return out;
  });
}

async function expectFits(page: Page, screen: string): Promise<void> {
  await expectNoSidewaysScroll(page, screen);
  expect(await smallTargets(page), `${screen}: tap targets under 24 × 24 px`).toEqual([]);
}

test('on a phone: every screen fits, targets are big enough, and an admin manages people from their menu', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(150_000);
  const contexts: BrowserContext[] = [];
  try {
    const signedOut = await browser.newContext({ baseURL, viewport: PHONE, hasTouch: true, isMobile: true });
    contexts.push(signedOut);
    const first = await signedOut.newPage();
    await first.goto('/');
    await expect(first.getByRole('textbox', { name: 'Phone number' })).toBeVisible();
    await expectFits(first, 'sign-in');
    await saveScreen(first, testInfo, 'phone-sign-in');
    await first.goto('/settings');
    await expect(first.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expectFits(first, 'settings');
    await saveScreen(first, testInfo, 'phone-settings');

    const [admin, member] = await Promise.all([
      phonePerson(browser, baseURL, seed.ivan, contexts),
      phonePerson(browser, baseURL, seed.judy, contexts),
    ]);
    await expectFits(admin, 'chat list');
    await saveScreen(admin, testInfo, 'phone-chat-list');
    const group = `Phone ${unique()}`;
    await admin.getByRole('link', { name: 'New group' }).click();
    await expect(admin.getByRole('textbox', { name: 'Group name' })).toBeVisible();
    await expectFits(admin, 'new group');
    await admin.getByRole('link', { name: 'Cancel' }).click();
    await createGroup(admin, group, ['Judy Jones']);

    await openChat(admin, group);
    await admin.getByRole('button', { name: 'Start video chat' }).click();
    const start = admin.getByRole('dialog', { name: 'Start video chat' });
    await start.getByRole('radio', { name: 'Scheduled' }).check();
    await expectFits(admin, 'start dialog, scheduled');
    // The date and time fields stay inside the dialog.
    const dialogBox = (await start.boundingBox())!;
    for (const field of [start.getByLabel('Date'), start.getByLabel('Time')]) {
      const box = (await field.boundingBox())!;
      expect(box.x + box.width, 'field inside the dialog').toBeLessThanOrEqual(dialogBox.x + dialogBox.width);
    }
    await start.getByRole('radio', { name: 'Now' }).check();
    await start.getByRole('button', { name: 'Start now' }).click();
    await expect(connected(admin)).toBeVisible({ timeout: 20_000 });
    // Joining put the focus on the microphone, the call's main control.
    await expect(admin.getByRole('button', { name: 'Unmute', exact: true })).toBeFocused();

    await openChat(member, group);
    await member.getByRole('button', { name: 'Join' }).click();
    await expect(connected(member)).toBeVisible({ timeout: 20_000 });
    await expect(member.getByRole('button', { name: 'Unmute', exact: true })).toBeFocused();
    await expectFits(member, 'call screen (member)');
    // The admin's screen reader hears who came in (the call's live region).
    await expect(admin.getByRole('status').filter({ hasText: 'Judy Jones joined.' })).toBeAttached();

    const judyRow = participants(admin).getByRole('listitem', { name: /^Judy Jones, / });
    await expect(judyRow).toBeVisible();
    // The name is readable on a phone: not squeezed to nothing beside inline controls.
    const nameBox = (await judyRow.getByText('Judy Jones', { exact: true }).boundingBox())!;
    expect(nameBox.width, 'the name is shown whole').toBeGreaterThan(60);
    await expectFits(admin, 'call screen (admin)');
    await saveScreen(admin, testInfo, 'phone-call-admin');

    await test.step('the per-person menu: mute for everyone; Esc puts focus back on the button', async () => {
      const options = judyRow.getByRole('button', { name: 'Options for Judy Jones' });
      await options.click();
      const menu = admin.getByRole('dialog', { name: 'Judy Jones' });
      await expect(menu.getByRole('slider', { name: 'Volume for Judy Jones' })).toHaveValue('100');
      await expectFits(admin, 'person menu');
      await saveScreen(admin, testInfo, 'phone-person-menu');
      await menu.getByRole('button', { name: 'Mute for everyone' }).click();
      await expect(participants(admin).getByRole('listitem', { name: 'Judy Jones, muted by admin' })).toBeVisible();
      await expect(member.getByRole('button', { name: 'Raise hand' })).toBeVisible();
      await options.click();
      await expect(admin.getByRole('dialog', { name: 'Judy Jones' })).toBeVisible();
      await admin.keyboard.press('Escape');
      await expect(admin.getByRole('dialog', { name: 'Judy Jones' })).toHaveCount(0);
      await expect(options).toBeFocused();
    });

    await test.step('Judy raises her hand; "Allow to speak" lowers it for both and tells her she may speak', async () => {
      await member.getByRole('button', { name: 'Raise hand' }).click();
      await expect(
        participants(admin).getByRole('listitem', { name: 'Judy Jones, muted by admin, hand raised' }),
      ).toBeVisible();
      await saveScreen(member, testInfo, 'phone-call-hand-raised');
      await judyRow.getByRole('button', { name: 'Options for Judy Jones' }).click();
      await admin.getByRole('dialog', { name: 'Judy Jones' }).getByRole('button', { name: 'Allow to speak' }).click();
      await expect(participants(admin).getByRole('listitem', { name: 'Judy Jones, muted' })).toBeVisible();
      await expect(participants(member).getByRole('listitem', { name: 'Judy Jones (you), muted' })).toBeVisible();
      await expect(member.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
      await expect(member.getByRole('status').filter({ hasText: 'An admin allowed you to speak' })).toBeAttached();
    });

    await test.step('mute for me and the volume change only this page: the row says so', async () => {
      await judyRow.getByRole('button', { name: 'Options for Judy Jones' }).click();
      const menu = admin.getByRole('dialog', { name: 'Judy Jones' });
      await menu.getByRole('button', { name: 'Mute for me' }).click();
      await expect(menu.getByRole('button', { name: 'Unmute for me' })).toBeVisible();
      await expect(menu.getByRole('slider', { name: 'Volume for Judy Jones' })).toHaveValue('0');
      await menu.getByRole('button', { name: 'Unmute for me' }).click();
      await expect(menu.getByRole('slider', { name: 'Volume for Judy Jones' })).toHaveValue('100');
      await menu.getByRole('slider', { name: 'Volume for Judy Jones' }).fill('50');
      await menu.getByRole('button', { name: 'Close' }).click();
      await expect(participants(admin).getByRole('listitem', { name: 'Judy Jones, muted' })).toContainText('50%');
      await expect(participants(member).getByRole('listitem', { name: /^Ivan Ivanov, / })).not.toContainText('%');
    });

    await test.step('Judy talks, and picks another microphone mid-call: the same connection sends it', async () => {
      await member.getByRole('button', { name: 'Unmute', exact: true }).click();
      await expect(member.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
      await member.getByRole('button', { name: 'Devices' }).click();
      const devices = member.getByRole('region', { name: 'Devices' });
      const microphone = devices.getByRole('combobox', { name: 'Microphone' });
      await expect(microphone).toBeVisible();
      const other = (await microphone.locator('option').allTextContents())[1];
      await microphone.selectOption({ label: other });
      await expectFits(member, 'devices in the call');
      await saveScreen(member, testInfo, 'phone-call-devices');
      await expect.poll(() => sendingLabels(member)).toEqual([other]);
      await expect(connected(member)).toBeVisible();
    });

    await test.step('the in-call bar on the chat list: still talking while browsing, mute and leave, and it fits', async () => {
      await member.getByRole('link', { name: 'Chats' }).click();
      const bar = member.getByRole('complementary', { name: 'Current call' });
      await expect(bar.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
      // Another chat (the call's own chat would show the call screen itself).
      await openChat(member, 'tgcall demo');
      await expect(bar.getByRole('button', { name: 'Mute', exact: true })).toBeVisible();
      expect(await sendingLabels(member), 'the same connection, still sending').toHaveLength(1);
      await member.getByRole('link', { name: 'Chats' }).click();
      await bar.getByRole('button', { name: 'Mute', exact: true }).click();
      await expect(bar.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
      await expect(participants(admin).getByRole('listitem', { name: /^Judy Jones, muted/ })).toBeVisible();
      await expectFits(member, 'chat list with the in-call bar');
      await saveScreen(member, testInfo, 'phone-in-call-bar');
      await bar.getByRole('button', { name: 'Leave' }).click();
      await expect(bar).toHaveCount(0);
      await expect(participants(admin).getByRole('listitem', { name: /^Judy Jones, / })).toHaveCount(0);
    });

    await test.step('the admin leaving is asked: leave, or end the video chat for everyone', async () => {
      await admin.getByRole('button', { name: 'Leave' }).click();
      const ask = admin.getByRole('dialog', { name: 'Leave the video chat?' });
      await expect(ask.getByRole('button', { name: 'Leave', exact: true })).toBeFocused();
      await expectFits(admin, 'leave dialog');
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(ask).toHaveCount(0);
      await expect(connected(admin)).toBeVisible();
      await admin.getByRole('button', { name: 'Leave' }).click();
      await ask.getByRole('button', { name: 'End video chat for everyone' }).click();
      await expect(admin.getByText('You ended the call for everyone.')).toBeVisible();
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
