// Bench 3: MTProto round trips — help.getConfig p50 over an established connection, and connect + handshake + first
// call with a fresh auth key, in the browser page (a separate process) and in Node (in the bench's own process, which
// also runs the server: both ends share one event loop there).

import WebSocket from 'ws';
import { MemoryStorage, createTelegramClient } from '../src/telegram';
import type { BenchEnv, PageWindow } from './support/env';
import { median, ms, percentile, table } from './support/stats';

const ROUND_TRIPS = 100;
const HANDSHAKES = 5;

function nodeClient(url: string) {
  return createTelegramClient({
    endpoint: { kind: 'local', url },
    apiId: 1,
    apiHash: 'bench',
    storage: new MemoryStorage(),
    createWebSocket: (u, protocol) => new WebSocket(u, protocol),
  });
}

export async function benchRpc(env: BenchEnv): Promise<string> {
  const url = env.server.url;
  const nodeHandshakes: number[] = [];
  for (let i = 0; i < HANDSHAKES; i++) {
    const c = nodeClient(url);
    const t = performance.now();
    try {
      await c.call('help.getConfig', {});
      nodeHandshakes.push(performance.now() - t);
    } finally {
      c.close();
    }
  }
  const nodeTrips: number[] = [];
  const c = nodeClient(url);
  try {
    await c.call('help.getConfig', {});
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const t = performance.now();
      await c.call('help.getConfig', {});
      nodeTrips.push(performance.now() - t);
    }
  } finally {
    c.close();
  }
  const pageTrips = await env.page.evaluate(
    (n) => (window as unknown as PageWindow).bench.rpcRoundTrips(n),
    ROUND_TRIPS,
  );
  const pageHandshakes = await env.page.evaluate(([u, n]) => (window as unknown as PageWindow).bench.handshakes(u, n), [
    url,
    HANDSHAKES,
  ] as const);
  const row = (name: string, v: number[]) => [
    name,
    ms(median(v), 2),
    ms(percentile(v, 95), 2),
    ms(Math.min(...v), 2),
    ms(Math.max(...v), 2),
    String(v.length),
  ];
  return table(
    'MTProto over WebSocket to the local server (ms)',
    ['what', 'p50', 'p95', 'min', 'max', 'n'],
    [
      row('help.getConfig round trip, browser page', pageTrips),
      row('help.getConfig round trip, Node (same process as the server)', nodeTrips),
      row('connect + handshake + first call, browser (fresh key)', pageHandshakes),
      row('connect + handshake + first call, Node (fresh key)', nodeHandshakes),
    ],
  );
}
