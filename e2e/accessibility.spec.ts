// Every main screen checked with axe-core (WCAG 2.1 A/AA and axe's best practices): sign-in, chat list, settings,
// new group, a chat with a call, the call screen with its participant panel and invite links, the invite picker, the
// join-as picker, an admin's call screen, a scheduled call, the start dialog, and the link pages (a private group's
// invite, a dead link), in the light and the dark theme (prefers-color-scheme). Before this check the accent and the
// avatar colours failed WCAG AA contrast with white text.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { axeViolations } from './support/axe';
import { saveScreen } from './support/screens';
import { signIn } from './support/signIn';
import { leaveAsAdmin, openChat } from './support/calls';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect.soft(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every main screen passes axe (WCAG 2.1 A/AA and best practices), ${colorScheme} theme`, async ({
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL, colorScheme });
    try {
      const page = await context.newPage();
      await page.goto('/');
      await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeVisible();
      await expectAccessible(page, 'sign-in');

      await page.goto('/settings');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page, 'settings (signed out)');

      await signIn(page, seed.judy);
      await expectAccessible(page, 'chat list');

      await page.getByRole('link', { name: 'New group' }).click();
      await expect(page.getByRole('textbox', { name: 'Group name' })).toBeVisible();
      await expectAccessible(page, 'new group');
      await page.goto('/');

      await openChat(page, seed.megagroup);
      await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
      await expectAccessible(page, 'a chat with a call going');

      await page.getByRole('button', { name: 'Join' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
      await expectAccessible(page, 'the call screen');
      await saveScreen(page, testInfo, `call-screen-${colorScheme}`);

      await page.getByRole('button', { name: 'Devices' }).click();
      await expect(
        page.getByRole('region', { name: 'Devices' }).getByRole('combobox', { name: 'Microphone' }),
      ).toBeVisible();
      await expectAccessible(page, 'the call screen with its devices');
      await page
        .getByRole('button', { name: /^Options for / })
        .first()
        .click();
      await expect(page.getByRole('dialog').getByRole('slider')).toBeVisible();
      await expectAccessible(page, 'a person menu');
      await page.keyboard.press('Escape');

      await page.getByRole('link', { name: 'Chats' }).click();
      await expect(page.getByRole('complementary', { name: 'Current call' })).toBeVisible();
      await expectAccessible(page, 'the chat list with the in-call bar');
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByRole('combobox', { name: 'Microphone' })).toBeVisible();
      await expectAccessible(page, 'settings with devices, and the in-call bar');
      await saveScreen(page, testInfo, `settings-in-call-${colorScheme}`);
      await page.getByRole('complementary', { name: 'Current call' }).getByRole('link').click();

      await page.getByRole('button', { name: 'Invite members' }).click();
      await expect(page.getByRole('dialog', { name: 'Invite members' }).getByRole('checkbox').first()).toBeVisible();
      await expectAccessible(page, 'the invite picker');
      await page.getByRole('dialog', { name: 'Invite members' }).getByRole('button', { name: 'Close' }).click();
      await page.getByRole('button', { name: 'Leave' }).click();

      await page.goto('/join?invite=nightOwlsInvite26');
      await expect(page.getByRole('button', { name: 'Join group' })).toBeVisible();
      await expectAccessible(page, 'a private group invite');

      await page.goto('/join?invite=noGroupHasThis1');
      await expect(page.getByRole('heading', { name: 'This invite link does not work', level: 1 })).toBeVisible();
      await expectAccessible(page, 'a dead invite link');
    } finally {
      await context.close();
    }
  });

  test(`the join-as picker, an admin's call screen, a scheduled call and the start dialog pass axe, ${colorScheme} theme`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ baseURL, colorScheme });
    try {
      const page = await context.newPage();
      await signIn(page, seed.main);
      await openChat(page, seed.megagroup);
      await page.getByRole('button', { name: 'Join' }).click();
      const picker = page.getByRole('group', { name: 'Join as' });
      await expect(picker).toBeVisible();
      await expectAccessible(page, 'join as');
      await picker.getByRole('radio', { name: /Alice Archer/ }).check();
      await page.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('button', { name: 'Copy speaker link' })).toBeVisible();
      await expectAccessible(page, "an admin's call screen");
      await leaveAsAdmin(page);

      await page.getByRole('link', { name: 'Chats' }).click();
      await openChat(page, seed.basicGroup);
      await expect(page.getByRole('button', { name: 'Start now' })).toBeVisible();
      await expectAccessible(page, 'a scheduled call');

      await page.getByRole('link', { name: 'Chats' }).click();
      await openChat(page, seed.channel);
      await page.getByRole('button', { name: 'Start video chat' }).click();
      await expect(page.getByRole('dialog', { name: 'Start video chat' })).toBeVisible();
      await expectAccessible(page, 'the start dialog');
    } finally {
      await context.close();
    }
  });
}
