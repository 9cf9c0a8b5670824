// The production build is split (vite build + vite preview): the sign-in screen appears with the app's first chunks
// and the Telegram client (imported at start), without the call screen or the call engine; signing in and starting a
// call still work, and the engine's code arrives when a call is opened.
import { expect, test } from './support/fixtures';
import { seed } from './support/accounts';
import { openChat, unique, startCallNow } from './support/calls';
import { createGroup } from './support/groups';
import { startPreviewProcess } from './support/processes';
import { saveScreen } from './support/screens';
import { enterCode, enterPhone } from './support/signIn';

test('sign-in loads no call code; signing in and starting a call work in the split production build', async ({
  browser,
  stack,
}, testInfo) => {
  test.setTimeout(180_000);
  const app = await startPreviewProcess(stack.server.wsUrl);
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const loaded = (name: string) => scripts.some((path) => path.startsWith(`/assets/${name}-`));

    await page.goto('/');
    await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeVisible({ timeout: 20_000 });
    expect(loaded('telegramBackend'), scripts.join(' ')).toBe(true);
    expect(loaded('groupCall'), scripts.join(' ')).toBe(false);
    expect(loaded('ChatScreen'), scripts.join(' ')).toBe(false);

    await enterPhone(page, seed.main.phone);
    await enterCode(page, seed.main.code);
    await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
    expect(loaded('groupCall')).toBe(false);

    const group = `Split ${unique()}`;
    await createGroup(page, group, ['Bob Baker']);
    await openChat(page, group);
    await startCallNow(page, `Check ${unique()}`);
    expect(loaded('groupCall')).toBe(true);
    await expect(page.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
    await saveScreen(page, testInfo, 'split-build-call');
  } finally {
    await context.close();
    await app.stop();
  }
});
