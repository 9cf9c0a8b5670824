// The installable app, from a production build (vite build + vite preview; the dev server has no service worker): the
// manifest (icons, the web+tg protocol handler), a service worker that caches the app shell, and opening with no
// network at all: the app still shows, and says it cannot reach the server.
import { expect, test } from './support/fixtures';
import { startPreviewProcess } from './support/processes';
import { saveScreen } from './support/screens';

test('installable: manifest with icons and web+tg handler; the app shell opens offline and says the server is unreachable', async ({
  browser,
  stack,
}, testInfo) => {
  test.setTimeout(180_000);
  const app = await startPreviewProcess(stack.server.wsUrl);
  const context = await browser.newContext({ baseURL: app.url });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('textbox', { name: 'Phone number' })).toBeVisible({ timeout: 20_000 });

    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(manifestHref!)).json()) as {
      name: string;
      display: string;
      protocol_handlers: Array<{ protocol: string; url: string }>;
      icons: Array<{ src: string; sizes: string; purpose: string }>;
    };
    expect(manifest).toMatchObject({
      name: 'tgcall',
      display: 'standalone',
      protocol_handlers: [{ protocol: 'web+tg', url: '/join?link=%s' }],
    });
    for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status(), icon.src).toBe(200);

    // The service worker takes control and has the shell cached.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);

    // No network at all: a deep link still opens the app, which says it cannot reach the server.
    await context.setOffline(true);
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'tgcall', level: 1 })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert')).toContainText('Check your connection', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await saveScreen(page, testInfo, 'offline');
  } finally {
    await context.close();
    await app.stop();
  }
});
