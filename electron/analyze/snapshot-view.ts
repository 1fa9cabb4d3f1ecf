import type { Db } from '../db/open-database';
import { AppError } from '../../shared/api/result';
import type { RecordKind } from '../../shared/domain/records';
import { inStoreOrder, type FactAsOf, type StoreRow } from '../collect/store/fact-queries';
import { collectionPoint, neighbourCompletes, type CollectionPoint } from './collection-points';
import type { AsOf } from '../../shared/domain/analysis';
export type { AsOf };

export type Fact<K extends RecordKind> = FactAsOf<K>;

/** One identity provider's directory as of a collection (Okta, Entra ID or a SCIM source). */
export interface IdpSourceView {
  sourceId: string;
  sourceKind: string;
  /** By user id. */
  users: Map<string, Fact<'idp_user'>>;
  /** By group id. */
  groups: Map<string, Fact<'idp_group'>>;
  /** Direct memberships only; nesting is expanded by the identity module. */
  groupMembers: Fact<'idp_group_member'>[];
  appAssignments: Fact<'idp_app_assignment'>[];
}

/** One HR roster as of a collection. */
export interface HrSourceView {
  sourceId: string;
  /** By employee id. */
  employees: Map<string, Fact<'hr_employee'>>;
}

/** One Prefect Cloud account as of a collection. */
export interface PrefectSourceView {
  sourceId: string;
  /** By membership id. */
  members: Map<string, Fact<'prefect_member'>>;
  /** By membership id. */
  lastLogins: Map<string, Fact<'prefect_last_login'>>;
  accountRoles: Map<string, Fact<'prefect_account_role'>>;
  workspaces: Map<string, Fact<'prefect_workspace'>>;
  workspaceRoles: Map<string, Fact<'prefect_workspace_role'>>;
  workspaceAccess: Fact<'prefect_workspace_access'>[];
  teams: Map<string, Fact<'prefect_team'>>;
  teamMembers: Fact<'prefect_team_member'>[];
  /** By bot id. */
  serviceAccounts: Map<string, Fact<'prefect_service_account'>>;
  apiKeys: Fact<'prefect_api_key'>[];
}

/**
 * Every fact as of one complete collection, indexed in Maps: the one input of the whole
 * analysis, so the rest of it is pure functions with no SQL in loops.
 */
export interface SnapshotView {
  collection: CollectionPoint;
  /** The complete collections around this one: the state could have changed unseen in between. */
  previous: CollectionPoint | null;
  next: CollectionPoint | null;
  /** The sources this collection read, with their kinds. */
  sources: { sourceId: string; kind: string; status: string }[];
  idp: IdpSourceView[];
  hr: HrSourceView[];
  prefect: PrefectSourceView[];
  /** Which record kinds were loaded (a caller may ask for fewer to save time). */
  kinds: ReadonlySet<RecordKind>;
  /** True when filters limited what was loaded: the view holds a subset of the organisation. */
  partial: boolean;
}

const IDP_KINDS: readonly RecordKind[] = ['idp_user', 'idp_group', 'idp_group_member', 'idp_app_assignment'];
const HR_KINDS: readonly RecordKind[] = ['hr_employee'];
const PREFECT_KINDS: readonly RecordKind[] = [
  'prefect_member',
  'prefect_last_login',
  'prefect_account_role',
  'prefect_workspace',
  'prefect_workspace_role',
  'prefect_workspace_access',
  'prefect_team',
  'prefect_team_member',
  'prefect_service_account',
  'prefect_api_key',
];

/** What point-in-time access needs: everything but group memberships, app assignments, keys and logins. */
export const ACCESS_KINDS: readonly RecordKind[] = [
  'idp_user',
  'hr_employee',
  'prefect_member',
  'prefect_account_role',
  'prefect_workspace',
  'prefect_workspace_role',
  'prefect_workspace_access',
  'prefect_team',
  'prefect_team_member',
  'prefect_service_account',
];

export interface LoadOptions {
  /** Load only these kinds (default: all). Identity groups need idp_group and idp_group_member. */
  kinds?: readonly RecordKind[];
  /**
   * Extra SQL conditions per kind, for partial snapshots (diff-delta.ts): e.g.
   * `{ prefect_member: { sql: "value_json->>'$.actorId' IN (SELECT value FROM json_each(?))", params: [ids] } }`.
   * The view is then marked partial: it holds only what the filters let through.
   */
  filters?: Partial<Record<RecordKind, { sql: string; params: unknown[] }>>;
}

