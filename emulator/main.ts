// CLI for the local server (`npm run server -- --port N --data DIR [--control] [--log]`): starts it, prints
// "listening ws://127.0.0.1:N/apiws" once listening, and closes the database cleanly on SIGINT / SIGTERM.
import { startServer } from './server';

interface Args {
  port: number;
  dataDir: string;
  control: boolean;
  log: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 8443, dataDir: '.data/server', control: false, log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: not a port number`);
      args.port = n;
    } else if (a === '--data') args.dataDir = value();
    else if (a === '--control') args.control = true;
    else if (a === '--log') args.log = true;
    else throw new Error(`unknown argument ${a} (usage: --port N --data DIR [--control] [--log])`);
  }
  return args;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const server = await startServer({ port: args.port, dataDir: args.dataDir, control: args.control, log: args.log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`error while stopping on ${signal}: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Announced only once a signal stops it cleanly: whoever reads this line may stop the server at once.
  process.stdout.write(`listening ${server.url}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`server failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
