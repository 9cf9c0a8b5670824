// Round initials for a chat or person; decorative (the name is always written next to it), so hidden from screen readers.
import type { JSX } from 'solid-js';
import styles from './Avatar.module.css';
import { initialsOf } from './initials';

// Telegram's avatar hues, dark enough for white initials to read at 4.5:1 or more (WCAG AA for text of this size).
const palette = ['#c2454d', '#3b8030', '#2a6db0', '#6f57c2', '#bf3f7c', '#25797c', '#ad5a17'];

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
