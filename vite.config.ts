import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// The app talks to the local server same-origin at /apiws; in development Vite forwards that WebSocket to the server.
const serverWs = process.env.TGCALL_SERVER_WS ?? 'ws://127.0.0.1:8443';

export default defineConfig({
  plugins: [solid()],
  // @mtproto/core needs only pako's inflate (gzip_packed): a small fflate-backed stand-in instead of all of pako.
  resolve: { alias: { pako: fileURLToPath(new URL('./src/telegram/pakoInflate.ts', import.meta.url)) } },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    proxy: {
      '/apiws': { target: serverWs.replace(/\/apiws$/, ''), ws: true, changeOrigin: true },
    },
  },
  preview: { host: '127.0.0.1' },
  build: { target: 'es2022', sourcemap: true },
});
