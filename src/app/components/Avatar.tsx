// Round initials for a chat or person; decorative (the name is always written next to it), so hidden from screen readers.
import type { JSX } from 'solid-js';
import styles from './Avatar.module.css';

const palette = ['#e17076', '#7bc862', '#65aadd', '#a695e7', '#ee7aae', '#6ec9cb', '#faa774'];

export function initialsOf(title: string): string {
  const words = title.trim().split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const letters = words.slice(0, 2).map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

function colourFor(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return palette[Math.abs(hash) % palette.length];
}

export function Avatar(props: { title: string; seed: string; size?: number }): JSX.Element {
  return (
    <span
      class={styles.avatar}
      aria-hidden="true"
      style={{ 'background-color': colourFor(props.seed), '--size': `${props.size ?? 44}px` }}
    >
      {initialsOf(props.title)}
    </span>
  );
}
