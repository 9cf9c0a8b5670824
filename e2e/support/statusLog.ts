// The page's status texts (role=status) as they change, recorded in the page with performance.now(): a status shown
// for a few hundred milliseconds (a fast rejoin's "Reconnecting…") is never missed between two polls of a locator.
import type { Page } from '@playwright/test';

/**
 * Starts recording (once per page) every change of the status texts (role=status) with performance.now(), so that a
 * "Reconnecting…" shown for a few hundred milliseconds is never missed between two polls of a locator.
 */
export async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __tgcallStatuses?: { t: number; text: string }[] };
    if (w.__tgcallStatuses !== undefined) return;
    const seen: { t: number; text: string }[] = [];
    w.__tgcallStatuses = seen;
    const read = () => {
      const text = [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent ?? '').join(' | ');
      if (seen.at(-1)?.text !== text) seen.push({ t: performance.now(), text });
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The page's performance.now(). */
export const pageNow = (page: Page) => page.evaluate(() => performance.now());

/**
 * When (page time) the status first said `first` after `since`, and then first said `then` (without `first`) after
 * that; null while not yet.
 */
export async function statusTimes(
  page: Page,
  since: number,
  first: string,
  then: string,
): Promise<{ firstAt: number; thenAt: number | null } | null> {
  return page.evaluate(
    ({ since, first, then }) => {
      const seen = (window as unknown as { __tgcallStatuses?: { t: number; text: string }[] }).__tgcallStatuses ?? [];
      const a = seen.find((s) => s.t >= since && s.text.includes(first));
      if (a === undefined) return null;
      const b = seen.find((s) => s.t >= a.t && s.text.includes(then) && !s.text.includes(first));
      return { firstAt: a.t, thenAt: b?.t ?? null };
    },
    { since, first, then },
  );
}

/** Every status text the page showed since `since` (page time), in order. */
export async function statusTexts(page: Page, since: number): Promise<string[]> {
  return page.evaluate(
    (since) =>
      ((window as unknown as { __tgcallStatuses?: { t: number; text: string }[] }).__tgcallStatuses ?? [])
        .filter((s) => s.t >= since)
        .map((s) => s.text),
    since,
  );
}
