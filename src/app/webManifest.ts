// The installed app's web manifest (vite-plugin-pwa writes it as manifest.webmanifest): name, colours, icons, and the
// web+tg protocol handler at the route the join screen reads (the same URL navigator.registerProtocolHandler gets).
import { WEB_TG_HANDLER_URL } from '../links';

export const WEB_MANIFEST = {
  name: 'tgcall',
  short_name: 'tgcall',
  description: 'Telegram group calls in the browser',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  background_color: '#f1f3f5',
  theme_color: '#2f7fd8',
  protocol_handlers: [{ protocol: 'web+tg', url: WEB_TG_HANDLER_URL }],
  icons: [
    { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
} as const;
