import { describe, expect, it } from 'vitest';
import { detailLines, excerptLines, labelFor, latency } from '../../renderer/src/findings/finding-details';

describe('detailLines', () => {
  it('turn an offboarding finding into readable lines, keeping collections linkable', () => {
    const lines = detailLines({
      terminatedAt: '2026-10-29T00:00:00.000Z',
      terminationBasis: 'hr-date',
      state: 'removed',
      lastSeenWithAccess: { collectionId: 4, at: '2026-11-02T06:00:00.000Z' },
      firstSeenWithout: null,
      latencyHours: { min: 103.3, max: 103.3 },
      deadlineHours: 48,
    });
    expect(lines.map((l) => [l.label, l.parts])).toEqual([
      ['Terminated at', ['2026-10-29 00:00:00 UTC']],
      ['Termination known from', ['the HR termination date']],
      ['State', ['removed']],
      ['Last seen with access', [{ collectionId: 4, at: '2026-11-02T06:00:00.000Z' }]],
      ['First seen without access', ['—']],
      ['Latency', ['103.3 h']],
      ['Deadline', ['48 h']],
    ]);
  });
  it('say an open-ended latency is a minimum while access remains', () => {
    expect(latency(1398, null)).toBe('at least 1398 h (access remains)');
    expect(latency(20, 44)).toBe('between 20 h and 44 h');
  });
  it('read lists, team roles, booleans and days', () => {
    const lines = detailLines({ groups: ['prefect-admins', 'prefect-data-eng'], teamRoles: [{ team: 'prefect-data-eng', role: 'Runner' }], widensAccess: true, idleDays: 1, ageDays: 488, candidates: [] });
    expect(lines.map((l) => l.parts[0])).toEqual(['prefect-admins, prefect-data-eng', 'prefect-data-eng: Runner', 'yes', '1 day', '488 days', 'none']);
  });
  it('name unknown keys from their camelCase', () => {
    expect(labelFor('someNewField')).toBe('Some new field');
    expect(labelFor('pair')).toBe('Pair');
  });
  it('read evidence excerpts as short lines', () => {
    expect(excerptLines({ status: 'terminated', active: false, created: '2025-07-27T17:14:50.000Z' })).toEqual(['status: terminated', 'active: no', 'created: 2025-07-27 17:14:50 UTC']);
  });
});
