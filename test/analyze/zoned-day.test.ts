import { describe, expect, it } from 'vitest';
import { dayOf, startOfDay, startOfDayIso } from '../../electron/analyze/zoned-day';

const iso = (ms: number) => new Date(ms).toISOString();

describe('the start of a calendar day in a time zone', () => {
  it('is 00:00 UTC in UTC, exactly as the termination date was always read', () => {
    expect(startOfDay('2026-05-01', 'UTC')).toBe(Date.parse('2026-05-01T00:00:00.000Z'));
    expect(startOfDayIso('2026-05-01', 'UTC')).toBe('2026-05-01T00:00:00.000Z');
  });

  it('is hours before 00:00 UTC east of UTC, whole or not', () => {
    expect(iso(startOfDay('2026-05-01', 'Asia/Tokyo'))).toBe('2026-04-30T15:00:00.000Z');
    expect(iso(startOfDay('2026-05-01', 'Asia/Kolkata'))).toBe('2026-04-30T18:30:00.000Z');
    // +14: the earliest any day starts anywhere.
    expect(iso(startOfDay('2026-05-01', 'Pacific/Kiritimati'))).toBe('2026-04-30T10:00:00.000Z');
  });

  it('follows daylight saving on the days the clocks change (Los Angeles)', () => {
    // 2026-03-08 starts in PST (-8) and switches to PDT at 02:00; the next day starts in PDT (-7).
    expect(iso(startOfDay('2026-03-08', 'America/Los_Angeles'))).toBe('2026-03-08T08:00:00.000Z');
    expect(iso(startOfDay('2026-03-09', 'America/Los_Angeles'))).toBe('2026-03-09T07:00:00.000Z');
    // 2026-11-01 starts in PDT and falls back at 02:00; the next day starts in PST.
    expect(iso(startOfDay('2026-11-01', 'America/Los_Angeles'))).toBe('2026-11-01T07:00:00.000Z');
    expect(iso(startOfDay('2026-11-02', 'America/Los_Angeles'))).toBe('2026-11-02T08:00:00.000Z');
  });

  it('is the moment the clocks jump into the day where a change skips midnight, and the first midnight where one repeats it', () => {
    // Chile springs forward at 00:00 on 2024-09-08 (to 01:00, -3): the day has no 00:00.
    expect(iso(startOfDay('2024-09-08', 'America/Santiago'))).toBe('2024-09-08T04:00:00.000Z');
    expect(startOfDayIso('2024-09-08', 'America/Santiago')).toBe('2024-09-08T01:00:00.000-03:00');
    // ...and falls back at 24:00 on 2024-04-06 (to 23:00, -4): 2024-04-07 begins once the repeated hour is over.
    expect(iso(startOfDay('2024-04-07', 'America/Santiago'))).toBe('2024-04-07T04:00:00.000Z');
    // Cuba falls back at 01:00 on 2024-11-03 (to 00:00, -5): 00:00 happens at 04:00 and 05:00 UTC; the day began at the first.
    expect(iso(startOfDay('2024-11-03', 'America/Havana'))).toBe('2024-11-03T04:00:00.000Z');
    expect(startOfDayIso('2024-11-03', 'America/Havana')).toBe('2024-11-03T00:00:00.000-04:00');
  });

  it('writes the instant with the zone’s offset, so its first ten characters are still the date', () => {
    expect(startOfDayIso('2026-05-01', 'Asia/Tokyo')).toBe('2026-05-01T00:00:00.000+09:00');
    expect(startOfDayIso('2026-05-01', 'Asia/Kolkata')).toBe('2026-05-01T00:00:00.000+05:30');
    expect(startOfDayIso('2026-03-08', 'America/Los_Angeles')).toBe('2026-03-08T00:00:00.000-08:00');
    expect(Date.parse(startOfDayIso('2026-03-09', 'America/Los_Angeles'))).toBe(startOfDay('2026-03-09', 'America/Los_Angeles'));
  });

  it('refuses what is not a date rather than measuring from NaN', () => {
    expect(() => startOfDay('01/05/2026', 'Asia/Tokyo')).toThrow(/YYYY-MM-DD/);
  });
});

describe('the calendar date of an instant in a time zone', () => {
  it('is the local date, which east of UTC is a day ahead in the evening UTC', () => {
    const t = Date.parse('2026-04-30T15:00:00.000Z');
    expect(dayOf(t, 'UTC')).toBe('2026-04-30');
    expect(dayOf(t, 'Asia/Tokyo')).toBe('2026-05-01');
    expect(dayOf(t - 1, 'Asia/Tokyo')).toBe('2026-04-30');
    expect(dayOf(Date.parse('2026-05-01T06:00:00.000Z'), 'America/Los_Angeles')).toBe('2026-04-30');
  });
});