/**
 * Loads the state as of collection `collectionId`. Refuses anything but a complete
 * collection: a failed, cancelled or degraded run may have missed records, and a finding
 * built on it ("X has no access", "Y is unknown") could be an artefact of what was not read.
 *
 * Only the sources this collection read are included: the facts of a source dropped from
 * the configuration stay open in the store, but nobody vouched for them at this collection.
 */
export function loadSnapshot(db: Db, collectionId: number, options: LoadOptions = {}): SnapshotView {
  return loadSnapshots(db, [collectionId], options)[0]!;
}

/**
 * Several snapshots from one read per source and kind: the versions valid anywhere between
 * the first and the last collection are read once and shared by the views they hold in. Meant
 * for a few collections with filters (the diff's partial loads); a fact valid at two of them is
 * one object in both views.
 */
export function loadSnapshots(db: Db, collectionIds: readonly number[], options: LoadOptions = {}): SnapshotView[] {
  const wanted = new Set<RecordKind>(options.kinds ?? [...IDP_KINDS, ...HR_KINDS, ...PREFECT_KINDS]);
  const lo = Math.min(...collectionIds);
  const hi = Math.max(...collectionIds);
  const sql = 'SELECT slot, key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)';
  const statement = db.prepare(sql).raw();
  const read = new Map<string, FactAsOf[]>();
  // factsAsOf's query, read as raw rows: the snapshot is the hot path of every analysis.
  const fetch = (kind: RecordKind, sourceId: string): FactAsOf[] => {
    const cacheKey = `${sourceId}\u0000${kind}`;
    const done = read.get(cacheKey);
    if (done) return done;
    const out: FactAsOf[] = [];
    const filter = options.filters?.[kind];
    const rows = (filter ? db.prepare(`${sql} AND (${filter.sql})`).raw().all(sourceId, kind, hi, lo, ...filter.params) : statement.all(sourceId, kind, hi, lo)) as StoreRow[];
    // In the store's order whether a version is open or unpacked from history (see factsAsOf).
    for (const [, key, json, from, to] of inStoreOrder(rows)) {
      out.push({ sourceId, kind, key, value: JSON.parse(json) as FactAsOf['value'], validFrom: from, validTo: to });
    }
    read.set(cacheKey, out);
    return out;
  };
  return collectionIds.map((collectionId) => {
    const point = requireComplete(db, collectionId);
    const { previous, next } = neighbourCompletes(db, collectionId);
    const sources = db
      .prepare('SELECT source_id, kind, status FROM collection_sources WHERE collection_id = ? ORDER BY source_id')
      .all(collectionId) as { source_id: string; kind: string; status: string }[];
    const load = <K extends RecordKind>(kind: K, sourceId: string): Fact<K>[] => {
      if (!wanted.has(kind)) return [];
      const all = fetch(kind, sourceId) as Fact<K>[];
      return lo === hi ? all : all.filter((f) => f.validFrom <= collectionId && (f.validTo === null || f.validTo > collectionId));
    };
    return assembleView(point, previous, next, sources, wanted, load, !!options.filters && Object.keys(options.filters).length > 0);
  });
}

function assembleView(
  point: CollectionPoint,
  previous: CollectionPoint | null,
  next: CollectionPoint | null,
  sources: { source_id: string; kind: string; status: string }[],
  wanted: ReadonlySet<RecordKind>,
  load: <K extends RecordKind>(kind: K, sourceId: string) => Fact<K>[],
  partial: boolean,
): SnapshotView {
  const byId = <K extends RecordKind>(facts: Fact<K>[], id: (f: Fact<K>) => string): Map<string, Fact<K>> => {
    const m = new Map<string, Fact<K>>();
    for (const f of facts) m.set(id(f), f);
    return m;
  };
  const view: SnapshotView = {
    collection: point,
    previous,
    next,
    sources: sources.map((s) => ({ sourceId: s.source_id, kind: s.kind, status: s.status })),
    idp: [],
    hr: [],
    prefect: [],
    kinds: wanted,
    partial,
  };
  for (const s of sources) {
    const sourceId = s.source_id;
    switch (sourceFamily(s.kind)) {
      case 'idp':
        view.idp.push({
          sourceId,
          sourceKind: s.kind,
          users: byId(load('idp_user', sourceId), (f) => f.value.id),
          groups: byId(load('idp_group', sourceId), (f) => f.value.id),
          groupMembers: load('idp_group_member', sourceId),
          appAssignments: load('idp_app_assignment', sourceId),
        });
        break;
      case 'hr':
        view.hr.push({ sourceId, employees: byId(load('hr_employee', sourceId), (f) => f.value.employeeId) });
        break;
      case 'prefect':
        view.prefect.push({
          sourceId,
          members: byId(load('prefect_member', sourceId), (f) => f.value.id),
          lastLogins: byId(load('prefect_last_login', sourceId), (f) => f.value.membershipId),
          accountRoles: byId(load('prefect_account_role', sourceId), (f) => f.value.id),
          workspaces: byId(load('prefect_workspace', sourceId), (f) => f.value.id),
          workspaceRoles: byId(load('prefect_workspace_role', sourceId), (f) => f.value.id),
          workspaceAccess: load('prefect_workspace_access', sourceId),
          teams: byId(load('prefect_team', sourceId), (f) => f.value.id),
          teamMembers: load('prefect_team_member', sourceId),
          serviceAccounts: byId(load('prefect_service_account', sourceId), (f) => f.value.id),
          apiKeys: load('prefect_api_key', sourceId),
        });
        break;
      default:
        break;
    }
  }
  return view;
}

