// People of their own for a test: a fresh browser context (its own storage, so its own sign-in) that may use the
// clipboard, kept in `contexts` so the test closes it at the end.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { TestAccount } from './accounts';
import { signIn } from './signIn';

export async function newPage(browser: Browser, baseURL: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
  contexts.push(context);
  return context.newPage();
}

export interface PersonOptions {
  /** Runs on the new context before its page opens (e.g. trackPeerConnections, trackAudioElements). */
  prepare?: (context: BrowserContext) => Promise<void>;
  /** More context options (a phone's viewport and touch). */
  context?: BrowserContextOptions;
}

/** A person signed in on a fresh context of their own, kept in `contexts` so the test closes it at the end. */
export async function signedInPerson(
  browser: Browser,
  baseURL: string | undefined,
  account: TestAccount,
  contexts: BrowserContext[],
  options: PersonOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...options.context });
  contexts.push(context);
  await options.prepare?.(context);
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}
