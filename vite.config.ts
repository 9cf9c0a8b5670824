import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { contentSecurityPolicy, contentSecurityPolicyPlugin } from './scripts/contentSecurityPolicy';

// The app talks to the local server same-origin at /apiws; in development Vite forwards that WebSocket to the server.
const serverWs = process.env.TGCALL_SERVER_WS ?? 'ws://127.0.0.1:8443';
// Sent by the dev and preview servers; the build carries it as a <meta> (scripts/contentSecurityPolicy.ts).
const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy({ localServer: serverWs }),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export default defineConfig({
  plugins: [solid(), contentSecurityPolicyPlugin()],
  server: {
    host: '127.0.0.1',
    strictPort: false,
    headers: securityHeaders,
    proxy: {
      '/apiws': { target: serverWs.replace(/\/apiws$/, ''), ws: true, changeOrigin: true },
    },
  },
  preview: { host: '127.0.0.1', headers: securityHeaders },
  build: { target: 'es2022', sourcemap: true },
});
