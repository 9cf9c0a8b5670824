// Entry point: mounts the app with the real Telegram backend, settings from localStorage and build-time defaults.
import { render } from 'solid-js/web';
import { App } from './app/App';
import { createTelegramBackend } from './app/stores/telegramBackend';
import { defaultSettings } from './app/stores/settingsStore';
import { applyTheme, storedTheme } from './app/theme';

applyTheme(storedTheme(window.localStorage));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

render(
  () => (
    <App
      storage={window.localStorage}
      defaults={defaultSettings(import.meta.env as { VITE_TG_API_ID?: string; VITE_TG_API_HASH?: string })}
      connect={createTelegramBackend}
    />
  ),
  root,
);
