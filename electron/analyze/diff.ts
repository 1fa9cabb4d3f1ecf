import type { Db } from '../db/open-database';
import { analysisContext, cachedContext, rulesInForce, type AnalysisCache, type AnalysisContext } from './analysis-context';
import { changedActors, deltaContexts } from './diff-delta';
import type { MatchRule } from './identity/match-rules';
import { requireAsOf } from './snapshot-view';
import { pairKey } from './fact-ref';
import type { Grant, WorkspaceAccess } from './effective-access';
import type { ChangeKind, AccessState, AccessChange, ChangeGroup, AccessDiff } from '../../shared/domain/analysis';
export type { ChangeKind, AccessState, AccessChange, ChangeGroup, AccessDiff };
import { derivedChangedPrincipals } from './derived/derived-reads';
import { CollationOrder, sortBy } from './collation-order';
import type { ComparedAccess, DerivedPrincipal } from './derived/access-codec';

export { idpVsPrefect, type IdpVsPrefect } from './idp-vs-prefect';

export interface DiffOptions {
  /** Also list changes of provenance only (same role, different grants). Default false: that is noise for most readers. */
  includeGrantChanges?: boolean;
  /** Leave service accounts out. */
  usersOnly?: boolean;
  cache?: AnalysisCache;
  rules?: readonly MatchRule[];
  /** 'full' always compares whole snapshots (tests use it to check the fast path). Default: fastest sound path. */
  strategy?: 'auto' | 'full';
}

/**
 * Access added, removed and changed between two times, each answered from its own complete
 * collection. Compared are resulting roles (account role and each workspace role) of active
 * memberships: an inactive membership is no access. Logins are not access, so last-login
 * changes never appear. Grouped by person and by workspace for the two views of the UI.
 */
export function diffAccess(db: Db, fromTime: Date, toTime: Date, options: DiffOptions = {}): AccessDiff {
  const from = requireAsOf(db, fromTime);
  const to = requireAsOf(db, toTime);
  const rules = rulesInForce(db, options.rules);
  const ctxOptions = { depth: 'access' as const, rules, ...(options.cache ? { cache: options.cache } : {}) };
  if (from.collectionId === to.collectionId) {
    // Both times fall in the same poll: nothing can be shown to have changed.
    return { from, to, ...noChanges() };
  }
  // Both times derived (after each complete collection): read only the principals whose rows changed between them.
  if (options.strategy !== 'full' && !(options.cache && cachedContext(db, from.collectionId, { ...ctxOptions, cache: options.cache }) && cachedContext(db, to.collectionId, { ...ctxOptions, cache: options.cache }))) {
    const derived = derivedChangedPrincipals(db, from.collectionId, to.collectionId, rules);
    if (derived) return { from, to, ...diffDerived(derived.before.principals, derived.after.principals, options) };
  }
  // Only actors whose own facts changed can have different access (null: an account-wide change).
  const actors = options.strategy === 'full' ? null : changedActors(db, from.collectionId, to.collectionId);
  const only = actors ?? undefined;
  // Both times already analysed: compare them (only the changed actors, when known).
  if (options.cache) {
    const before = cachedContext(db, from.collectionId, { ...ctxOptions, cache: options.cache });
    const after = cachedContext(db, to.collectionId, { ...ctxOptions, cache: options.cache });
    if (before && after) return { from, to, ...diffContexts(before, after, options, only) };
  }
  if (actors?.size === 0) return { from, to, ...noChanges() };
  if (actors) {
    const delta = deltaContexts(db, from.collectionId, to.collectionId, rules, actors);
    if (delta) return { from, to, ...diffContexts(delta.before, delta.after, options) };
  }
  const before = analysisContext(db, from.collectionId, ctxOptions);
  const after = analysisContext(db, to.collectionId, ctxOptions);
  return { from, to, ...diffContexts(before, after, options, only) };
}

function noChanges(): Omit<AccessDiff, 'from' | 'to'> {
  return { changes: [], byPerson: [], byWorkspace: [], counts: { added: 0, removed: 0, 'role-up': 0, 'role-down': 0, 'grants-changed': 0 } };
}

/** The comparison itself, on two loaded contexts. */
export function diffContexts(before: AnalysisContext, after: AnalysisContext, options: DiffOptions = {}, onlyActors?: ReadonlySet<string>): Omit<AccessDiff, 'from' | 'to'> {
  return diffStates(states(subjectsOf(before), options, onlyActors), states(subjectsOf(after), options, onlyActors), options);
}

/** The comparison on principals read back from derived access (only those that changed between the two). */
function diffDerived(before: DerivedPrincipal[], after: DerivedPrincipal[], options: DiffOptions): Omit<AccessDiff, 'from' | 'to'> {
  const subjects = (list: DerivedPrincipal[]): Subject[] =>
    list.map(({ access: p, identity }) => ({ p, identityId: identity.identityId, displayName: identity.identityId !== null ? (identity.identityName ?? p.name) : p.name }));
  const a = subjects(before);
  const b = subjects(after);
  const byPrincipal = [principalsOf(a, options), principalsOf(b, options)] as const;
  if (byPrincipal[0] && byPrincipal[1]) return report(principalChanges(byPrincipal[0], byPrincipal[1], options));
  return diffStates(states(a, options), states(b, options), options);
}

