import type { PersonRow } from '../../../shared/domain/analysis';
import type { IdpLifecycle } from '../../../shared/domain/records';

/**
 * The People table's search, filters and sorting, as plain functions over precomputed keys,
 * so the page stays responsive at 100k rows: the lower-cased search text and the sort keys are
 * built once per answer (indexPeople), a sort is one pass over numbers and short strings, and a
 * keystroke is one `includes` per row over the already-sorted list (filtering keeps the order,
 * so typing never re-sorts).
 */

export type HrStatus = NonNullable<PersonRow['hrStatus']>;

export const SORT_KEYS = [
  'name',
  'email',
  'employeeId',
  'hrStatus',
  'idpLifecycle',
  'leaver',
  'prefectActive',
  'accountRole',
  'workspaceCount',
  'topWorkspaceRole',
  'matchedBy',
  'openFindings',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export interface PeopleSort {
  key: SortKey;
  dir: SortDirection;
}
export const DEFAULT_SORT: PeopleSort = { key: 'name', dir: 'asc' };

/** 'any' keeps every row; 'none' keeps rows with no value (no HR record, no IdP account). */
export type ValueFilter<T extends string> = 'any' | 'none' | T;

export interface PeopleFilters {
  query: string;
  hrStatus: ValueFilter<HrStatus>;
  idpLifecycle: ValueFilter<IdpLifecycle>;
  leaversOnly: boolean;
  activeInPrefect: boolean;
  withOpenFindings: boolean;
  /** Prefect accounts no person was found for (identityId null). */
  unknownOnly: boolean;
}

export const NO_FILTERS: PeopleFilters = {
  query: '',
  hrStatus: 'any',
  idpLifecycle: 'any',
  leaversOnly: false,
  activeInPrefect: false,
  withOpenFindings: false,
  unknownOnly: false,
};

export const HR_STATUSES: readonly HrStatus[] = ['active', 'leave', 'terminated'];
export const IDP_LIFECYCLES: readonly IdpLifecycle[] = ['active', 'staged', 'suspended', 'deprovisioned'];

/** One row with what searching and sorting need, computed once. */
export interface IndexedPerson {
  row: PersonRow;
  /** Name, email and employee id, lower-cased and without accents, joined by a separator no query contains. */
  search: string;
  /** The name shown (display name, else the address), as a sort key. */
  nameKey: string;
}

/** Lower-case and drop combining accents, so "joao" finds "João" and "JOÃO". */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  // Only decompose when there is something to decompose: most rows are plain ASCII.
  // eslint-disable-next-line no-control-regex
  return /[^\u0000-\u007f]/.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
}

export function indexPeople(rows: readonly PersonRow[]): IndexedPerson[] {
  const out = new Array<IndexedPerson>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i]!;
    out[i] = {
      row,
      search: foldText(`${row.displayName ?? ''}\u0001${row.email ?? ''}\u0001${row.employeeId ?? ''}`),
      nameKey: foldText(row.displayName ?? row.email ?? ''),
    };
  }
  return out;
}

/** The folded, trimmed query; empty means "no search". */
export function normalizeQuery(query: string): string {
  return foldText(query.trim());
}

export function hasActiveFilters(filters: PeopleFilters): boolean {
  return (
    filters.query.trim() !== '' ||
    filters.hrStatus !== 'any' ||
    filters.idpLifecycle !== 'any' ||
    filters.leaversOnly ||
    filters.activeInPrefect ||
    filters.withOpenFindings ||
    filters.unknownOnly
  );
}

/** Keeps the rows every filter and the search accept, in the order given. */
export function filterPeople(people: readonly IndexedPerson[], filters: PeopleFilters): IndexedPerson[] {
  if (!hasActiveFilters(filters)) return people.slice();
  const query = normalizeQuery(filters.query);
  const { hrStatus, idpLifecycle, leaversOnly, activeInPrefect, withOpenFindings, unknownOnly } = filters;
  const out: IndexedPerson[] = [];
  for (const person of people) {
    const row = person.row;
    if (hrStatus !== 'any' && (row.hrStatus ?? 'none') !== hrStatus) continue;
    if (idpLifecycle !== 'any' && (row.idpLifecycle ?? 'none') !== idpLifecycle) continue;
    if (leaversOnly && !row.leaver) continue;
    if (activeInPrefect && !row.prefectActive) continue;
    if (withOpenFindings && row.openFindings === 0) continue;
    if (unknownOnly && row.identityId !== null) continue;
    if (query !== '' && !person.search.includes(query)) continue;
    out.push(person);
  }
  return out;
}

const HR_ORDER: Record<HrStatus, number> = { active: 0, leave: 1, terminated: 2 };
const LIFECYCLE_ORDER: Record<IdpLifecycle, number> = { active: 0, staged: 1, suspended: 2, deprovisioned: 3 };

