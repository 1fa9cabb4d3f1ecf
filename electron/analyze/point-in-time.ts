import type { Db } from '../db/open-database';
import { pairKey } from './fact-ref';
import { requireAsOf, type AsOf } from './snapshot-view';
import { analysisContext, cachedContext, type AnalysisCache, type AnalysisContext } from './analysis-context';
import { derivedAccessRows, rowSelection } from './derived/derived-reads';
import type { PrincipalAccess } from './effective-access';
import type { MatchRule } from './identity/match-rules';
import { leaverStatus } from './identity/leaver-status';
import type { AccessRow, AccessAnswer, PersonAccess, WorkspaceRef } from '../../shared/domain/analysis';
import { derivedAccessPage, ListingMismatch } from './derived/access-page';
import { workspacesOf } from './workspace-list';
export type { AccessRow, AccessAnswer, PersonAccess };

export interface AccessFilter {
  /** A workspace id, handle or name (case-insensitive for the latter two). */
  workspace?: string;
  /** The same, under the name the channel uses. */
  workspaceId?: string;
  /** Any address of a person (aliases included) or of a Prefect account. */
  email?: string;
  includeInactive?: boolean;
  /** Leave service accounts out. */
  usersOnly?: boolean;
}

export interface PointInTimeOptions {
  cache?: AnalysisCache;
  rules?: readonly MatchRule[];
}

/**
 * "Who had access to workspace W, with which role, at time T": answered from the newest
 * complete collection at or before T, citing it and the window until the next one.
 */
export function accessAt(db: Db, time: Date, filter: AccessFilter = {}, options: PointInTimeOptions = {}): AccessAnswer {
  const asOf = requireAsOf(db, time);
  // Already analysed (the current snapshot usually is): filter the cached rows. Otherwise read
  // what was derived after that collection, and only compute it when it was not.
  const warm = options.cache ? cachedContext(db, asOf.collectionId, { depth: 'access', cache: options.cache, ...(options.rules ? { rules: options.rules } : {}) }) : null;
  if (!warm) {
    const derived = derivedAccessRows(db, asOf.collectionId, filter, options.rules);
    if (derived) return { ...asOf, rows: derived };
  }
  const context = warm ?? analysisContext(db, asOf.collectionId, { depth: 'access', ...options });
  return { ...asOf, rows: accessRows(context, filter) };
}

/** A page of accessAt's answer, with its total and every workspace anyone holds at T (for a picker). */
export type AccessPageAnswer = AccessAnswer & { total: number; workspaces: WorkspaceRef[] };

/**
 * accessAt, one page of it: what the app's "who had access" table asks for. From derived data,
 * only the page's rows are built (derived/access-page.ts); otherwise (already analysed, not
 * derived, or a person asked for) the whole answer is cut.
 */
export function accessPageAt(db: Db, time: Date, filter: AccessFilter, page: { offset: number; limit: number }, options: PointInTimeOptions = {}): AccessPageAnswer {
  const asOf = requireAsOf(db, time);
  const warm = options.cache ? cachedContext(db, asOf.collectionId, { depth: 'access', cache: options.cache, ...(options.rules ? { rules: options.rules } : {}) }) : null;
  if (!warm) {
    try {
      const paged = derivedAccessPage(db, asOf.collectionId, filter, page.offset, page.limit, options.rules);
      if (paged) return { ...asOf, ...paged };
    } catch (error) {
      // A listing that disagrees with the stored bodies: answer from the bodies alone (below).
      if (!(error instanceof ListingMismatch)) throw error;
    }
  }
  const answer = accessAt(db, time, filter, options);
  // The picker lists every workspace anyone holds: from the answer itself when it is
  // unfiltered (a second whole-organisation read would double the cost), else one more read.
  const unfiltered = !filter.workspace && !filter.workspaceId && !filter.email && filter.includeInactive && !filter.usersOnly;
  const everyone = unfiltered ? answer : accessAt(db, time, { includeInactive: true }, options);
  return { ...answer, total: answer.rows.length, rows: answer.rows.slice(page.offset, page.offset + page.limit), workspaces: workspacesOf(everyone.rows) };
}

/**
 * The rows of a context, filtered. The unfiltered list is built once per context (a context is
 * immutable) with one shared principal and workspace object each, so asking again, or for one
 * workspace, costs a filter over the list.
 */
