import type { Db } from '../../db/open-database';
import type { RecordKind } from '../../../shared/domain/records';
import type { AnalysisContext } from '../analysis-context';
import { computeEffectiveAccess } from '../effective-access';
import { resolveIdentities } from '../identity/resolve-identities';
import type { IdentityLink } from '../identity/identity-links';
import { normalizeValue, prefectValue, type MatchRule } from '../identity/match-rules';
import { ACCESS_KINDS, loadSnapshots, sourceFamily, type SnapshotView } from '../snapshot-view';
import { eventsOfTypes, PREFECT_EVENTS } from '../stored-events';

/**
 * Which principals' answers can differ between two consecutive complete collections P and C,
 * and their engine answer at C, without resolving the whole organisation again.
 *
 * Access: a principal's effective access depends on its own facts (membership, team
 * memberships, direct grants, service account) and on account-wide ones (roles, workspaces,
 * teams, team grants). An account-wide change, or a change of the sources read, makes the
 * caller derive C in full.
 *
 * Identity: people are built from HR and IdP records joined by employee id or address, and a
 * Prefect account is matched by its address, by the match rules' values, or by a manual
 * link. So records and accounts form a graph through shared "keys" (an address, an employee
 * id, a rule value, an identity id), and who someone is depends only on the records
 * connected to the keys they are looked up by. When records change, every account looked
 * up by a key connected to a changed record (before or after the change) is recomputed,
 * with all the records connected to its keys, in the store's order, by the engine's own
 * functions (resolveIdentities, computeEffectiveAccess): everyone else's answer is unchanged.
 *
 * derived-access.test.ts checks the result against the engine at every collection of random
 * histories.
 */
export class IncrementalDeriver {
  /** Collection the graph reflects. */
  private at = 0;
  private readonly recordKeys = new Map<string, string[]>();
  private readonly keyRecords = new Map<string, Set<string>>();
  /** Prefect membership record id -> its actor (source\0actorId) and lookup keys. */
  private readonly members = new Map<string, { actor: string; keys: string[] }>();
  private readonly keyActors = new Map<string, Set<string>>();
  private sourcesKey = '';

  constructor(
    private readonly db: Db,
    private readonly rules: readonly MatchRule[],
    private readonly links: readonly IdentityLink[],
  ) {}

  /** Starts from a collection's snapshot (a full view: every record of the identity kinds). */
  reset(view: SnapshotView): void {
    this.recordKeys.clear();
    this.keyRecords.clear();
    this.members.clear();
    this.keyActors.clear();
    for (const hr of view.hr) for (const f of hr.employees.values()) this.addRecord(hr.sourceId, 'hr_employee', f.key, f.value);
    for (const idp of view.idp) for (const f of idp.users.values()) this.addRecord(idp.sourceId, 'idp_user', f.key, f.value);
    for (const p of view.prefect) for (const f of p.members.values()) this.addMember(p.sourceId, f.key, f.value as MemberValue);
    this.at = view.collection.id;
    this.sourcesKey = view.sources.map((s) => `${s.sourceId}:${s.kind}`).join('|');
  }

  get collection(): number {
    return this.at;
  }

