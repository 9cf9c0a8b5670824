import { describe, expect, it } from 'vitest';
import { countdownText, defaultScheduleInputs, scheduleDateOf, startTimeText } from './scheduleInputs';

describe('schedule inputs', () => {
  it('reads the date and time inputs in local time', () => {
    expect(scheduleDateOf('2026-11-26', '10:30')).toBe(Math.floor(new Date(2026, 10, 26, 10, 30).getTime() / 1000));
  });

  it('refuses missing or malformed parts', () => {
    expect(scheduleDateOf('', '10:30')).toBeNull();
    expect(scheduleDateOf('2026-11-26', '')).toBeNull();
    expect(scheduleDateOf('26/11/2026', '10:30')).toBeNull();
  });

  it('proposes an hour from now, which reads back to that minute', () => {
    const now = new Date(2026, 0, 31, 23, 45, 12);
    const inputs = defaultScheduleInputs(now);
    expect(inputs).toEqual({ date: '2026-02-01', time: '00:45' });
    expect(scheduleDateOf(inputs.date, inputs.time)).toBe(Math.floor(new Date(2026, 1, 1, 0, 45).getTime() / 1000));
  });
});

describe('countdownText', () => {
  const start = 1_000_000;
  it('counts down in days, hours, minutes and seconds', () => {
    expect(countdownText(start, (start - 65) * 1000)).toBe('in 1 min 05 s');
    expect(countdownText(start, (start - 3725) * 1000)).toBe('in 1 h 02 min 05 s');
    expect(countdownText(start, (start - 2 * 86_400 - 3 * 3600) * 1000)).toBe('in 2 d 3 h');
  });

  it('says "any moment now" once the time has come', () => {
    expect(countdownText(start, start * 1000)).toBe('any moment now');
    expect(countdownText(start, (start + 30) * 1000)).toBe('any moment now');
  });
});

describe('startTimeText', () => {
  const tenThirtyBerlinSummer = Date.UTC(2026, 2, 29, 8, 30) / 1000;
  it('reads the start in the given language and zone, summer time included', () => {
    expect(startTimeText(tenThirtyBerlinSummer, { locale: 'en-US', timeZone: 'Europe/Berlin' })).toBe(
      'Mar 29, 2026, 10:30 AM',
    );
    expect(startTimeText(tenThirtyBerlinSummer, { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toBe(
      '29.03.2026, 10:30',
    );
    expect(startTimeText(tenThirtyBerlinSummer, { locale: 'en-GB', timeZone: 'America/New_York' })).toBe(
      '29 Mar 2026, 04:30',
    );
  });
});
