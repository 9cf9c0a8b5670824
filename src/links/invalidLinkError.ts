// InvalidLinkError: the one error the link parsers and formatters throw. Callers match on `reason`; `input` is the text
// (or, for formatting, the link) that was refused, kept as given so the UI can show or log it.

export type InvalidLinkReason =
  | 'empty' // nothing but white space
  | 'too-long' // longer than any real link (MAX_LINK_LENGTH): refused before any parsing
  | 'control-character' // a control character in the link or in a decoded value
  | 'not-a-link' // no scheme, no known host, no app route: ordinary text
  | 'unsupported-scheme' // a scheme other than http(s), tg, web+tg
  | 'unknown-host' // an http(s) host that is not t.me / telegram.me / telegram.dog (with or without www.)
  | 'unexpected-path' // a Telegram link, but not to a chat (t.me/c/1/2, tg://msg), or not /join here; parseCallLink also says it for invite links
  | 'missing-username' // t.me/ or tg://resolve with no domain
  | 'invalid-username' // a username Telegram cannot have
  | 'no-call-parameter' // a link to a chat with no videochat / voicechat / livestream key
  | 'invalid-invite-hash' // a call link's hash with characters outside the invite-hash alphabet
  | 'invite-hash-too-long' // a call link's hash longer than MAX_INVITE_HASH_LENGTH
  | 'bad-percent-encoding' // a %-sequence that does not decode (stray %, invalid UTF-8)
  | 'nested-link' // /join?link=… whose inner link is itself an app route
  | 'phone-number-link' // t.me/+<digits>: a link to a phone number, not a chat invite (parseOpenableLink)
  | 'missing-chat-invite' // an invite link without its hash: t.me/+, t.me/joinchat/, tg://join, /join?invite=
  | 'invalid-chat-invite' // an invite hash outside `A–Z a–z 0–9 _ - .` or longer than MAX_CHAT_INVITE_HASH_LENGTH
  | 'ambiguous-link'; // this app's /join route naming an invite and also a call (domain=, a call key) or a wrapped link=

export class InvalidLinkError extends Error {
  override readonly name = 'InvalidLinkError';

  constructor(
    readonly reason: InvalidLinkReason,
    /** The text that was parsed (the whole input, even when an inner part was at fault), or the link being formatted. */
    readonly input: string,
    detail?: string,
  ) {
    super(`${reason}${detail === undefined ? '' : `: ${detail}`} (in ${preview(input)})`);
  }
}

/** A short, printable form of the input for messages: huge or binary inputs must not flood logs. */
function preview(input: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  const printable = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
  return JSON.stringify(printable.length > 120 ? `${printable.slice(0, 117)}...` : printable);
}
