// Screenshots of each screen: attached to the test report, and written to docs/screenshots/<name>.png when
// TGCALL_SCREENSHOTS=1 (so an ordinary test run does not rewrite committed images).
import type { Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { repoRoot } from './processes';

export async function saveScreen(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Let fonts and transitions settle so the picture shows what a person sees.
  await page.evaluate(() => document.fonts.ready);
  const body = await page.screenshot({ fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  if (process.env.TGCALL_SCREENSHOTS === '1') {
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `${name}.png`), fullPage: true });
  }
}
