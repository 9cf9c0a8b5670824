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
  /** Starts a server (on a fixed free port) and an app of its own for this test; both are stopped after it. */
  startIsolatedStack(): Promise<IsolatedStack>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
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
  control: async ({ stack }, use) => {
    await use(new ControlClient(stack.server.controlUrl));
  },
  startIsolatedStack: async ({}, use) => {
    const started: Stack[] = [];
    await use(async () => {
      const server = await startServerProcess({ port: await freePort() });
      const app = await startViteProcess(server.wsUrl);
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
    for (const stack of started) {
      await stack.app.stop();
      await stack.server.stop();
    }
  },
});

export { expect };
