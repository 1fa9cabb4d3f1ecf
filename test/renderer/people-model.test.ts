import { describe, expect, it } from 'vitest';
import type { PersonRow } from '../../shared/domain/analysis';
import {
  DEFAULT_SORT,
  filterPeople,
  filterPeopleInSlices,
  filtersFromParams,
  foldText,
  indexPeople,
  nextSort,
  NO_FILTERS,
  peopleParams,
  personPath,
  sortFromParams,
  sortPeople,
  type PeopleFilters,
} from '../../renderer/src/people/people-model';

function row(over: Partial<PersonRow> & { email: string | null }): PersonRow {
  return {
    identityId: over.email ? `email:${over.email}` : null,
    displayName: null,
    employeeId: null,
    hrStatus: 'active',
    idpLifecycle: 'active',
    leaver: false,
    prefectActive: false,
    accountRole: null,
    workspaceCount: 0,
    topWorkspaceRole: null,
    matchedBy: null,
    openFindings: 0,
    ...over,
  };
}

const rows: PersonRow[] = [
  row({ email: 'joao.owusu@x.co', displayName: 'João Owusu', employeeId: 'E100045', prefectActive: true, accountRole: 'Member', workspaceCount: 3, matchedBy: 'email' }),
  row({ email: 'ana.ruiz@x.co', displayName: 'Ana Ruiz', employeeId: 'E100001', hrStatus: 'terminated', idpLifecycle: 'deprovisioned', leaver: true, prefectActive: true, openFindings: 2, accountRole: 'Admin', workspaceCount: 4, topWorkspaceRole: 'Owner', matchedBy: 'email' }),
  row({ email: 'claire@partner.io', displayName: 'Claire Petrov', identityId: null, hrStatus: null, idpLifecycle: null, prefectActive: true, openFindings: 1, accountRole: 'Member', workspaceCount: 3 }),
  row({ email: 'bo.li@x.co', displayName: 'Bo Li', employeeId: 'E100002', hrStatus: 'leave', idpLifecycle: 'suspended' }),
  row({ email: 'zed@x.co', displayName: null, employeeId: 'E100099', idpLifecycle: null }),
];
const people = indexPeople(rows);
const emails = (list: { row: PersonRow }[]) => list.map((p) => p.row.email);
const filter = (over: Partial<PeopleFilters>) => emails(filterPeople(people, { ...NO_FILTERS, ...over }));

describe('People search', () => {
  it('is case-insensitive, ignores accents, and searches name, email and employee id', () => {
    expect(filter({ query: 'JOAO' })).toEqual(['joao.owusu@x.co']);
    expect(filter({ query: 'joão' })).toEqual(['joao.owusu@x.co']);
    expect(filter({ query: 'PARTNER.IO' })).toEqual(['claire@partner.io']);
    expect(filter({ query: 'e10000' })).toEqual(['ana.ruiz@x.co', 'bo.li@x.co']);
    expect(filter({ query: '  ruiz ' })).toEqual(['ana.ruiz@x.co']);
    expect(filter({ query: 'nobody-here' })).toEqual([]);
  });
  it('does not match across field boundaries', () => {
    // "Ruiz" + "ana.ruiz@..." must not join into a match for "ruizana".
    expect(filter({ query: 'ruizana' })).toEqual([]);
  });
  it('keeps every row, in order, with no search or filter', () => {
    expect(filter({})).toEqual(rows.map((r) => r.email));
  });
  it('folds text once: lower case, no combining accents', () => {
    expect(foldText('ÉLODIE Ça')).toBe('elodie ca');
    expect(foldText('plain')).toBe('plain');
  });
});

describe('People filters', () => {
  it('filter by HR status, including "not in HR"', () => {
    expect(filter({ hrStatus: 'terminated' })).toEqual(['ana.ruiz@x.co']);
    expect(filter({ hrStatus: 'leave' })).toEqual(['bo.li@x.co']);
    expect(filter({ hrStatus: 'none' })).toEqual(['claire@partner.io']);
  });
  it('filter by IdP lifecycle, including "no IdP account"', () => {
    expect(filter({ idpLifecycle: 'suspended' })).toEqual(['bo.li@x.co']);
    expect(filter({ idpLifecycle: 'none' })).toEqual(['claire@partner.io', 'zed@x.co']);
  });
  it('leavers, active in Prefect, open findings and unknown accounts, alone and combined with a search', () => {
    expect(filter({ leaversOnly: true })).toEqual(['ana.ruiz@x.co']);
    expect(filter({ activeInPrefect: true })).toEqual(['joao.owusu@x.co', 'ana.ruiz@x.co', 'claire@partner.io']);
    expect(filter({ withOpenFindings: true })).toEqual(['ana.ruiz@x.co', 'claire@partner.io']);
    expect(filter({ unknownOnly: true })).toEqual(['claire@partner.io']);
    expect(filter({ activeInPrefect: true, withOpenFindings: true, query: 'claire' })).toEqual(['claire@partner.io']);
    expect(filter({ unknownOnly: true, leaversOnly: true })).toEqual([]);
  });
});

