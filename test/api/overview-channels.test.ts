import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/api/open-core';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { refreshFindings } from '../../electron/analyze/findings/findings-store';
import { currentPolicy } from '../../electron/analyze/policy/policy-store';
import type { ApiResult } from '../../shared/api/result';
import type { FindingsAnswer, IdpVsPrefect, OrgMetricsPoint, RevocationLatencyReport, SnapshotPoint } from '../../shared/domain/analysis';
import { resolveAsOfClient } from '../../renderer/src/analysis/resolve-as-of';
import { deadlineVerdict } from '../../renderer/src/analysis/latency-ranges';
import { findingsSeries } from '../../renderer/src/analysis/metrics-series';
import { SEVERITIES } from '../../renderer/src/findings/findings-view';
import { collect, hrEmployee, idpUser, member, prefectBase, type Harness, type SourceScript } from '../analyze/builders';
import { noHttp } from '../fixtures/no-http';

/**
 * The channels behind the Overview and the header's as-of control, on a small history built
 * with the real collection runner: complete, degraded and failed collections, and two complete
 * ones committed at the same instant. The renderer resolves "which collection answers for T"
 * itself (for the header and the chart marker); these tests hold it to the engine's answer.
 */
const D = (day: number) => `2026-05-0${day}T06:00:00.000Z`;
const ctx = { transport: 'direct' as const, actor: 'auditor@example.test' };

let core: Core;
let clock: ManualClock;
const ids: Record<string, number> = {};

