// The app runs under its Content-Security-Policy: the dev server sends it, signing in and talking to the local server
// (a WebSocket through Vite's /apiws proxy) break none of it, and script that is not the app's own does not run.
import { expect, test } from './support/fixtures';
import { account } from './support/accounts';
import { signIn } from './support/signIn';

interface Violation {
  directive: string;
  blocked: string;
}

test('the app runs under a strict policy that blocks inline script and inline handlers', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: Array<{ directive: string; blocked: string }> = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    );
  });
  const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);

  const response = await page.goto('/');
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("'unsafe-eval'");

  await signIn(page, account('9996610012')); // Oscar: a seeded person few other specs sign in as
  await expect(page.getByRole('heading', { name: 'Chats', level: 1 })).toBeVisible();
  expect(await violations()).toEqual([]);

  // (eval is not tried here: code run through the DevTools protocol, as page.evaluate is, is exempt from the policy)
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __injected?: boolean; __handler?: boolean };
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    const b = document.createElement('button');
    b.setAttribute('onclick', 'window.__handler = true');
    document.body.append(b);
    b.click();
    b.remove();
    return { injected: w.__injected ?? false, handler: w.__handler ?? false };
  });
  expect(ran).toEqual({ injected: false, handler: false });
  await expect
    .poll(async () => (await violations()).map((v) => v.directive).sort())
    .toEqual(['script-src-attr', 'script-src-elem']);
});