  /**
   * The answer at collection C (the next complete collection after the one the graph holds)
   * for the actors whose answer can have changed, or null when C must be derived in full.
   */
  step(c: number): { context: AnalysisContext; actors: ReadonlySet<string> } | null {
    const p = this.at;
    const sources = this.db.prepare('SELECT source_id, kind FROM collection_sources WHERE collection_id = ? ORDER BY source_id').all(c) as { source_id: string; kind: string }[];
    if (sources.map((s) => `${s.source_id}:${s.kind}`).join('|') !== this.sourcesKey) return null;
    const changed = this.db
      .prepare(
        // (valid_to IS NULL OR valid_to > P) holds for every row wanted; stated, it lets the
        // facts view skip history blocks closed by P without unpacking them.
        `SELECT key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND (valid_to IS NULL OR valid_to > ?)
         AND ((valid_from > ? AND valid_from <= ?) OR (valid_to > ? AND valid_to <= ?))`,
      )
      .raw();
    const actors = new Set<string>();
    const seeds: string[] = [];
    const removals: (() => void)[] = [];
    // A key changed in place has its old version (valid at P) and its new one (valid at C).
    const readded = new Set<string>();
    for (const { source_id: sourceId, kind: sourceKind } of sources) {
      const family = sourceFamily(sourceKind);
      const kinds: readonly RecordKind[] = family === 'hr' ? ['hr_employee'] : family === 'idp' ? ['idp_user'] : family === 'prefect' ? PREFECT_KINDS : [];
      for (const kind of kinds) {
        for (const [key, json, from, to] of changed.iterate(sourceId, kind, p, p, c, p, c) as IterableIterator<[string, string, number, number | null]>) {
          if (ACCOUNT_WIDE.includes(kind)) return null;
          const validAtP = from <= p && to !== null && to <= c;
          const validAtC = from > p && (to === null || to > c);
          if (!validAtP && !validAtC) continue; // a version that came and went between the two
          const value = JSON.parse(json) as Record<string, unknown>;
          if (kind === 'hr_employee' || kind === 'idp_user') {
            const id = recordId(sourceId, kind, key);
            if (validAtC) {
              this.addRecord(sourceId, kind, key, value);
              readded.add(id);
            }
            // Every key of either version: the records joined through the old one are reached too.
            seeds.push(...recordKeysOf(sourceId, kind, key, value, this.rules));
            if (validAtP) removals.push(() => readded.has(id) || this.removeRecord(id));
          } else {
            if (kind === 'prefect_workspace_access' && value.actorType === 'team') return null;
            if (kind === 'prefect_member') {
              const id = recordId(sourceId, kind, key);
              if (validAtC) {
                this.addMember(sourceId, key, value as MemberValue);
                readded.add(id);
              }
              if (validAtP) removals.push(() => readded.has(id) || this.removeMember(id));
            }
            for (const field of ACTOR_FIELDS[kind] ?? []) if (typeof value[field] === 'string') actors.add(pairActor(sourceId, value[field]));
          }
        }
      }
    }
    // Accounts looked up by a key connected to a changed record.
    for (const key of this.closure(seeds)) for (const a of this.keyActors.get(key) ?? []) actors.add(a);
    // A service account is one principal under its id and its actor id.
    const bots = loadSnapshots(this.db, [p, c], { kinds: ['prefect_service_account'] });
    for (const view of bots) {
      for (const account of view.prefect) {
        for (const sa of account.serviceAccounts.values()) {
          const ids = [sa.value.id, ...(sa.value.actorId ? [sa.value.actorId] : [])].map((id) => pairActor(account.sourceId, id));
          if (ids.some((id) => actors.has(id))) for (const id of ids) actors.add(id);
        }
      }
    }
    // Everything those accounts are looked up by, and the records connected to it.
    const lookups: string[] = this.links.map((l) => l.identityId);
    for (const m of this.members.values()) if (actors.has(m.actor)) lookups.push(...m.keys);
    const records = new Set<string>();
    for (const key of this.closure([...seeds, ...lookups])) for (const r of this.keyRecords.get(key) ?? []) records.add(r);
    for (const remove of removals) remove();
    this.at = c;

    const actorIds = JSON.stringify([...new Set([...actors].map((a) => a.slice(a.indexOf('\u0000') + 1)))]);
    // source\0kind\0key -> source\0key, what the filter below compares with.
    const recordIds = JSON.stringify([...records].map((r) => r.slice(0, r.indexOf('\u0000') + 1) + r.slice(r.indexOf('\u0000', r.indexOf('\u0000') + 1) + 1)));
    const inRecords = { sql: `(source_id || char(0) || key) IN (SELECT value FROM json_each(?))`, params: [recordIds] };
    const actorIn = (field: string) => `value_json->>'$.${field}' IN (SELECT value FROM json_each(?))`;
    const [view] = loadSnapshots(this.db, [c], {
      kinds: ACCESS_KINDS,
      filters: {
        hr_employee: inRecords,
        idp_user: inRecords,
        prefect_member: { sql: actorIn('actorId'), params: [actorIds] },
        prefect_team_member: { sql: actorIn('memberId'), params: [actorIds] },
        prefect_workspace_access: { sql: `value_json->>'$.actorType' = 'team' OR ${actorIn('actorId')}`, params: [actorIds] },
      },
    });
    const prefectSources = view!.prefect.map((x) => x.sourceId);
    const identities = resolveIdentities(view!, {
      rules: this.rules,
      links: this.links,
      serviceAccountCreations: eventsOfTypes(this.db, prefectSources, [PREFECT_EVENTS.serviceAccountCreated], c),
    });
    return { context: { view: view!, identities, access: computeEffectiveAccess(view!) }, actors };
  }

