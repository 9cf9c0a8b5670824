// Which strings can be a Telegram username in a link, and their canonical (lower-case) form.
// The rule is TDLib's for links (LinkManager is_valid_username): ASCII letters, digits and underscores, a letter first,
// no trailing underscore and no two underscores in a row. Length: usernames people set are 5–32 (account.checkUsername),
// but collectible usernames from Fragment can be shorter (telegram.org/faq) and are 4 at least; TDLib accepts 1–32. We take
// 4–32, so that 1–3 letter paths (t.me/a, /k, /z are Telegram's web apps) are never read as chats.

export const MIN_USERNAME_LENGTH = 4;
export const MAX_USERNAME_LENGTH = 32;

const USERNAME = /^[a-z][a-z0-9_]*$/i;

/** Whether `name` can be a Telegram username (any case). */
export function isValidUsername(name: string): boolean {
  return (
    name.length >= MIN_USERNAME_LENGTH &&
    name.length <= MAX_USERNAME_LENGTH &&
    USERNAME.test(name) &&
    !name.endsWith('_') &&
    !name.includes('__')
  );
}

/** The canonical form: lower case (Telegram resolves usernames case-insensitively; equal links compare equal). */
export function canonicalUsername(name: string): string {
  return name.toLowerCase();
}
