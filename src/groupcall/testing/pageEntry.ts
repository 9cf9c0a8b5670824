// The browser page's script in groupCall.browser.test.ts: exposes startPageHarness to page.evaluate.
import { startPageHarness } from './pageHarness';

(window as unknown as { startPageHarness: typeof startPageHarness }).startPageHarness = startPageHarness;