/** Ana leaves (HR date 2026-05-02); her Prefect membership is gone by the poll of 05-04. Bo stays. */
function sources(opts: { anaLeft: boolean; anaInPrefect: boolean; outcome?: 'degraded' | 'failed' }): SourceScript[] {
  return [
    { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io', opts.anaLeft ? { status: 'terminated', terminationDate: '2026-05-02' } : {}), hrEmployee('E2', 'bo@x.io')] },
    { id: 'okta', kind: 'okta', items: [idpUser('u-ana', 'ana@x.io', { employeeId: 'E1' }), idpUser('u-bo', 'bo@x.io', { employeeId: 'E2' })] },
    {
      id: 'prefect',
      kind: 'prefect',
      items: [...prefectBase(), member('bo', 'bo@x.io'), ...(opts.anaInPrefect ? [member('ana', 'ana@x.io')] : [])],
      ...(opts.outcome ? { outcome: opts.outcome } : {}),
    },
  ];
}

beforeAll(async () => {
  clock = new ManualClock(D(1));
  core = openCore({ databasePath: ':memory:', clock, logger: silentLogger });
  const h: Harness = { db: core.db, clock, deps: { db: core.db, clock, logger: silentLogger, createHttpClient: noHttp } };
  ids.c1 = (await collect(h, D(1), sources({ anaLeft: false, anaInPrefect: true }))).id;
  ids.c2 = (await collect(h, D(2), sources({ anaLeft: true, anaInPrefect: true }))).id;
  ids.c3 = (await collect(h, D(4), sources({ anaLeft: true, anaInPrefect: false }))).id;
  const degraded = await collect(h, D(5), sources({ anaLeft: true, anaInPrefect: false, outcome: 'degraded' }));
  const failed = await collect(h, D(6), sources({ anaLeft: true, anaInPrefect: false, outcome: 'failed' }));
  expect([degraded.status, failed.status]).toEqual(['degraded', 'failed']);
  ids.c6 = (await collect(h, D(7), sources({ anaLeft: true, anaInPrefect: false }))).id;
  ids.c7 = (await collect(h, D(7), sources({ anaLeft: true, anaInPrefect: false }))).id;
  clock.set('2026-05-09T12:00:00.000Z');
}, 60_000);

afterAll(async () => {
  await core?.close();
});

const call = <T>(channel: string, args: unknown) => core.service.dispatch(channel, args, ctx) as Promise<ApiResult<T>>;
async function ok<T>(channel: string, args: unknown): Promise<T> {
  const r = await call<T>(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

describe('snapshotTimes', () => {
  it('lists the complete collections only, oldest first, with their commit times (a tie included)', async () => {
    const points = await ok<SnapshotPoint[]>('snapshotTimes', {});
    expect(points).toEqual([
      { collectionId: ids.c1, at: D(1) },
      { collectionId: ids.c2, at: D(2) },
      { collectionId: ids.c3, at: D(4) },
      { collectionId: ids.c6, at: D(7) },
      { collectionId: ids.c7, at: D(7) },
    ]);
  });
});

describe('the as-of control resolves T the way the engine does', () => {
  const times: (string | null)[] = [
    null,
    '2026-04-30',
    '2026-05-01T05:59:59.999Z',
    '2026-05-01T06:00:00.000Z',
    '2026-05-01',
    '2026-05-03',
    '2026-05-04T06:00:00Z',
    '2026-05-04T07:59:59+02:00',
    '2026-05-05',
    '2026-05-06T12:00:00+02:00',
    '2026-05-07',
    // Today (the clock says 05-09 12:00): read as now, not as the end of a day that has not ended.
    '2026-05-09',
  ];
  it.each(times.map((at) => [at ?? 'now', at] as const))('at %s', async (_label, at) => {
    const points = await ok<SnapshotPoint[]>('snapshotTimes', {});
    const client = resolveAsOfClient(points, at);
    const args = at === null ? {} : { at };
    const server = await call<IdpVsPrefect>('idpVsPrefect', args);
    const findings = await ok<FindingsAnswer>('listFindings', args);
    if (client.kind === 'before-first') {
      expect(server.ok ? 'answered' : server.error.code).toBe('NOT_FOUND');
      expect(server.ok ? '' : server.error.message).toContain(client.first.at);
      expect(findings.asOf).toBeNull();
      return;
    }
    expect(client.kind).toBe('resolved');
    if (client.kind !== 'resolved' || !server.ok) throw new Error(`client ${client.kind}, server ${JSON.stringify(server)}`);
    expect({ collectionId: server.value.collectionId, collectedAt: server.value.collectedAt, until: server.value.uncertainty.to }).toEqual({
      collectionId: client.point.collectionId,
      collectedAt: client.point.at,
      until: client.next?.at ?? null,
    });
    expect(findings.asOf?.collectionId).toBe(client.point.collectionId);
  });
  it('covers the cases that matter: before the first, exactly at a commit, the tie, and after the last', async () => {
    const points = await ok<SnapshotPoint[]>('snapshotTimes', {});
    const id = (at: string | null) => {
      const r = resolveAsOfClient(points, at);
      return r.kind === 'resolved' ? r.point.collectionId : r.kind;
    };
    expect(id('2026-04-30')).toBe('before-first');
    expect(id('2026-05-01T05:59:59.999Z')).toBe('before-first');
    expect(id('2026-05-01T06:00:00.000Z')).toBe(ids.c1);
    // The degraded and failed polls of 05-05 and 05-06 prove nothing: c3 still answers.
    expect(id('2026-05-06T12:00:00+02:00')).toBe(ids.c3);
    expect(id('2026-05-07')).toBe(ids.c7);
    expect(id(null)).toBe(ids.c7);
  });
});

describe('orgMetrics', () => {
  it('has one point per complete collection; findings counts appear once judged and match listFindings', async () => {
    const points = await ok<SnapshotPoint[]>('snapshotTimes', {});
    const before = await ok<OrgMetricsPoint[]>('orgMetrics', {});
    expect(before.map((p) => [p.collectionId, p.at])).toEqual(points.map((p) => [p.collectionId, p.at]));
    expect(before.map((p) => [p.idpActive, p.prefectActive])).toEqual([
      [2, 2],
      [2, 2],
      [2, 1],
      [2, 1],
      [2, 1],
    ]);
    // Nothing judged yet: the chart leaves every point out rather than drawing zeros.
    expect(findingsSeries(before)).toEqual({ rows: [], unjudged: 5 });

    refreshFindings(core.db, clock, ids.c2!, currentPolicy(core.db));
    const after = await ok<OrgMetricsPoint[]>('orgMetrics', {});
    const judged = after.find((p) => p.collectionId === ids.c2)!;
    expect(judged.openFindings).not.toBeNull();
    const open = await ok<FindingsAnswer>('listFindings', { at: D(2) });
    expect(open.judged).toBe(true);
    for (const s of SEVERITIES) expect(judged.openFindings![s]).toBe(open.findings.filter((f) => f.severity === s).length);
    expect(findingsSeries(after).unjudged).toBe(4);
  });
});

describe('revocationLatencies', () => {
  it('measures the leaver as a range between polls, against the policy deadline, at the as-of time', async () => {
    const deadline = currentPolicy(core.db).offboardingDeadlineHours;
    // At c2 (05-02 06:00) Ana is gone since 00:00 and still in Prefect: at least 6 h, no upper bound yet.
    const early = await ok<RevocationLatencyReport>('revocationLatencies', { at: '2026-05-02T12:00:00Z' });
    expect(early.asOfCollectionId).toBe(ids.c2);
    expect(early.deadlineHours).toBe(deadline);
    const anaEarly = early.leavers.find((l) => l.email === 'ana@x.io')!;
    expect(anaEarly.latency).toMatchObject({ state: 'still-active', latencyHours: { min: 6, max: null } });
    expect(deadlineVerdict(anaEarly.latency, 24)).toBe('pending');
    // Now: removed somewhere between the polls of 05-02 06:00 and 05-04 06:00, so 6 to 54 hours.
    const now = await ok<RevocationLatencyReport>('revocationLatencies', {});
    expect(now.asOfCollectionId).toBe(ids.c7);
    const ana = now.leavers.find((l) => l.email === 'ana@x.io')!;
    expect(ana.latency).toMatchObject({
      state: 'removed',
      lastSeenWithAccess: { collectionId: ids.c2, at: D(2) },
      firstSeenWithout: { collectionId: ids.c3, at: D(4) },
      latencyHours: { min: 6, max: 54 },
    });
    // A 24-hour deadline falls inside that gap: the Overview must call it undetermined, not on time.
    expect(deadlineVerdict(ana.latency, 24)).toBe('undetermined');
    expect(now.leavers.some((l) => l.email === 'bo@x.io')).toBe(false);
  });
  it('refuses a time before the first collection with NOT_FOUND naming the first one', async () => {
    const r = await call('revocationLatencies', { at: '2026-04-30' });
    expect(r.ok ? 'answered' : r.error.code).toBe('NOT_FOUND');
    expect(r.ok ? '' : r.error.message).toContain(D(1));
  });
});

describe('a time in the future', () => {
  it('is refused, not answered from the newest poll as if it were known', async () => {
    const r = await call('idpVsPrefect', { at: '2026-05-20' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'at: 2026-05-20 is in the future; leave it out for the newest collection.' } });
  });
});
