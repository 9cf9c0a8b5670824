// Round initials for a chat or person; decorative (the name is always written next to it), so hidden from screen readers.
import type { JSX } from 'solid-js';
import styles from './Avatar.module.css';
import { initialsOf } from './initials';

const palette = ['#e17076', '#7bc862', '#65aadd', '#a695e7', '#ee7aae', '#6ec9cb', '#faa774'];

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
