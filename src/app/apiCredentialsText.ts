// How to get an api_id / api_hash, in one place for Settings and the sign-in screen (my.telegram.org's own names for
// the page and its fields, so that a person can find them).

export const MY_TELEGRAM_STEPS =
  'Sign in at my.telegram.org with your phone number, open “API development tools”, create an application (any title ' +
  'and short name), then copy its “App api_id” (a number) and “App api_hash” (32 letters and digits).';