function diffStates(a: Map<string, Entry>, b: Map<string, Entry>, options: DiffOptions): Omit<AccessDiff, 'from' | 'to'> {
  const changes: AccessChange[] = [];
  for (const [key, s] of b) compareItem(changes, s, a.get(key), options);
  for (const [key, s] of a) if (!b.has(key)) changes.push(change('removed', s, stateOf(s), null));
  return report(changes);
}

/** An item of the later side against the same item of the earlier one (undefined: it had none). */
function compareItem(changes: AccessChange[], s: Entry, old: Entry | undefined, options: DiffOptions): void {
  if (!old) changes.push(change('added', s, null, stateOf(s)));
  else if (rankOf(s) !== rankOf(old) || roleOf(s) !== roleOf(old)) {
    changes.push(change(rankOf(s) >= rankOf(old) ? 'role-up' : 'role-down', s, stateOf(old), stateOf(s)));
  } else if (options.includeGrantChanges && grantSignature(grantsOf(s)) !== grantSignature(grantsOf(old))) {
    changes.push(change('grants-changed', s, stateOf(old), stateOf(s)));
  }
}

const principalKeyOf = (p: ComparedAccess): string => `${p.sourceId}\u0000${p.type}\u0000${p.type === 'user' ? p.actorId : p.id}`;

/**
 * One side's compared principals by principal key, or null when a key repeats or a principal
 * holds a role on one workspace twice: then items are compared one by one (states), whose
 * map keeps the first place and the last value of a repeated item.
 */
function principalsOf(subjects: readonly Subject[], options: DiffOptions): Map<string, Subject> | null {
  const out = new Map<string, Subject>();
  for (const subject of subjects) {
    const p = subject.p;
    if (!p.active || (options.usersOnly && p.type === 'bot')) continue;
    const key = principalKeyOf(p);
    if (out.has(key)) return null;
    const roles = p.workspaces.filter((w) => w.role);
    for (let i = 1; i < roles.length; i++) for (let j = 0; j < i; j++) if (roles[i]!.workspaceId === roles[j]!.workspaceId) return null;
    out.set(key, subject);
  }
  return out;
}

function roleOn(p: ComparedAccess, workspaceId: string): WorkspaceAccess | undefined {
  for (const w of p.workspaces) if (w.role && w.workspaceId === workspaceId) return w;
  return undefined;
}

/**
 * The same changes, in the same order, as comparing item by item (states and diffStates):
 * each later principal's account role then its workspace roles, then whatever the earlier
 * side had that the later one has not. One map lookup per principal instead of one keyed
 * string per item.
 */
function principalChanges(a: Map<string, Subject>, b: Map<string, Subject>, options: DiffOptions): AccessChange[] {
  const changes: AccessChange[] = [];
  for (const [key, s] of b) {
    const o = a.get(key);
    compareItem(changes, { subject: s, w: null }, o ? { subject: o, w: null } : undefined, options);
    for (const w of s.p.workspaces) {
      if (!w.role) continue;
      const ow = o ? roleOn(o.p, w.workspaceId) : undefined;
      compareItem(changes, { subject: s, w }, ow ? { subject: o!, w: ow } : undefined, options);
    }
  }
  for (const [key, s] of a) {
    const n = b.get(key);
    if (!n) changes.push(change('removed', { subject: s, w: null }, stateOf({ subject: s, w: null }), null));
    for (const w of s.p.workspaces) {
      if (!w.role || (n && roleOn(n.p, w.workspaceId))) continue;
      const e = { subject: s, w };
      changes.push(change('removed', e, stateOf(e), null));
    }
  }
  return changes;
}

/** Changes sorted by person and scope, grouped both ways, and counted. */
function report(changes: AccessChange[]): Omit<AccessDiff, 'from' | 'to'> {
  const n = changes.length;
  // Every string any of the sorts compares, numbered once per change and ranked in one go.
  const order = new CollationOrder();
  const sortIds = new Int32Array(n);
  const scopeIds = new Int32Array(n);
  const personIds = new Int32Array(n);
  const workspaceIds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = changes[i]!;
    const named = c.displayName ?? c.email;
    sortIds[i] = order.id(named ?? '');
    scopeIds[i] = order.id(c.workspace ? c.workspace.name : '');
    // The person's label is the sort name, unless the change names no one (then the account).
    personIds[i] = named !== null ? sortIds[i]! : order.id(c.principal.name ?? c.principal.id);
    workspaceIds[i] = order.id(c.workspace?.name ?? 'Account roles');
  }
  const ranks = order.ranks();
  const indices = Array.from({ length: n }, (_, i) => i);
  const sortedIndices = sortBy(indices, (i) => ranks[sortIds[i]!]!, (i) => ranks[scopeIds[i]!]!);
  const sorted = sortedIndices.map((i) => changes[i]!);
  const counts: Record<ChangeKind, number> = { added: 0, removed: 0, 'role-up': 0, 'role-down': 0, 'grants-changed': 0 };
  for (const c of sorted) counts[c.change] += 1;
  const personKey = (c: AccessChange) => c.identityId ?? `${c.principal.sourceId}:${c.principal.actorId}`;
  return {
    changes: sorted,
    byPerson: group(sorted, sortedIndices, personKey, personIds, order),
    byWorkspace: group(sorted, sortedIndices, workspaceKey(), workspaceIds, order),
    counts,
  };
}