/**
 * The value a column sorts by. Null means "no value" and always sorts last, whichever the
 * direction: an empty cell is not the smallest or the largest, it is missing. Role names sort
 * alphabetically: a row carries the role's name only, and custom roles have no fixed rank.
 */
function sortValue(person: IndexedPerson, key: SortKey): string | number | null {
  const row = person.row;
  switch (key) {
    case 'name':
      return person.nameKey === '' ? null : person.nameKey;
    case 'email':
      return row.email === null ? null : row.email.toLowerCase();
    case 'employeeId':
      return row.employeeId;
    case 'hrStatus':
      return row.hrStatus === null ? null : HR_ORDER[row.hrStatus];
    case 'idpLifecycle':
      return row.idpLifecycle === null ? null : LIFECYCLE_ORDER[row.idpLifecycle];
    case 'leaver':
      return row.leaver ? 1 : 0;
    case 'prefectActive':
      return row.prefectActive ? 1 : 0;
    case 'accountRole':
      return row.accountRole === null ? null : row.accountRole.toLowerCase();
    case 'workspaceCount':
      return row.workspaceCount;
    case 'topWorkspaceRole':
      return row.topWorkspaceRole === null ? null : row.topWorkspaceRole.toLowerCase();
    case 'matchedBy':
      // No identity (an unknown account) has no match method: null, last.
      return row.matchedBy;
    case 'openFindings':
      return row.openFindings;
  }
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * A sorted copy. Ties fall back to the name and then the original order, so the result is
 * the same every time (a stable, total order: rows never jump between renders).
 */
export function sortPeople(people: readonly IndexedPerson[], sort: PeopleSort): IndexedPerson[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = people.map((person, position) => ({ person, position, value: sortValue(person, sort.key) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const c = compareValues(a.value, b.value);
      if (c !== 0) return sign * c;
    }
    if (sort.key !== 'name') {
      const c = compareValues(a.person.nameKey, b.person.nameKey);
      if (c !== 0) return c;
    }
    return a.position - b.position;
  });
  return keyed.map((k) => k.person);
}

/** The direction a header click gives: the same column flips, a new column starts ascending (numbers: largest first). */
export function nextSort(current: PeopleSort, key: SortKey): PeopleSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  const numeric = key === 'workspaceCount' || key === 'openFindings' || key === 'leaver' || key === 'prefectActive';
  return { key, dir: numeric ? 'desc' : 'asc' };
}

// ------------------------------------------------------------------ URL state

/**
 * Filters and sort live in the URL (next to the as-of `at`), so Back from a person returns to
 * the same list, and a filtered list can be linked. Unknown or malformed values fall back to
 * the defaults instead of failing.
 */
export function filtersFromParams(params: URLSearchParams): PeopleFilters {
  const pick = <T extends string>(value: string | null, allowed: readonly T[]): ValueFilter<T> =>
    value === 'none' ? 'none' : allowed.includes(value as T) ? (value as T) : 'any';
  return {
    query: params.get('q') ?? '',
    hrStatus: pick(params.get('hr'), HR_STATUSES),
    idpLifecycle: pick(params.get('idp'), IDP_LIFECYCLES),
    leaversOnly: params.get('leavers') === '1',
    activeInPrefect: params.get('active') === '1',
    withOpenFindings: params.get('findings') === '1',
    unknownOnly: params.get('unknown') === '1',
  };
}

export function sortFromParams(params: URLSearchParams): PeopleSort {
  const key = params.get('sort');
  const dir = params.get('dir');
  if (!key || !(SORT_KEYS as readonly string[]).includes(key)) return DEFAULT_SORT;
  return { key: key as SortKey, dir: dir === 'desc' ? 'desc' : 'asc' };
}

/** Writes filters and sort into a copy of `params`, leaving other parameters (the as-of time) alone. */
export function peopleParams(params: URLSearchParams, filters: PeopleFilters, sort: PeopleSort): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | null) => (value === null ? next.delete(name) : next.set(name, value));
  set('q', filters.query.trim() === '' ? null : filters.query);
  set('hr', filters.hrStatus === 'any' ? null : filters.hrStatus);
  set('idp', filters.idpLifecycle === 'any' ? null : filters.idpLifecycle);
  set('leavers', filters.leaversOnly ? '1' : null);
  set('active', filters.activeInPrefect ? '1' : null);
  set('findings', filters.withOpenFindings ? '1' : null);
  set('unknown', filters.unknownOnly ? '1' : null);
  const isDefault = sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir;
  set('sort', isDefault ? null : sort.key);
  set('dir', isDefault ? null : sort.dir);
  return next;
}

/** The person page's path for an address (URL-encoded: addresses may hold + / # ?). */
export function personPath(email: string): string {
  return `/people/${encodeURIComponent(email)}`;
}