/** Which part of the analysis a source feeds, by the connector kind recorded for it. */
export function sourceFamily(kind: string): 'idp' | 'hr' | 'prefect' | null {
  if (kind === 'okta' || kind === 'entra' || kind === 'scim') return 'idp';
  if (kind === 'hr_csv') return 'hr';
  if (kind === 'prefect') return 'prefect';
  return null;
}

/** The collection, or a clear refusal when it is missing or not complete. */
export function requireComplete(db: Db, collectionId: number): CollectionPoint {
  const point = collectionPoint(db, collectionId);
  if (!point) throw new AppError('NOT_FOUND', `Collection ${collectionId} does not exist.`);
  if (point.status !== 'complete') {
    const row = db.prepare('SELECT error FROM collections WHERE id = ?').get(collectionId) as { error: string | null };
    const newest = db.prepare(`SELECT id, finished_at FROM collections WHERE status = 'complete' ORDER BY id DESC LIMIT 1`).get() as
      | { id: number; finished_at: string }
      | undefined;
    const why =
      point.status === 'degraded'
        ? 'some records could not be read or validated (see its quarantine), so absences in it prove nothing'
        : point.status === 'running'
          ? 'it is still running'
          : `it ${point.status === 'cancelled' ? 'was cancelled' : 'failed'}${row.error ? ` (${row.error})` : ''} and stored nothing`;
    const instead = newest ? ` The newest complete collection is #${newest.id} (${newest.finished_at}).` : ' No collection is complete yet.';
    throw new AppError('CONFLICT', `Collection ${collectionId} is ${point.status}: ${why}. Analysis only runs on complete collections.${instead}`);
  }
  return point;
}

/**
 * The newest complete collection finished at or before `time`, with the window in which the
 * state could have changed unseen: [that collection's time, the next complete collection's
 * time). Null when no complete collection existed yet at `time`.
 */
export function resolveAsOf(db: Db, time: Date): AsOf | null {
  const at = time.toISOString();
  const row = db
    .prepare(`SELECT id, finished_at FROM collections WHERE status = 'complete' AND finished_at IS NOT NULL AND finished_at <= ? ORDER BY finished_at DESC, id DESC LIMIT 1`)
    .get(at) as { id: number; finished_at: string } | undefined;
  if (!row) return null;
  const next = db
    .prepare(`SELECT finished_at FROM collections WHERE status = 'complete' AND finished_at IS NOT NULL AND id > ? ORDER BY id ASC LIMIT 1`)
    .get(row.id) as { finished_at: string } | undefined;
  return { collectionId: row.id, collectedAt: row.finished_at, uncertainty: { from: row.finished_at, to: next?.finished_at ?? null } };
}

/** resolveAsOf, or a NOT_FOUND error a person can act on. */
export function requireAsOf(db: Db, time: Date): AsOf {
  const asOf = resolveAsOf(db, time);
  if (!asOf) {
    const first = db.prepare(`SELECT finished_at FROM collections WHERE status = 'complete' ORDER BY id LIMIT 1`).get() as { finished_at: string } | undefined;
    throw new AppError(
      'NOT_FOUND',
      first
        ? `No complete collection had finished by ${time.toISOString()}; the first one finished at ${first.finished_at}.`
        : 'No complete collection exists yet: run a collection first.',
    );
  }
  return asOf;
}
