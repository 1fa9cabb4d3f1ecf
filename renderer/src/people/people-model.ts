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
  /** The name shown (display name, else the address), folded: what the name column sorts by. */
  nameKey: string;
  /** This row's place in name order (ties by original position): the name sort, precomputed, and every other sort's tie-breaker. */
  nameRank: number;
}

/** Lower-case and drop combining accents, so "joao" finds "João" and "JOÃO". */
export function foldText(text: string): string {
  // Decompose only the non-ASCII runs: most text is plain ASCII, and normalising a whole
  // 100k-row string costs more than the few accented letters in it.
  // eslint-disable-next-line no-control-regex
  return text.toLowerCase().replace(/[^\u0000-\u007f]+/g, (run) => run.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
}

/**
 * Folds many strings at once: one native pass over their concatenation instead of 100k small
 * calls (several times faster at People's scale). Falls back to one call each if a value
 * itself holds the line separator.
 */
function foldAll(parts: string[]): string[] {
  const folded = foldText(parts.join('\n')).split('\n');
  return folded.length === parts.length ? folded : parts.map(foldText);
}

export function indexPeople(rows: readonly PersonRow[]): IndexedPerson[] {
  const n = rows.length;
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    const row = rows[i]!;
    parts[i] = `${row.displayName ?? ''}\u0001${row.email ?? ''}\u0001${row.employeeId ?? ''}`;
  }
  const search = foldAll(parts);
  // The shown name is the display name, else the address: both are already folded in the search key.
  const names = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    const key = search[i]!;
    const first = key.indexOf('\u0001');
    names[i] = rows[i]!.displayName !== null ? key.slice(0, first) : key.slice(first + 1, key.indexOf('\u0001', first + 1));
  }
  const rank = nameRanks(names);
  const out = new Array<IndexedPerson>(n);
  for (let i = 0; i < n; i += 1) out[i] = { row: rows[i]!, search: search[i]!, nameKey: names[i]!, nameRank: rank[i]! };
  return out;
}

/**
 * Each row's place in name order, ties in original order. Names repeat (many people share a
 * name), so the distinct names are sorted once and the rows are then placed by counting:
 * fewer string comparisons than sorting every row.
 */
function nameRanks(names: readonly string[]): number[] {
  const group = new Map<string, number>();
  const groupOf = new Array<number>(names.length);
  for (let i = 0; i < names.length; i += 1) {
    let g = group.get(names[i]!);
    if (g === undefined) {
      g = group.size;
      group.set(names[i]!, g);
    }
    groupOf[i] = g;
  }
  const distinct = [...group.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // start[g]: the first rank of group g, in sorted order.
  const start = new Int32Array(distinct.length);
  const counts = new Int32Array(distinct.length);
  for (const g of groupOf) counts[g] = counts[g]! + 1;
  let next = 0;
  for (const name of distinct) {
    const g = group.get(name)!;
    start[g] = next;
    next += counts[g]!;
  }
  const rank = new Array<number>(names.length);
  for (let i = 0; i < names.length; i += 1) {
    const g = groupOf[i]!;
    rank[i] = start[g]!;
    start[g] = start[g]! + 1;
  }
  return rank;
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

/** One predicate for the filters and the search, with the query folded once. */
export function matcher(filters: PeopleFilters): (person: IndexedPerson) => boolean {
  const query = normalizeQuery(filters.query);
  const { hrStatus, idpLifecycle, leaversOnly, activeInPrefect, withOpenFindings, unknownOnly } = filters;
  return (person) => {
    const row = person.row;
    if (hrStatus !== 'any' && (row.hrStatus ?? 'none') !== hrStatus) return false;
    if (idpLifecycle !== 'any' && (row.idpLifecycle ?? 'none') !== idpLifecycle) return false;
    if (leaversOnly && !row.leaver) return false;
    if (activeInPrefect && !row.prefectActive) return false;
    if (withOpenFindings && row.openFindings === 0) return false;
    if (unknownOnly && row.identityId !== null) return false;
    return query === '' || person.search.includes(query);
  };
}

/** Keeps the rows every filter and the search accept, in the order given. */
export function filterPeople(people: readonly IndexedPerson[], filters: PeopleFilters): IndexedPerson[] {
  if (!hasActiveFilters(filters)) return people.slice();
  return people.filter(matcher(filters));
}

/** Rows checked between two yields to the browser: a few milliseconds of work. */
export const FILTER_SLICE = 10_000;

/**
 * filterPeople in slices of `slice` rows, handing the thread back (`yieldThen`) between
 * slices, so a search over 100k rows never holds the main thread long enough to delay the next
 * keystroke. `done` gets the same rows filterPeople would return. The returned function
 * cancels (a newer keystroke makes this result useless).
 */
export function filterPeopleInSlices(
  people: readonly IndexedPerson[],
  filters: PeopleFilters,
  done: (rows: IndexedPerson[]) => void,
  yieldThen: (next: () => void) => () => void,
  slice = FILTER_SLICE,
): () => void {
  let cancelled = false;
  let cancelWait: () => void = () => undefined;
  if (!hasActiveFilters(filters)) {
    done(people.slice());
    return () => undefined;
  }
  const accept = matcher(filters);
  const out: IndexedPerson[] = [];
  let i = 0;
  const step = () => {
    if (cancelled) return;
    const end = Math.min(people.length, i + slice);
    for (; i < end; i += 1) if (accept(people[i]!)) out.push(people[i]!);
    if (i < people.length) cancelWait = yieldThen(step);
    else done(out);
  };
  step();
  return () => {
    cancelled = true;
    cancelWait();
  };
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

/**
 * A sorted copy. Ties fall back to the name order and then the original order, so the result
 * is the same every time (a stable, total order: rows never jump between renders). The name
 * sort itself is precomputed (nameRank), so the default order costs no comparison of strings.
 */
export function sortPeople(people: readonly IndexedPerson[], sort: PeopleSort): IndexedPerson[] {
  const n = people.length;
  const sign = sort.dir === 'asc' ? 1 : -1;
  if (sort.key === 'name') {
    // nameRank is a permutation: place each row at its rank, no comparisons needed.
    const byName = new Array<IndexedPerson>(n);
    for (const person of people) byName[person.nameRank] = person;
    if (sort.dir === 'desc') byName.reverse();
    // Rows without any name or address (folded to '', the smallest key) go last in both directions.
    const named = byName.filter((p) => p.nameKey !== '');
    return named.length === n ? byName : named.concat(byName.filter((p) => p.nameKey === ''));
  }
  const values = new Array<string | number | null>(n);
  for (let i = 0; i < n; i += 1) values[i] = sortValue(people[i]!, sort.key);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  order.sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else if (a !== b) {
      return sign * (a < b ? -1 : 1);
    }
    return people[i]!.nameRank - people[j]!.nameRank;
  });
  const out = new Array<IndexedPerson>(n);
  for (let r = 0; r < n; r += 1) out[r] = people[order[r]!]!;
  return out;
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