  /** Every key connected to these keys through records. */
  private closure(start: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const r of this.keyRecords.get(key) ?? []) for (const k of this.recordKeys.get(r) ?? []) if (!seen.has(k)) queue.push(k);
    }
    return seen;
  }

  private addRecord(sourceId: string, kind: RecordKind, key: string, value: unknown): void {
    const id = recordId(sourceId, kind, key);
    this.removeRecord(id);
    const keys = recordKeysOf(sourceId, kind, key, value as Record<string, unknown>, this.rules);
    this.recordKeys.set(id, keys);
    for (const k of keys) add(this.keyRecords, k, id);
  }

  private removeRecord(id: string): void {
    const keys = this.recordKeys.get(id);
    if (!keys) return;
    this.recordKeys.delete(id);
    for (const k of keys) drop(this.keyRecords, k, id);
  }

  private addMember(sourceId: string, key: string, value: MemberValue): void {
    const id = recordId(sourceId, 'prefect_member', key);
    this.removeMember(id);
    const keys: string[] = [];
    if (value.email) keys.push(`email:${value.email.toLowerCase()}`);
    this.rules.forEach((rule, i) => {
      const v = prefectValue(value, rule);
      if (v) keys.push(`r${i}:${v}`);
    });
    const actor = pairActor(sourceId, value.actorId);
    this.members.set(id, { actor, keys });
    for (const k of keys) add(this.keyActors, k, actor);
  }

  private removeMember(id: string): void {
    const m = this.members.get(id);
    if (!m) return;
    this.members.delete(id);
    for (const k of m.keys) drop(this.keyActors, k, m.actor);
  }
}

type MemberValue = Parameters<typeof prefectValue>[0];

const PREFECT_KINDS: readonly RecordKind[] = [
  'prefect_account_role',
  'prefect_workspace',
  'prefect_workspace_role',
  'prefect_team',
  'prefect_member',
  'prefect_team_member',
  'prefect_workspace_access',
  'prefect_service_account',
];
const ACCOUNT_WIDE: readonly RecordKind[] = ['prefect_account_role', 'prefect_workspace', 'prefect_workspace_role', 'prefect_team'];
const ACTOR_FIELDS: Partial<Record<RecordKind, string[]>> = {
  prefect_member: ['actorId'],
  prefect_team_member: ['memberId'],
  prefect_workspace_access: ['actorId'],
  prefect_service_account: ['id', 'actorId'],
};

const recordId = (sourceId: string, kind: string, key: string) => `${sourceId}\u0000${kind}\u0000${key}`;
const pairActor = (sourceId: string, actorId: unknown) => `${sourceId}\u0000${String(actorId)}`;

/**
 * The keys a person record can be joined or looked up by: its addresses (as buildPeople
 * normalizes them, both ways), its employee id, the identity id a person built from it can
 * carry, and each match rule's values for it (a superset of what the person will carry).
 */
function recordKeysOf(sourceId: string, kind: RecordKind, key: string, v: Record<string, unknown>, rules: readonly MatchRule[]): string[] {
  const keys = new Set<string>();
  const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  const emails: string[] = [];
  const names: (string | null)[] = [];
  let userName: string | null = null;
  if (kind === 'hr_employee') {
    const email = str(v.email);
    if (email) emails.push(email.toLowerCase());
    names.push(str(v.name));
  } else {
    for (const raw of [str(v.email), ...(Array.isArray(v.emails) ? v.emails.map(str) : [])]) {
      if (!raw) continue;
      emails.push(raw.toLowerCase(), raw.trim().toLowerCase());
    }
    names.push(str(v.displayName));
    userName = str(v.userName);
    keys.add(`idp:${sourceId}:${str(v.id) ?? key}`);
  }
  const employeeId = str(v.employeeId);
  for (const e of emails) keys.add(`email:${e}`);
  if (employeeId) keys.add(`emp:${employeeId}`);
  const local = (s: string | null) => (s === null ? null : s.includes('@') ? s.slice(0, s.indexOf('@')) : s);
  rules.forEach((rule, i) => {
    const values: (string | null)[] =
      rule.identity === 'userNameLocalPart' ? [local(userName)] : rule.identity === 'emailLocalPart' ? emails.map(local) : rule.identity === 'displayName' ? names : [employeeId];
    for (const value of values) {
      const n = normalizeValue(value, rule.normalize);
      if (n) keys.add(`r${i}:${n}`);
    }
  });
  return [...keys];
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function drop(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
