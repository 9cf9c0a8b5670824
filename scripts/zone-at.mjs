#!/usr/bin/env node
// Prints the IANA time zone in which the local time is now nearest to HH:MM, so that the suite can be run as if at that
// hour:  TZ=$(node scripts/zone-at.mjs 00:30) npm test. Candidates are the whole-hour Etc/GMT zones and the zones with
// half- and quarter-hour offsets, so the result is within 15 minutes of the asked time.
const wanted = /^(\d{2}):(\d{2})$/.exec(process.argv[2] ?? '');
if (!wanted) {
  console.error('usage: node scripts/zone-at.mjs HH:MM');
  process.exit(2);
}
const target = Number(wanted[1]) * 60 + Number(wanted[2]);
const zones = [];
for (let h = -14; h <= 12; h++) zones.push(h === 0 ? 'Etc/GMT' : `Etc/GMT${h > 0 ? '+' : '-'}${Math.abs(h)}`);
zones.push(
  'America/St_Johns',
  'Pacific/Marquesas',
  'Asia/Tehran',
  'Asia/Kabul',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Yangon',
);
zones.push('Australia/Eucla', 'Australia/Adelaide', 'Pacific/Chatham');
const now = new Date();
let best = { zone: 'Etc/GMT', distance: Infinity };
for (const zone of zones) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const at =
    Number(parts.find((p) => p.type === 'hour').value) * 60 + Number(parts.find((p) => p.type === 'minute').value);
  const d = Math.abs(at - target);
  const distance = Math.min(d, 1440 - d);
  if (distance < best.distance) best = { zone, distance };
}
process.stdout.write(best.zone + '\n');
