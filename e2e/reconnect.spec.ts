// The server dies mid-session and comes back on the same port with the same data: the app reconnects by itself, the
// person stays signed in and can keep working.
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { saveScreen } from './support/screens';
import { chatList, signIn } from './support/signIn';

test('after the server restarts the app reconnects without signing in again', async ({ page, startIsolatedStack }, testInfo) => {
  test.setTimeout(120_000);
  const stack = await startIsolatedStack();
  await signIn(page, seed.main, stack.app.url);
  await expect(chatList(page).getByRole('listitem', { name: `${seed.megagroup}, Group` })).toBeVisible();

  await stack.server.stop({ hard: true });
  const banner = page.getByRole('status').filter({ hasText: /Connecting…|Waiting for network…/ });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await saveScreen(page, testInfo, 'chat-list-offline');

  await stack.restartServer();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();

  const title = `After restart ${Date.now() % 100000}`;
  await page.getByRole('link', { name: 'New group' }).click();
  await page.getByRole('textbox', { name: 'Group name' }).fill(title);
  await page.getByRole('group', { name: /Members/ }).getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(chatList(page).getByRole('listitem', { name: `${title}, Group` })).toBeVisible();
});
