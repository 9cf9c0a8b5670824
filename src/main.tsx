// Entry point: mounts the app with the real Telegram backend, settings from localStorage and build-time defaults.
import { render } from 'solid-js/web';
import { App } from './app/App';
import { lazyBackend } from './app/stores/lazyBackend';
import { defaultSettings } from './app/stores/settingsStore';
import { applyTheme, storedTheme } from './app/theme';

applyTheme(storedTheme(window.localStorage));

// The Telegram client (MTProto, crypto, TL schema) is most of the code: it loads beside the first paint, not before it.
const connectTelegram = lazyBackend(() => import('./app/stores/telegramBackend').then((m) => m.createTelegramBackend));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

render(
  () => (
    <App
      storage={window.localStorage}
      defaults={defaultSettings(import.meta.env as { VITE_TG_API_ID?: string; VITE_TG_API_HASH?: string })}
      connect={connectTelegram}
    />
  ),
  root,
);
