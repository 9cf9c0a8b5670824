// Light or dark: the system's choice (prefers-color-scheme) unless the person picked one in Settings. The choice is a
// data-theme attribute on <html> that global.css reads; it is kept in localStorage.
import type { KeyValueStorage } from './stores/settingsStore';

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'tgcall:theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export function storedTheme(storage: KeyValueStorage): ThemeChoice {
  const value = storage.getItem(KEY);
  return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
}

/** Applies the choice to the document (no attribute for "system": the media query decides). */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

export function saveTheme(choice: ThemeChoice, storage: KeyValueStorage): void {
  storage.setItem(KEY, choice);
  applyTheme(choice);
}
