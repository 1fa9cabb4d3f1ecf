import { describe, expect, it } from 'vitest';
import { parseTimeArg } from '../../shared/domain/time-arg';
import { channels } from '../../shared/api/contract';

describe('parseTimeArg: the same text is the same instant everywhere', () => {
  it('reads a date as the end of that day in UTC, and a date-time with its zone as given', () => {
    expect(parseTimeArg('2026-11-03')?.toISOString()).toBe('2026-11-03T23:59:59.999Z');
    expect(parseTimeArg(' 2024-02-29 ')?.toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(parseTimeArg('2026-11-03T09:00Z')?.toISOString()).toBe('2026-11-03T09:00:00.000Z');
    expect(parseTimeArg('2026-11-03T09:00:30.250Z')?.toISOString()).toBe('2026-11-03T09:00:30.250Z');
    expect(parseTimeArg('2026-11-03T09:00+01:00')?.toISOString()).toBe('2026-11-03T08:00:00.000Z');
    expect(parseTimeArg('2026-11-03T09:00:00-05:30')?.toISOString()).toBe('2026-11-03T14:30:00.000Z');
    expect(parseTimeArg('2026-11-03T09:00+0100')?.toISOString()).toBe('2026-11-03T08:00:00.000Z');
  });

  it('refuses dates that do not exist, times without a zone and free text', () => {
    for (const text of [
      '2026-02-30',
      '2026-11-31',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-11-15T05:00',
      '2026-11-15T24:00Z',
      '2026-11-15T05:60Z',
      '2026-11-15T05:00+25:00',
      '2026-11-15T05:00+0160',
      'Nov 15 2026',
      '99999-01-01',
      '2026-11-15 05:00Z',
      '',
      'now',
    ]) {
      expect(parseTimeArg(text), text).toBeNull();
    }
  });

  it('the API refuses what the parser refuses, with the field named', () => {
    const refused = channels.accessAt.args.safeParse({ at: '2026-02-30' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('is not a real date or time');
    expect(channels.accessAt.args.safeParse({ at: '2026-02-28' }).success).toBe(true);
  });
});

describe('parseAsOfArg', () => {
  const now = new Date('2026-05-09T12:00:00.000Z');
  it('reads today as now, refuses later times as the future, and passes earlier ones through', async () => {
    const { parseAsOfArg } = await import('../../shared/domain/time-arg');
    expect(parseAsOfArg('2026-05-09', now)).toEqual(now);
    expect(parseAsOfArg('2026-05-08', now)).toEqual(new Date('2026-05-08T23:59:59.999Z'));
    expect(parseAsOfArg('2026-05-09T11:00Z', now)).toEqual(new Date('2026-05-09T11:00:00.000Z'));
    expect(parseAsOfArg('2026-05-09T13:00Z', now)).toBe('future');
    expect(parseAsOfArg('2026-05-10', now)).toBe('future');
    expect(parseAsOfArg('2026-02-30', now)).toBeNull();
  });
});
