// Bench: how long link parsing takes on what a hostile page or paste could hand it — inputs far over the length limit
// (refused before any parsing) and inputs just under it built to be slow (many parameters, long runs of % and /).
// The fuzz tests check that each is refused or parsed correctly; the time it takes is a figure, printed here.

import { MAX_LINK_LENGTH, parseOpenableLink } from '../src/links';
import { SLOW_LINK_INPUTS } from '../src/links/slowLinkInputs';
import type { BenchEnv } from './support/env';
import { median, ms, percentile, table } from './support/stats';

const HUGE_SIZES = [MAX_LINK_LENGTH + 1, 20_000, 200_000, 2_000_000];
const RUNS = 200;

function timeEach(input: string): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    try {
      parseOpenableLink(input);
    } catch {
      // refused: what is timed is how soon
    }
    times.push(performance.now() - t);
  }
  return times;
}

export function benchLinks(_env: BenchEnv): Promise<string> {
  const rows: string[][] = [];
  const slow = SLOW_LINK_INPUTS.flatMap(timeEach);
  rows.push([
    `${SLOW_LINK_INPUTS.length} slow inputs under the ${MAX_LINK_LENGTH}-char limit`,
    ms(median(slow), 3),
    ms(percentile(slow, 95), 3),
    ms(Math.max(...slow), 3),
  ]);
  for (const size of HUGE_SIZES) {
    const times = timeEach('https://t.me/durov?voicechat=' + 'a'.repeat(size));
    rows.push([
      `${size.toLocaleString('en-US')} chars (refused as too long)`,
      ms(median(times), 3),
      ms(percentile(times, 95), 3),
      ms(Math.max(...times), 3),
    ]);
  }
  return Promise.resolve(table(`Link parsing, ${RUNS} runs per input (ms)`, ['input', 'p50', 'p95', 'max'], rows));
}
