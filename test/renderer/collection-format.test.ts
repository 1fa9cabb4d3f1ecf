import { describe, expect, it } from 'vitest';
import {
  collectionProblem,
  collectionTotals,
  connectionEndpoint,
  credentialNames,
  formatCount,
  formatDuration,
  plural,
  staleNotice,
} from '../../renderer/src/collection/collection-format';
import { collection, source } from './collection-fixtures';

describe('numbers and durations', () => {
  it('formats durations for short and long runs', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(68)).toBe('68 ms');
    expect(formatDuration(1940)).toBe('1.9 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
  it('groups thousands and pluralises', () => {
    expect(formatCount(1514)).toBe('1,514');
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatCount(87)).toBe('87');
    expect(plural(1, 'request')).toBe('1 request');
    expect(plural(1514, 'record')).toBe('1,514 records');
  });
  it('sums a collection from its sources', () => {
    expect(collectionTotals(collection())).toEqual({ records: 150, events: 8, quarantined: 2, factsOpened: 107, factsClosed: 3 });
  });
});

describe('collectionProblem', () => {
  it('prefers the collection error, then a source error, then the quarantine', () => {
    expect(collectionProblem(collection({ status: 'failed', error: 'okta: HTTP 401' }))).toBe('okta: HTTP 401');
    expect(collectionProblem(collection({ status: 'degraded', sources: [source({ status: 'degraded', error: 'page 3 truncated' })] }))).toBe(
      'okta: page 3 truncated',
    );
    expect(collectionProblem(collection({ status: 'degraded' }))).toBe('2 records quarantined');
    expect(collectionProblem(collection({ status: 'degraded', sources: [source({ status: 'degraded' })] }))).toBe('not read completely: okta');
  });
});

describe('staleNotice', () => {
  const current = collection({ id: 4, finishedAt: '2026-03-01T09:00:02.000Z' });
  it('is silent when the latest collection is the current one, or still running', () => {
    expect(staleNotice({ current, latest: current })).toBeNull();
    expect(staleNotice({ current, latest: collection({ id: 5, status: 'running', finishedAt: null }) })).toBeNull();
    expect(staleNotice({ current: null, latest: null })).toBeNull();
  });
  it('names the collection the data is from and why the latest did not replace it', () => {
    const failed = collection({ id: 5, status: 'failed', startedAt: '2026-03-02T09:00:00.000Z', error: 'okta: the API token was rejected (401)' });
    expect(staleNotice({ current, latest: failed })).toBe(
      'Data is from collection 4 (2026-03-01 09:00:02 UTC); the latest run 5 (2026-03-02 09:00:00 UTC) failed: okta: the API token was rejected (401)',
    );
    const degraded = collection({ id: 6, status: 'degraded', startedAt: '2026-03-03T09:00:00.000Z' });
    expect(staleNotice({ current, latest: degraded })).toMatch(/latest run 6 \(.+\) was degraded: 2 records quarantined$/);
  });
  it('says so when nothing has completed yet', () => {
    const cancelled = collection({ id: 1, status: 'cancelled', error: 'Cancelled by the user.' });
    expect(staleNotice({ current: null, latest: cancelled })).toBe(
      'There is no complete collection yet; the latest run 1 (2026-03-01 09:00:00 UTC) was cancelled: Cancelled by the user.',
    );
  });
});

describe('connections', () => {
  it('describe where each kind reads from', () => {
    expect(connectionEndpoint({ id: 'o', kind: 'okta', url: 'https://a.okta.com', auth: { type: 'ssws', tokenEnv: 'T' } })).toBe('https://a.okta.com');
    expect(connectionEndpoint({ id: 'h', kind: 'hr_csv', path: '/srv/hr.csv' })).toBe('/srv/hr.csv');
    expect(connectionEndpoint({ id: 'e', kind: 'entra', tenantId: 'contoso', clientId: 'c', auth: { type: 'secret', secretEnv: 'S' } })).toBe(
      'tenant contoso',
    );
    expect(
      connectionEndpoint({ id: 'p', kind: 'prefect', url: 'https://api.prefect.cloud/api', accountId: 'acc', auth: { type: 'bearer', tokenEnv: 'K' } }),
    ).toBe('https://api.prefect.cloud/api (account acc)');
  });
  it('list the credential names a connection needs', () => {
    expect(credentialNames({ id: 'o', kind: 'okta', url: 'https://a.okta.com', auth: { type: 'oauth', clientId: 'c', privateKeyEnv: 'KEY', keyId: 'k' } })).toEqual([
      'KEY',
    ]);
    expect(credentialNames({ id: 'h', kind: 'hr_csv', path: 'x.csv' })).toEqual([]);
  });
});
