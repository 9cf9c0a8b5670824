// A person of their own for a test: a fresh browser context (its own storage, so its own sign-in) that may use the
// clipboard, kept in `contexts` so the test closes it at the end.
import type { Browser, BrowserContext, Page } from '@playwright/test';

export async function newPage(browser: Browser, baseURL: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  contexts.push(context);
  return context.newPage();
}
