// Username syntax as Telegram checks it: 5–32 characters, letters, digits and underscores, starting with a letter,
// not ending with an underscore, no double underscore.
export function isValidUsername(name: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9_]{3,30}[a-zA-Z0-9]$/.test(name) && !name.includes('__');
}
