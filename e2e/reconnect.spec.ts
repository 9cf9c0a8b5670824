// The server dies mid-session and comes back on the same port with the same data: the app reconnects by itself, the
// person stays signed in and can keep working.
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { unique } from './support/calls';
import { saveScreen } from './support/screens';
import { createGroup } from './support/groups';
import { chatList, signIn } from './support/signIn';

test('after the server restarts the app reconnects without signing in again', async ({
  page,
  startIsolatedStack,
}, testInfo) => {
  test.setTimeout(120_000);
  const stack = await startIsolatedStack();
  await signIn(page, seed.main, stack.app.url);
  await expect(chatList(page).getByRole('listitem', { name: new RegExp(`^${seed.megagroup}, Group`) })).toBeVisible();

  // Marks this page: had anything reloaded it, the session would come back from storage and hide a failed reconnect.
  await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));
  await stack.server.stop({ hard: true });
  const banner = page.getByRole('status').filter({ hasText: /Connecting…|Waiting for network…/ });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await saveScreen(page, testInfo, 'chat-list-offline');

  await stack.restartServer();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => 'e2eSamePage' in window)).toBe(true);

  await createGroup(page, `After restart ${unique()}`, ['Oscar Ortiz']);
  expect(await page.evaluate(() => 'e2eSamePage' in window)).toBe(true);
});

test('with the server down, sending the code says so, and a retry after it is back keeps the number', async ({
  page,
  startIsolatedStack,
}) => {
  test.setTimeout(120_000);
  const stack = await startIsolatedStack();
  await page.goto(`${stack.app.url}/sign-in`);
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeVisible();

  await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));
  await stack.server.stop({ hard: true });
  await page.getByRole('textbox', { name: 'Phone number' }).fill(seed.carol.phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('alert')).toHaveText(/did not answer in time|Cannot reach the server/, {
    timeout: 40_000,
  });

  await stack.restartServer();
  await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveValue(seed.carol.phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('textbox', { name: 'Code' })).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => 'e2eSamePage' in window)).toBe(true);
});

test('dropped connections are re-established without the person noticing', async ({ page, control }) => {
  await signIn(page, seed.heidi);
  await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));
  await control.dropConnections();
  await createGroup(page, `After drop ${unique()}`, ['Oscar Ortiz']);
  expect(await page.evaluate(() => 'e2eSamePage' in window)).toBe(true);
});

test('signing out while the server is away stays signed out when it is back', async ({ page, startIsolatedStack }) => {
  test.setTimeout(120_000);
  const stack = await startIsolatedStack();
  await signIn(page, seed.judy, stack.app.url);
  await page.getByRole('link', { name: 'Settings' }).click();

  await stack.server.stop({ hard: true });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible({ timeout: 20_000 });

  await stack.restartServer();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible({ timeout: 30_000 });
  // Once more, now that the server has heard the sign-out too.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible({ timeout: 30_000 });
});
