import { describe, expect, it } from 'vitest';
import type { LeaverLatency, RevocationLatencyReport } from '../../shared/domain/analysis';
import { deadlineVerdict, formatLatencyRange, latencyChartData, niceCeil } from '../../renderer/src/analysis/latency-ranges';

function leaver(id: string, min: number, max: number | null, state: LeaverLatency['latency']['state'] = max === null ? 'still-active' : 'removed'): LeaverLatency {
  return {
    identityId: id,
    displayName: id.toUpperCase(),
    email: `${id}@x.io`,
    latency: {
      terminatedAt: '2026-11-01T00:00:00.000Z',
      terminationBasis: 'hr-date',
      state,
      lastSeenWithAccess: null,
      firstSeenWithout: null,
      removedAt: null,
      latencyHours: { min, max },
    },
  };
}

const report = (leavers: LeaverLatency[], deadlineHours = 48): RevocationLatencyReport => ({ policyVersion: 1, deadlineHours, terminationTimeZone: 'UTC', asOfCollectionId: 9, leavers });

describe('deadlineVerdict', () => {
  it('never calls a range that straddles the deadline on time', () => {
    const v = (min: number, max: number | null) => deadlineVerdict(leaver('a', min, max).latency, 48);
    expect(v(10, 30)).toBe('within');
    expect(v(10, 48)).toBe('within');
    expect(v(30, 78)).toBe('undetermined');
    expect(v(48.1, 60)).toBe('missed');
    expect(v(0, 0)).toBe('within');
    expect(v(20, null)).toBe('pending');
    expect(v(50, null)).toBe('still-active-missed');
  });
});

describe('latencyChartData', () => {
  it('orders worst first, splits each bar into certain, uncertain and open parts, and counts verdicts', () => {
    const data = latencyChartData(report([leaver('ok', 2, 20), leaver('gap', 30, 78), leaver('open', 100, null), leaver('late', 103.3, 103.3)]));
    expect(data.rows.map((b) => b.key)).toEqual(['open', 'late', 'gap', 'ok']);
    // The axis runs past every known bound (and leaves room for the open end): 103.3 * 1.2 -> 200.
    expect(data.axisMax).toBe(200);
    const byKey = Object.fromEntries(data.rows.map((b) => [b.key, b]));
    expect(byKey.gap).toMatchObject({ certain: 30, uncertain: 48, open: 0, verdict: 'undetermined' });
    expect(byKey.open).toMatchObject({ certain: 100, uncertain: 0, open: 100, verdict: 'still-active-missed' });
    expect(byKey.late).toMatchObject({ certain: 103.3, uncertain: 0, open: 0, verdict: 'missed' });
    expect(data.counts).toEqual({ within: 1, missed: 1, undetermined: 1, pending: 0, 'still-active-missed': 1 });
  });
  it('keeps every leaver in the table rows but caps the bars, saying how many it left out', () => {
    const many = Array.from({ length: 45 }, (_, i) => leaver(`p${i}`, i, i + 1));
    const data = latencyChartData(report(many), 40);
    expect(data.rows).toHaveLength(45);
    expect(data.bars).toHaveLength(40);
    expect(data.omitted).toBe(5);
    expect(data.bars[0]!.key).toBe('p44');
  });
  it('has an axis that includes the deadline even when every latency is shorter', () => {
    expect(latencyChartData(report([leaver('a', 1, 2)], 72)).axisMax).toBe(100);
    expect(latencyChartData(report([], 48))).toMatchObject({ rows: [], bars: [], omitted: 0, axisMax: 100 });
  });
});

describe('formatting', () => {
  it('writes a range, an exact value, and an open range', () => {
    expect(formatLatencyRange(30, 78)).toBe('30–78 h');
    expect(formatLatencyRange(103.3, 103.3)).toBe('103.3 h');
    expect(formatLatencyRange(1398, null)).toBe('≥ 1,398 h (still active)');
  });
  it('rounds axis ends up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 7, 12, 48, 50.4, 123.96, 1879].map(niceCeil)).toEqual([1, 10, 20, 50, 100, 200, 2000]);
  });
});

describe('latency axis ticks', () => {
  it('read in hours up to four days and in days beyond', async () => {
    const { hoursTick } = await import('../../renderer/src/components/overview/revocation-latency');
    expect([0, 48, 72, 96, 4500, 5000].map(hoursTick)).toEqual(['0 h', '48 h', '72 h', '4 d', '188 d', '208 d']);
  });
});