describe('filtering in slices (so typing is never blocked)', () => {
  const many = indexPeople(Array.from({ length: 25 }, (_, i) => row({ email: `p${i}@x.co`, displayName: `Person ${i}`, leaver: i % 3 === 0 })));
  it('returns what filterPeople returns, handing the thread back between slices', () => {
    const waits: (() => void)[] = [];
    let result: (string | null)[] | null = null;
    filterPeopleInSlices(many, { ...NO_FILTERS, leaversOnly: true }, (rows) => (result = emails(rows)), (next) => (waits.push(next), () => undefined), 10);
    expect(result).toBeNull();
    expect(waits).toHaveLength(1);
    waits.shift()!();
    waits.shift()!();
    expect(result).toEqual(emails(filterPeople(many, { ...NO_FILTERS, leaversOnly: true })));
    expect(waits).toHaveLength(0);
  });
  it('a newer search cancels the older one: its result never arrives', () => {
    const waits: (() => void)[] = [];
    let calls = 0;
    const cancel = filterPeopleInSlices(many, { ...NO_FILTERS, query: 'person' }, () => (calls += 1), (next) => (waits.push(next), () => undefined), 10);
    cancel();
    while (waits.length) waits.shift()!();
    expect(calls).toBe(0);
  });
  it('with nothing to filter answers at once with every row', () => {
    let result: (string | null)[] = [];
    filterPeopleInSlices(many, NO_FILTERS, (rows) => (result = emails(rows)), () => {
      throw new Error('should not yield');
    });
    expect(result).toHaveLength(25);
  });
});

describe('People sorting', () => {
  const sorted = (key: Parameters<typeof nextSort>[1], dir: 'asc' | 'desc') => emails(sortPeople(people, { key, dir }));
  it('sorts by name (display name, else the address), ignoring case and accents', () => {
    expect(sorted('name', 'asc')).toEqual(['ana.ruiz@x.co', 'bo.li@x.co', 'claire@partner.io', 'joao.owusu@x.co', 'zed@x.co']);
    expect(sorted('name', 'desc')).toEqual(['zed@x.co', 'joao.owusu@x.co', 'claire@partner.io', 'bo.li@x.co', 'ana.ruiz@x.co']);
  });
  it('equal names keep their original order ascending, and rows with no name or address go last both ways', () => {
    const twins = indexPeople([
      row({ email: 'b@x.co', displayName: 'Sam Lee' }),
      row({ email: null, displayName: null }),
      row({ email: 'a@x.co', displayName: 'sam lee' }),
      row({ email: 'c@x.co', displayName: 'Ann Lee' }),
    ]);
    expect(emails(sortPeople(twins, { key: 'name', dir: 'asc' }))).toEqual(['c@x.co', 'b@x.co', 'a@x.co', null]);
    expect(emails(sortPeople(twins, { key: 'name', dir: 'desc' }))).toEqual(['a@x.co', 'b@x.co', 'c@x.co', null]);
  });
  it('numbers sort numerically, ties by name', () => {
    expect(sorted('openFindings', 'desc')).toEqual(['ana.ruiz@x.co', 'claire@partner.io', 'bo.li@x.co', 'joao.owusu@x.co', 'zed@x.co']);
    expect(sorted('workspaceCount', 'asc')).toEqual(['bo.li@x.co', 'zed@x.co', 'claire@partner.io', 'joao.owusu@x.co', 'ana.ruiz@x.co']);
  });
  it('empty values sort last in both directions', () => {
    expect(sorted('employeeId', 'asc').at(-1)).toBe('claire@partner.io');
    expect(sorted('employeeId', 'desc').at(-1)).toBe('claire@partner.io');
    expect(sorted('hrStatus', 'asc')).toEqual(['joao.owusu@x.co', 'zed@x.co', 'bo.li@x.co', 'ana.ruiz@x.co', 'claire@partner.io']);
    expect(sorted('hrStatus', 'desc')).toEqual(['ana.ruiz@x.co', 'bo.li@x.co', 'joao.owusu@x.co', 'zed@x.co', 'claire@partner.io']);
    expect(sorted('topWorkspaceRole', 'desc')[0]).toBe('ana.ruiz@x.co');
  });
  it('booleans: leavers first when descending', () => {
    expect(sorted('leaver', 'desc')[0]).toBe('ana.ruiz@x.co');
    expect(sorted('prefectActive', 'asc').slice(0, 2)).toEqual(['bo.li@x.co', 'zed@x.co']);
  });
  it('filtering a sorted list keeps its order (typing never re-sorts)', () => {
    const byFindings = sortPeople(people, { key: 'openFindings', dir: 'desc' });
    expect(emails(filterPeople(byFindings, { ...NO_FILTERS, activeInPrefect: true }))).toEqual(['ana.ruiz@x.co', 'claire@partner.io', 'joao.owusu@x.co']);
  });
  it('a header click flips the same column; a new column starts ascending, counts descending', () => {
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'email')).toEqual({ key: 'email', dir: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'openFindings')).toEqual({ key: 'openFindings', dir: 'desc' });
  });
});

describe('People URL state', () => {
  it('round-trips filters and sort and keeps the as-of time', () => {
    const filters: PeopleFilters = { query: 'ana', hrStatus: 'terminated', idpLifecycle: 'none', leaversOnly: true, activeInPrefect: false, withOpenFindings: true, unknownOnly: false };
    const params = peopleParams(new URLSearchParams('at=2026-11-03'), filters, { key: 'openFindings', dir: 'desc' });
    expect(params.get('at')).toBe('2026-11-03');
    expect(filtersFromParams(params)).toEqual(filters);
    expect(sortFromParams(params)).toEqual({ key: 'openFindings', dir: 'desc' });
  });
  it('writes nothing for the defaults, and ignores malformed values', () => {
    expect(peopleParams(new URLSearchParams('at=2026-11-03'), NO_FILTERS, DEFAULT_SORT).toString()).toBe('at=2026-11-03');
    expect(filtersFromParams(new URLSearchParams('hr=fired&idp=zombie&leavers=yes'))).toEqual(NO_FILTERS);
    expect(sortFromParams(new URLSearchParams('sort=salary&dir=up'))).toEqual(DEFAULT_SORT);
  });
  it('encodes addresses in person paths', () => {
    expect(personPath('a+b/c#d@x.co')).toBe('/people/a%2Bb%2Fc%23d%40x.co');
  });
});
