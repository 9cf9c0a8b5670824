// The date and time inputs of a scheduled call ↔ Unix seconds, in the browser's time zone. Pure (tested).

const pad = (n: number) => String(n).padStart(2, '0');

/** One hour from now, on the minute: a sensible first guess for "when". */
export function defaultScheduleInputs(now: Date): { date: string; time: string } {
  const at = new Date(now.getTime() + 60 * 60 * 1000);
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

/** "2026-11-25" + "18:30" → Unix seconds in local time; null when either is missing or malformed. */
export function scheduleDateOf(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  return Number.isNaN(at.getTime()) ? null : Math.floor(at.getTime() / 1000);
}

/** "1 h 02 min 05 s" until the start; "any moment now" once it has passed. */
export function countdownText(startSeconds: number, nowMs: number): string {
  const left = Math.max(0, Math.round(startSeconds - nowMs / 1000));
  if (left === 0) return 'any moment now';
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  const parts =
    days > 0
      ? [`${days} d`, `${hours} h`]
      : hours > 0
        ? [`${hours} h`, `${pad(minutes)} min`, `${pad(seconds)} s`]
        : [`${minutes} min`, `${pad(seconds)} s`];
  return `in ${parts.join(' ')}`;
}

/**
 * When a scheduled call starts, as the person reads dates ("Mar 29, 2026, 10:30 AM" in en-US): the browser's language
 * and time zone unless given (tests give both).
 */
export function startTimeText(startSeconds: number, options: { locale?: string; timeZone?: string } = {}): string {
  return new Intl.DateTimeFormat(options.locale ?? [], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: options.timeZone,
  }).format(startSeconds * 1000);
}
