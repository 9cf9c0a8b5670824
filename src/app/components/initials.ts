// Up to two letters standing for a chat or a person, for avatars: the first letter of each of the first two words.
export function initialsOf(title: string): string {
  const words = title
    .trim()
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const letters = words.slice(0, 2).map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toUpperCase() || '?';
}
