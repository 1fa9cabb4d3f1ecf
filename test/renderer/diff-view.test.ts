import { describe, expect, it } from 'vitest';
import { defaultRange, filterGroups, grantText, personPath, pointAt, provenanceText, roleText, timeProblem, workspaceAccessPath } from '../../renderer/src/access-diff/diff-view';
import { change, grant, state } from './analysis-fixtures';

const points = [
  { collectionId: 1, at: '2026-10-30T06:00:00.000Z' },
  { collectionId: 2, at: '2026-10-31T06:00:00.000Z' },
  { collectionId: 5, at: '2026-11-02T06:00:00.000Z' },
];

describe('pointAt', () => {
  it('answers with the newest complete collection at or before the time; a date means the end of that day', () => {
    expect(pointAt(points, null)?.collectionId).toBe(5);
    expect(pointAt(points, '2026-10-31')?.collectionId).toBe(2);
    expect(pointAt(points, '2026-10-31T05:59Z')?.collectionId).toBe(1);
    expect(pointAt(points, '2026-10-31T06:00:00.000Z')?.collectionId).toBe(2);
    expect(pointAt(points, '2026-10-29')).toBeNull();
    expect(pointAt([], null)).toBeNull();
  });
});

describe('defaultRange', () => {
  it('compares the collection before the as-of one with the as-of time', () => {
    expect(defaultRange(points, null)).toEqual({ from: '2026-10-31T06:00:00.000Z', to: '2026-11-02T06:00:00.000Z' });
    expect(defaultRange(points, '2026-11-01')).toEqual({ from: '2026-10-30T06:00:00.000Z', to: '2026-11-01' });
  });
  it('with one collection both ends are that collection; with none, or before the first, there is nothing to compare', () => {
    expect(defaultRange(points.slice(0, 1), null)).toEqual({ from: points[0]!.at, to: points[0]!.at });
    expect(defaultRange([], null)).toBeNull();
    expect(defaultRange(points, '2026-01-01')).toBeNull();
  });
});

describe('timeProblem', () => {
  it('accepts what the API accepts', () => {
    for (const ok of ['2026-11-03', '2026-11-03T09:00Z', '2026-11-03T09:00:00.000Z', '2026-11-03T09:00+01:00', ' 2026-11-03 ']) expect(timeProblem(ok)).toBeNull();
  });
  it('names what is wrong with anything else', () => {
    expect(timeProblem('')).toMatch(/enter a date/);
    expect(timeProblem('yesterday')).toBe('"yesterday" is not a date (2026-11-03) or a date-time with a zone (2026-11-03T09:00Z)');
    // A date-time without a zone would silently mean the browser's zone: refused.
    expect(timeProblem('2026-11-03T09:00')).not.toBeNull();
    expect(timeProblem('2026-13-45')).not.toBeNull();
  });
});

describe('filterGroups', () => {
  const groups = [
    { key: 'p1', label: 'Ada', changes: [change({ change: 'added' }), change({ change: 'role-up', scope: 'account', workspace: null })] },
    { key: 'p2', label: 'Bo', changes: [change({ change: 'removed', before: state('Viewer', 20), after: null })] },
  ];
  it('keeps every group without a kind', () => {
    expect(filterGroups(groups, null)).toEqual(groups);
  });
  it('keeps only changes of the kind, and drops groups left empty', () => {
    const added = filterGroups(groups, 'added');
    expect(added.map((g) => [g.key, g.changes.map((c) => c.change)])).toEqual([['p1', ['added']]]);
    expect(filterGroups(groups, 'grants-changed')).toEqual([]);
    // The input is not touched.
    expect(groups[0]!.changes).toHaveLength(2);
  });
});

describe('words', () => {
  it('describe roles and grants', () => {
    expect(roleText(null)).toBe('none');
    expect(roleText(state('Owner', 50))).toBe('Owner');
    expect(grantText(grant())).toBe('team prefect-analytics → Viewer');
    expect(grantText(grant({ kind: 'direct', team: null, roleName: 'Owner' }))).toBe('direct grant → Owner');
    expect(grantText(grant({ kind: 'default', team: null, roleName: 'Runner' }))).toBe('workspace default role → Runner');
    expect(provenanceText([grant({ kind: 'account-admin', team: null, roleName: 'Owner' }), grant()])).toBe('account admin (Owner), team prefect-analytics (Viewer)');
    expect(provenanceText([])).toBe('none');
  });
  it('build links that survive any address or id', () => {
    expect(personPath('o’neil+x@example.com')).toBe('/people/o%E2%80%99neil%2Bx%40example.com');
    expect(workspaceAccessPath('a b&c')).toBe('/access-diff?tab=access&workspace=a%20b%26c');
  });
});
