import { describe, expect, it } from 'vitest';
import { revocationLines } from '../../electron/cli/commands/timeline';

/** The text `timeline` prints for the revocation latency that --json gives as `revocation`. */
describe('revocationLines', () => {
  const base = { terminatedAt: '2026-08-19T00:00:00.000Z', terminationBasis: 'hr-date' as const, removedAt: null };
  it('a removal seen only by polling is a range between the two polls that bound it', () => {
    expect(
      revocationLines({
        ...base,
        state: 'removed',
        lastSeenWithAccess: { collectionId: 4, at: '2026-08-20T06:00:00.000Z' },
        firstSeenWithout: { collectionId: 5, at: '2026-08-21T06:00:00.000Z' },
        latencyHours: { min: 30, max: 54 },
      }),
    ).toEqual([
      'Revocation latency: between 30 h and 54 h (2.3 days) after leaving (Prefect access removed)',
      '  left 2026-08-19T00:00:00.000Z (from the HR termination date)',
      '  last seen with access by collection 4 (2026-08-20T06:00:00.000Z)',
      '  first seen without access by collection 5 (2026-08-21T06:00:00.000Z)',
      '  no audit event: the removal is known only to the window between those polls',
    ]);
  });
  it('an audit event dates the removal exactly; access gone before the leaving has no latency', () => {
    const exact = revocationLines({ ...base, terminationBasis: 'idp-event', state: 'removed', removedAt: '2026-08-19T12:00:00.000Z', lastSeenWithAccess: null, firstSeenWithout: null, latencyHours: { min: 12, max: 12 } });
    expect(exact).toEqual([
      'Revocation latency: 12 h after leaving (Prefect access removed)',
      '  left 2026-08-19T00:00:00.000Z (from the IdP deactivation event)',
      '  removed at 2026-08-19T12:00:00.000Z (from the audit log: exact)',
    ]);
    expect(revocationLines({ ...base, state: 'removed-before-termination', lastSeenWithAccess: null, firstSeenWithout: null, latencyHours: { min: 0, max: 0 } })[0]).toBe(
      'Revocation latency: none, Prefect access removed before the termination',
    );
  });
});