/** A change's workspace group key, `source:workspace`, built once per workspace rather than once per change. */
function workspaceKey(): (c: AccessChange) => string {
  const keys = new Map<string, Map<string, string>>();
  return (c) => {
    const w = c.workspace;
    if (!w) return '(account)';
    let inSource = keys.get(w.sourceId);
    if (!inSource) keys.set(w.sourceId, (inSource = new Map()));
    let key = inSource.get(w.workspaceId);
    if (key === undefined) inSource.set(w.workspaceId, (key = `${w.sourceId}:${w.workspaceId}`));
    return key;
  };
}

/** A principal and who it is, as the diff names it. */
interface Subject {
  p: ComparedAccess;
  identityId: string | null;
  displayName: string | null;
  /** The principal as changes name it: one object for all of its changes (made by the first). */
  named?: AccessChange['principal'];
}

/**
 * One compared item: a principal's account role (w null) or one of its workspace roles. Only
 * what tells it apart is kept; a change is built from it only when it is reported, since most
 * items compared are the same on both sides.
 */
interface Entry {
  subject: Subject;
  w: WorkspaceAccess | null;
}

function* subjectsOf(context: AnalysisContext): Generator<Subject> {
  for (const p of context.access.principals) {
    const who = p.type === 'user' ? context.identities.byPrefectActor.get(pairKey(p.sourceId, p.actorId))?.identity : undefined;
    yield { p, identityId: who?.identityId ?? null, displayName: who?.displayName ?? p.name };
  }
}

function states(subjects: Iterable<Subject>, options: DiffOptions, onlyActors?: ReadonlySet<string>): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const subject of subjects) {
    const p = subject.p;
    if (!p.active || (options.usersOnly && p.type === 'bot')) continue;
    if (onlyActors && !onlyActors.has(p.actorId) && !onlyActors.has(p.id)) continue;
    const principalKey = principalKeyOf(p);
    out.set(`${principalKey}\u0000*`, { subject, w: null });
    for (const w of p.workspaces) {
      if (!w.role) continue;
      out.set(`${principalKey}\u0000${w.workspaceId}`, { subject, w });
    }
  }
  return out;
}

const roleOf = (e: Entry): string => (e.w ? e.w.role!.name : (e.subject.p.accountRoleName ?? 'member'));
const rankOf = (e: Entry): number => (e.w ? e.w.role!.rank : e.subject.p.accountRoleRank);
const grantsOf = (e: Entry): Grant[] => (e.w ? e.w.grants : []);
const stateOf = (e: Entry): AccessState => ({ role: roleOf(e), rank: rankOf(e), grants: grantsOf(e) });

function change(kind: ChangeKind, e: Entry, before: AccessState | null, after: AccessState | null): AccessChange {
  const subject = e.subject;
  const { p, identityId, displayName } = subject;
  const w = e.w;
  // A person's changes share their principal object (a diff can hold 40k changes; objects were most of its cost).
  subject.named ??= { type: p.type, sourceId: p.sourceId, id: p.id, actorId: p.actorId, name: p.name };
  return {
    change: kind,
    identityId,
    displayName,
    email: p.email,
    principal: subject.named,
    scope: w ? 'workspace' : 'account',
    workspace: w ? { sourceId: p.sourceId, workspaceId: w.workspaceId, name: w.workspaceName, handle: w.workspaceHandle } : null,
    before,
    after,
  };
}

function grantSignature(grants: Grant[]): string {
  return grants.map((g) => `${g.kind}:${g.roleId}:${g.team?.teamId ?? ''}`).sort().join('|');
}

/**
 * Changes (in sorted order) grouped by key, each group labelled by its first change and the
 * groups sorted by label: `labelIds[i]` is the label of changes[indices[i]] in `order`.
 */
function group(sorted: AccessChange[], indices: readonly number[], key: (c: AccessChange) => string, labelIds: Int32Array, order: CollationOrder): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  const groupLabels: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    const k = key(c);
    let g = groups.get(k);
    if (!g) {
      const labelId = labelIds[indices[i]!]!;
      g = { key: k, label: order.text(labelId), changes: [] };
      groups.set(k, g);
      groupLabels.push(labelId);
    }
    g.changes.push(c);
  }
  const list = [...groups.values()];
  const ranks = order.ranks();
  return sortBy(list, (_, i) => ranks[groupLabels[i]!]!, () => 0);
}
