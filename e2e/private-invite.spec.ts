// A private group's call is shared the way Telegram's apps share it: with the group's own invite link (t.me/+…),
// since a chat without a username has no call links. On a server of its own (Dave joins the seeded private supergroup
// "Night Owls"): Alice, its creator, is in its call "Late-night talk" and copies the group invite link (no speaker
// link is offered); Bob, a plain member in the call, is told only admins can share one; Dave, signed out and not a
// member, opens the link, signs in, sees the group and its size, joins it and lands in the call, where Alice sees him.
// A link no group has, and a phone-number link, each show their own page.
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { enterCode, enterPhone, signIn } from './support/signIn';
import { confirmJoin, connected, openChat, participants } from './support/calls';
import { newPage } from './support/pages';

const OWLS = 'Night Owls';
const OWLS_LINK = 'https://t.me/+nightOwlsInvite26';

test("a private group's invite link brings a newcomer into the group and its call", async ({
  browser,
  startIsolatedStack,
}, testInfo) => {
  test.setTimeout(90_000);
  const stack = await startIsolatedStack();
  const app = stack.app.url;
  const contexts: BrowserContext[] = [];
  try {
    const [a, b, d] = await Promise.all([
      newPage(browser, app, contexts),
      newPage(browser, app, contexts),
      newPage(browser, app, contexts),
    ]);
    await Promise.all([signIn(a, seed.main, app), signIn(b, seed.bob, app)]);

    await test.step('Alice, the creator, joins the call and copies the group invite link; no call links are offered', async () => {
      await openChat(a, OWLS);
      await a.getByRole('button', { name: 'Join' }).click();
      // Alice owns channels, so Join asks whom to join as first; she joins as herself.
      await expect(
        a.getByRole('group', { name: 'Join as' }).getByRole('radio', { name: /Alice Archer/ }),
      ).toBeChecked();
      await a.getByRole('button', { name: 'Join', exact: true }).click();
      await expect(connected(a)).toBeVisible({ timeout: 20_000 });
      const links = a.getByRole('region', { name: 'Invite links' });
      await expect(links.getByRole('button', { name: 'Copy speaker link' })).toHaveCount(0);
      await expect(links.getByRole('button', { name: 'Copy invite link', exact: true })).toHaveCount(0);
      await expect(links).toContainText('This group is private, so there is no link straight to the video chat.');
      await links.getByRole('button', { name: 'Copy group invite link' }).click();
      await expect(links.getByRole('status')).toHaveText('Group invite link copied');
      // The focus stays on the button (a disabled-while-busy button used to drop it to the page's body).
      await expect(links.getByRole('button', { name: 'Copy group invite link' })).toBeFocused();
      await expect(links.getByRole('textbox', { name: 'Group invite link' })).toHaveValue(OWLS_LINK);
      expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(OWLS_LINK);
      await saveScreen(a, testInfo, 'call-private-group-link');
    });

    await test.step('Bob, a member who is not an admin, has no link to hand out', async () => {
      await openChat(b, OWLS);
      await b.getByRole('button', { name: 'Join' }).click();
      await expect(connected(b)).toBeVisible({ timeout: 20_000 });
      const links = b.getByRole('region', { name: 'Invite links' });
      await expect(links).toContainText('This group is private: only its admins can share a link to it.');
      await expect(links.getByRole('button')).toHaveCount(0);
    });

    await test.step('Dave, signed out, opens the link, signs in, joins the group and lands in its call', async () => {
      await d.goto(`/join?link=${encodeURIComponent(OWLS_LINK)}`);
      await enterPhone(d, seed.dave.phone);
      await enterCode(d, seed.dave.code);
      await expect(d.getByRole('heading', { name: 'Join by invite link', level: 1 })).toBeVisible();
      await expect(d.getByRole('main')).toContainText(OWLS);
      await expect(d.getByRole('main')).toContainText('3 members');
      await expect(d.getByRole('main')).toContainText('You are not in this group yet.');
      await saveScreen(d, testInfo, 'link-join-private-group');
      await d.getByRole('button', { name: 'Join group' }).click();
      await expect(d.getByRole('heading', { name: OWLS, level: 1 })).toBeVisible({ timeout: 20_000 });
      await expect(connected(d)).toBeVisible({ timeout: 20_000 });
      await expect(participants(a).getByRole('listitem', { name: /^Dave Diaz/ })).toBeVisible({ timeout: 10_000 });
      // Now a member: the same link asks only about the call (as every call link does), not about the group.
      await d.getByRole('button', { name: 'Leave' }).click();
      await d.goto('/join?invite=nightOwlsInvite26');
      await confirmJoin(d);
      await expect(connected(d)).toBeVisible({ timeout: 20_000 });
      await expect(d.getByRole('button', { name: 'Join group' })).toHaveCount(0);
    });

    await test.step('a link no group has, and a phone-number link, each have their page', async () => {
      await d.goto('/join?invite=noGroupHasThis1');
      await expect(d.getByRole('heading', { name: 'This invite link does not work', level: 1 })).toBeVisible();
      await expect(d.getByRole('alert')).toHaveText(/does not lead anywhere/);
      await saveScreen(d, testInfo, 'link-dead-invite');
      await d.goto(`/join?link=${encodeURIComponent('https://t.me/+15551234567')}`);
      await expect(d.getByRole('heading', { name: 'This link does not work', level: 1 })).toBeVisible();
      await expect(d.getByRole('alert')).toHaveText(/phone number/);
    });
  } finally {
    for (const context of contexts) await context.close();
  }
});
