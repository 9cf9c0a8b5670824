import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';
import { contentSecurityPolicy, contentSecurityPolicyPlugin } from './scripts/contentSecurityPolicy';
import { WEB_MANIFEST } from './src/app/webManifest';

// The app talks to the local server same-origin at /apiws; in development Vite forwards that WebSocket to the server.
const serverWs = process.env.TGCALL_SERVER_WS ?? 'ws://127.0.0.1:8443';
// Sent by the dev and preview servers; the build carries it as a <meta> (scripts/contentSecurityPolicy.ts).
const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy({ localServer: serverWs }),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export default defineConfig({
  plugins: [
    solid(),
    contentSecurityPolicyPlugin(),
    // Installable: the manifest (with the web+tg protocol handler beside navigator.registerProtocolHandler) and a
    // service worker that precaches the app shell, so that the app opens without a network and says what it cannot
    // reach. Off in the dev server (and so in the e2e runs against it); e2e/pwa.spec.ts checks a production build.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['favicon.svg'],
      manifest: {
        ...WEB_MANIFEST,
        protocol_handlers: [...WEB_MANIFEST.protocol_handlers],
        icons: [...WEB_MANIFEST.icons],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        // Every app route opens the cached shell; the server's WebSocket and control API are never the service worker's.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/apiws/, /^\/control/],
        // Recorded demo audio is fetched from the network only.
        globIgnores: ['audio/**'],
      },
    }),
  ],
  // @mtproto/core needs only pako's inflate (gzip_packed): a small fflate-backed stand-in instead of all of pako.
  resolve: { alias: { pako: fileURLToPath(new URL('./src/telegram/pakoInflate.ts', import.meta.url)) } },
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
