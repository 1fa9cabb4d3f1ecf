import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../../renderer/src/api/ledger-client';
import { placeSettingError } from '../../renderer/src/components/setting-errors';
import { formatTimestamp, summarizeDetails, truncateMiddle } from '../../renderer/src/format';

describe('placeSettingError', () => {
  it('puts key and value messages beside their fields', () => {
    expect(placeSettingError(new ApiCallError('INVALID_ARGUMENT', 'setSetting: key: setting keys are dotted lowerCamel names'))).toEqual({
      field: 'key',
      message: 'setting keys are dotted lowerCamel names',
    });
    expect(placeSettingError(new ApiCallError('INVALID_ARGUMENT', 'setSetting: value: Too big: expected string to have <=4096 characters'))).toEqual({
      field: 'value',
      message: 'Too big: expected string to have <=4096 characters',
    });
  });
  it('keeps other errors at form level', () => {
    expect(placeSettingError(new ApiCallError('DATABASE', 'setSetting: key: looks like a field but is not validation'))).toEqual({
      field: null,
      message: 'setSetting: key: looks like a field but is not validation',
    });
    expect(placeSettingError(new ApiCallError('INVALID_ARGUMENT', 'setSetting: arguments: Invalid input'))).toEqual({
      field: null,
      message: 'setSetting: arguments: Invalid input',
    });
  });
});

describe('format helpers', () => {
  it('shows timestamps in UTC, saying so', () => {
    expect(formatTimestamp('2026-03-01T09:05:07.123Z')).toBe('2026-03-01 09:05:07 UTC');
    expect(formatTimestamp('not a date')).toBe('not a date');
  });
  it('summarises a from/to change on one line', () => {
    expect(summarizeDetails({ from: null, to: 60 })).toBe('null → 60');
    expect(summarizeDetails({})).toBe('—');
    expect(summarizeDetails({ source: 'okta', records: 12 })).toBe('source: "okta", records: 12');
  });
  it('keeps both ends of a long path', () => {
    const long = `/home/auditor/${'x'.repeat(100)}/access-ledger.db`;
    const short = truncateMiddle(long, 40);
    expect(short).toHaveLength(40);
    expect(short.startsWith('/home/audi')).toBe(true);
    expect(short.endsWith('access-ledger.db')).toBe(true);
    expect(truncateMiddle('/tmp/a.db', 40)).toBe('/tmp/a.db');
  });
});
