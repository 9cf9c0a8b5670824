// Playwright fixtures: one local server and one Vite dev server for the whole run (worker scope, one worker), the app's
// URL as baseURL, the server's control API, and a way to start an extra server + app for tests that kill a server.
import { test as base, expect } from '@playwright/test';
import { ControlClient } from './control';
import { freePort, startServerProcess, startViteProcess, type ServerProcess, type ViteProcess } from './processes';

export interface Stack {
  server: ServerProcess;
  app: ViteProcess;
}

interface WorkerFixtures {
  stack: Stack;
}

export interface IsolatedStack extends Stack {
  /** Kills the server the way a crash would and starts it again on the same port with the same data dir. */
  restartServer(options?: { downtimeMs?: number }): Promise<void>;
}

interface TestFixtures {
  control: ControlClient;
  /** Automatic: when a test fails, the shared server's log during that test (and its call log) go into its report. */
  serverLog: void;
  /** Starts a server (on a fixed free port) and an app of its own for this test; both are stopped after it. */
  startIsolatedStack: () => Promise<IsolatedStack>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    // Playwright reads the fixtures a function asks for from its first parameter's pattern: `{}` asks for none.
    // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
    async ({}, use) => {
      const server = await startServerProcess();
      const app = await startViteProcess(server.wsUrl);
      await use({ server, app });
      await app.stop();
      await server.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.app.url);
  },
  // The page's console (the client's [telegram] diagnostics among it), attached when a test fails.
  page: async ({ page }, use, testInfo) => {
    const lines: string[] = [];
    page.on('console', (message) => lines.push(`${new Date().toISOString()} ${message.type()} ${message.text()}`));
    page.on('pageerror', (error) =>
      lines.push(`${new Date().toISOString()} pageerror ${error.stack ?? error.message}`),
    );
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('console.log', { body: lines.join('\n'), contentType: 'text/plain' });
    }
  },
  serverLog: [
    async ({ stack }, use, testInfo) => {
      const mark = stack.server.log.mark();
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      // A rare flake (sign-in, for one) needs what the server saw then: every MTProto event and API call of this test.
      await testInfo.attach('server.log', { body: stack.server.log.since(mark), contentType: 'text/plain' });
      const calls = await fetch(`${stack.server.controlUrl}/log`)
        .then((r) => r.text())
        .catch((e: unknown) => String(e));
      await testInfo.attach('server-calls.json', { body: calls, contentType: 'application/json' });
    },
    { auto: true },
  ],
  control: async ({ stack }, use) => {
    await use(new ControlClient(stack.server.controlUrl));
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here (see above)
  startIsolatedStack: async ({}, use, testInfo) => {
    const started: Stack[] = [];
    await use(async () => {
      const startedAt = Date.now();
      const server = await startServerProcess({ port: await freePort() });
      const app = await startViteProcess(server.wsUrl);
      // Starting a server and a Vite is set-up, not the test: on a busy machine it can take a minute, which must not
      // come out of the test's own time.
      testInfo.setTimeout(testInfo.timeout + (Date.now() - startedAt));
      const stack: IsolatedStack = {
        server,
        app,
        async restartServer(options) {
          const { port, dataDir } = stack.server;
          await stack.server.stop({ hard: true });
          if (options?.downtimeMs) await new Promise((r) => setTimeout(r, options.downtimeMs));
          stack.server = await startServerProcess({ port, dataDir });
        },
      };
      started.push(stack);
      return stack;
    });
    const failed = testInfo.status !== testInfo.expectedStatus;
    for (const [i, stack] of started.entries()) {
      if (failed) {
        // What the server saw (its call log) tells a lost request from a slow one.
        const calls = await fetch(`${stack.server.controlUrl}/log`)
          .then((r) => r.text())
          .catch((e: unknown) => String(e));
        await testInfo.attach(`server-${i}-calls.json`, { body: calls, contentType: 'application/json' });
        await testInfo.attach(`server-${i}.log`, { body: stack.server.log.since(0), contentType: 'text/plain' });
      }
      await stack.app.stop();
      await stack.server.stop();
    }
  },
});

export { expect };
