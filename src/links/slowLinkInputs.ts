// Inputs just under the link length limit, built to be slow to parse (many parameters, long runs of % and /): the fuzz
// tests check each is parsed or refused, and `npm run bench -- links` times them.
export const SLOW_LINK_INPUTS: readonly string[] = [
  `https://t.me/durov?${'a=b&'.repeat(1000)}voicechat`,
  `https://t.me/${'/'.repeat(4000)}`,
  `https://t.me/durov?voicechat=${'%41'.repeat(85)}`,
  `/join?link=${'%25'.repeat(1300)}`,
  `${'www.'.repeat(1000)}t.me/durov?voicechat`,
  `tg://resolve?${'domain=durov&'.repeat(300)}`,
  `https://t.me/durov?${'&'.repeat(4050)}`,
  `https://t.me/+${'9'.repeat(4000)}`,
  `https://t.me/joinchat/${'%41'.repeat(1300)}`,
  `tg://join?${'invite=&'.repeat(500)}`,
  `/join?${'invite=a&'.repeat(450)}domain=durov`,
];