export function accessRows(context: AnalysisContext, filter: AccessFilter = {}): AccessRow[] {
  const all = allRows(context);
  const wanted = filter.workspace ?? filter.workspaceId;
  const ws = wanted?.trim().toLowerCase();
  const onWorkspace = rowSelection(filter).workspace;
  let actors: Set<string> | null = null;
  let email: string | null = null;
  if (filter.email) {
    email = filter.email.trim().toLowerCase();
    actors = new Set<string>();
    for (const p of context.identities.byEmail.get(email) ?? []) for (const l of p.prefect) actors.add(pairKey(l.sourceId, l.actorId));
  }
  if (!ws && !actors && filter.includeInactive && !filter.usersOnly) return all;
  return all.filter(
    (r) =>
      (filter.includeInactive || r.principal.active) &&
      (!filter.usersOnly || r.principal.type === 'user') &&
      onWorkspace(r.workspace) &&
      (!actors || actors.has(pairKey(r.principal.sourceId, r.principal.actorId)) || r.email === email),
  );
}

const rowCache = new WeakMap<AnalysisContext, AccessRow[]>();

function allRows(context: AnalysisContext): AccessRow[] {
  const cached = rowCache.get(context);
  if (cached) return cached;
  const { access, identities } = context;
  const workspaces = new Map<string, AccessRow['workspace']>();
  for (const w of access.workspaces) workspaces.set(pairKey(w.sourceId, w.workspaceId), { sourceId: w.sourceId, workspaceId: w.workspaceId, name: w.name, handle: w.handle });
  const rows: AccessRow[] = [];
  for (const p of access.principals) {
    const who = p.type === 'user' ? identities.byPrefectActor.get(pairKey(p.sourceId, p.actorId)) : undefined;
    const principal = { type: p.type, sourceId: p.sourceId, id: p.id, actorId: p.actorId, name: p.name, accountRoleName: p.accountRoleName, active: p.active };
    for (const w of p.workspaces) {
      const key = pairKey(p.sourceId, w.workspaceId);
      let workspace = workspaces.get(key);
      if (!workspace) {
        workspace = { sourceId: p.sourceId, workspaceId: w.workspaceId, name: w.workspaceName, handle: w.workspaceHandle };
        workspaces.set(key, workspace);
      }
      rows.push({
        identityId: who?.identity.identityId ?? null,
        displayName: who?.identity.displayName ?? p.name,
        email: p.email,
        principal,
        matchedBy: who?.link.matchedBy ?? null,
        workspace,
        role: w.role,
        provenance: w.grants,
      });
    }
  }
  rowCache.set(context, rows);
  return rows;
}

/**
 * Everything one person could do at T. Found by any of their addresses; a Prefect account
 * with that address but no identity is still returned (identity null), so an unknown account
 * is visible rather than "not found".
 */
export function personAt(db: Db, time: Date, email: string, options: PointInTimeOptions = {}): PersonAccess {
  const asOf = requireAsOf(db, time);
  const context = analysisContext(db, asOf.collectionId, { depth: 'access', ...options });
  return { ...asOf, ...personIn(context, email) };
}

/** personAt on an already loaded context. */
export function personIn(context: AnalysisContext, email: string): Omit<PersonAccess, keyof AsOf> {
  const { identities, access } = context;
  const address = email.trim().toLowerCase();
  const candidates = identities.byEmail.get(address) ?? [];
  const identity = candidates[0] ?? null;
  const accounts: PrincipalAccess[] = [];
  const seen = new Set<PrincipalAccess>();
  for (const link of identity?.prefect ?? []) {
    const p = access.byActor.get(pairKey(link.sourceId, link.actorId));
    if (p && !seen.has(p)) {
      seen.add(p);
      accounts.push(p);
    }
  }
  if (!identity) {
    for (const p of access.principals) if (p.type === 'user' && p.email === address && !seen.has(p)) accounts.push(p);
  }
  const serviceAccounts: PrincipalAccess[] = [];
  for (const sa of identity?.serviceAccounts ?? []) {
    const p = access.byActor.get(pairKey(sa.sourceId, sa.botId));
    if (p) serviceAccounts.push(p);
  }
  return { identity, leaver: identity ? leaverStatus(identity) : null, accounts, serviceAccounts };
}
