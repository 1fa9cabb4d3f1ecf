import type { Db } from '../db/open-database';
import type { RecordKind } from '../../shared/domain/records';
import { loadSnapshots, type SnapshotView } from './snapshot-view';
import { computeEffectiveAccess } from './effective-access';
import { resolveIdentities } from './identity/resolve-identities';
import { listIdentityLinks } from './identity/identity-links';
import type { MatchRule } from './identity/match-rules';
import type { AnalysisContext } from './analysis-context';

/**
 * The fast path of an access diff: only actors whose own facts changed between the two
 * collections can have different access (everything else they depend on is account-wide:
 * roles, workspaces and their defaults, teams and team grants). So the store is asked for
 * the facts that changed between the two (a scan SQLite does without handing unchanged rows to
 * JavaScript), and only those actors, with their people, are loaded at both times.
 *
 * Returns null whenever that reasoning does not hold, and the caller computes the full diff:
 * an account-wide fact changed, the Prefect sources differ, too many actors changed for a
 * partial load to pay, or an identity rule cannot be pre-filtered in SQL.
 */
export function deltaContexts(
  db: Db,
  fromCollection: number,
  toCollection: number,
  rules: readonly MatchRule[],
  known?: ReadonlySet<string> | null,
): { before: AnalysisContext; after: AnalysisContext; actors: ReadonlySet<string> } | null {
  if (!rules.every((r) => r.prefect === 'handle' && r.identity === 'userNameLocalPart' && r.normalize === 'exact')) return null;
  const actors = known ?? changedActors(db, fromCollection, toCollection);
  if (!actors) return null;
  const [before, after] = partialContexts(db, [fromCollection, toCollection], [...actors], rules, listIdentityLinks(db));
  return { before: before!, after: after!, actors };
}

/**
 * The Prefect actors (user actor ids, bot ids and bot actor ids) whose own facts differ
 * between two collections, or null when an account-wide fact changed (then anyone's access
 * may have), the Prefect sources differ, or more than `maxActors` changed.
 */
export function changedActors(db: Db, fromCollection: number, toCollection: number, maxActors = 20_000): Set<string> | null {
  const prefectOf = (c: number) =>
    (db.prepare(`SELECT source_id FROM collection_sources WHERE collection_id = ? AND kind = 'prefect' ORDER BY source_id`).all(c) as { source_id: string }[]).map((r) => r.source_id);
  const sources = prefectOf(fromCollection);
  if (sources.join('\u0000') !== prefectOf(toCollection).join('\u0000')) return null;
  const lo = Math.min(fromCollection, toCollection);
  const hi = Math.max(fromCollection, toCollection);
  const actors = new Set<string>();
  const changed = db
    .prepare(
      // (valid_to IS NULL OR valid_to > lo) holds for every row wanted; stated, it lets the
      // facts view skip history blocks closed by lo without unpacking them.
      `SELECT value_json FROM facts WHERE source_id = ? AND kind = ? AND (valid_to IS NULL OR valid_to > ?)
       AND ((valid_from > ? AND valid_from <= ?) OR (valid_to > ? AND valid_to <= ?))`,
    )
    .raw();
  for (const sourceId of sources) {
    for (const kind of ACCOUNT_WIDE) {
      if (changed.get(sourceId, kind, lo, lo, hi, lo, hi)) return null;
    }
    for (const kind of PER_ACTOR) {
      for (const [json] of changed.iterate(sourceId, kind, lo, lo, hi, lo, hi) as IterableIterator<[string]>) {
        const v = JSON.parse(json) as Record<string, unknown>;
        if (kind === 'prefect_workspace_access' && v.actorType === 'team') return null;
        for (const field of ACTOR_FIELDS[kind]!) {
          const id = v[field];
          if (typeof id === 'string') actors.add(id);
        }
        if (actors.size > maxActors) return null;
      }
    }
  }
  return actors;
}

const ACCOUNT_WIDE: readonly RecordKind[] = ['prefect_account_role', 'prefect_workspace', 'prefect_workspace_role', 'prefect_team'];
const PER_ACTOR: readonly RecordKind[] = ['prefect_member', 'prefect_team_member', 'prefect_workspace_access', 'prefect_service_account'];
const ACTOR_FIELDS: Partial<Record<RecordKind, string[]>> = {
  prefect_member: ['actorId'],
  prefect_team_member: ['memberId'],
  prefect_workspace_access: ['actorId'],
  prefect_service_account: ['id', 'actorId'],
};

const IN = (expr: string) => `${expr} IN (SELECT value FROM json_each(?))`;
const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

/** The contexts of the collections restricted to `actors` and the people they may be; one read per kind for all of them. */
function partialContexts(db: Db, collectionIds: number[], actorIds: string[], rules: readonly MatchRule[], links: ReturnType<typeof listIdentityLinks>): AnalysisContext[] {
  // Service accounts are few: load them all, and treat a bot's id and actor id as one actor.
  const actors = new Set(actorIds);
  for (const bots of loadSnapshots(db, collectionIds, { kinds: ['prefect_service_account'] })) {
    for (const account of bots.prefect) {
      for (const sa of account.serviceAccounts.values()) {
        if (actors.has(sa.value.id) || (sa.value.actorId && actors.has(sa.value.actorId))) {
          actors.add(sa.value.id);
          if (sa.value.actorId) actors.add(sa.value.actorId);
        }
      }
    }
  }
  const ids = json(actors);
  const prefect = loadSnapshots(db, collectionIds, {
    kinds: ['prefect_member', 'prefect_account_role', 'prefect_workspace', 'prefect_workspace_role', 'prefect_workspace_access', 'prefect_team', 'prefect_team_member', 'prefect_service_account'],
    filters: {
      prefect_member: { sql: IN("value_json->>'$.actorId'"), params: [ids] },
      prefect_team_member: { sql: IN("value_json->>'$.memberId'"), params: [ids] },
      prefect_workspace_access: { sql: `value_json->>'$.actorType' = 'team' OR ${IN("value_json->>'$.actorId'")}`, params: [ids] },
    },
  });

  // The people these accounts may be: by address, by handle (the default rule), by manual link;
  // then widened once by the employee ids and addresses found, as buildPeople joins them.
  const emails = new Set<string>();
  const handles = new Set<string>();
  const employeeIds = new Set<string>();
  const userIds = new Set<string>();
  for (const view of prefect) {
    for (const account of view.prefect) {
      for (const m of account.members.values()) {
        if (m.value.email) emails.add(m.value.email.toLowerCase());
        if (m.value.handle) handles.add(m.value.handle.toLowerCase());
      }
    }
  }
  for (const l of links) {
    if (!actors.has(l.subjectId)) continue;
    if (l.identityId.startsWith('emp:')) employeeIds.add(l.identityId.slice(4));
    else if (l.identityId.startsWith('email:')) emails.add(l.identityId.slice(6));
    else if (l.identityId.startsWith('idp:')) userIds.add(l.identityId.split(':').slice(2).join(':'));
  }
  const local = "lower(substr(value_json->>'$.userName', 1, CASE WHEN instr(value_json->>'$.userName', '@') > 0 THEN instr(value_json->>'$.userName', '@') - 1 ELSE length(value_json->>'$.userName') END))";
  let people: SnapshotView[] = [];
  for (let round = 0; round < 2; round++) {
    const emailsBefore = emails.size;
    people = loadSnapshots(db, collectionIds, {
      kinds: ['idp_user', 'hr_employee'],
      filters: {
        hr_employee: { sql: `${IN("lower(value_json->>'$.email')")} OR ${IN("value_json->>'$.employeeId'")}`, params: [json(emails), json(employeeIds)] },
        idp_user: {
          sql: [
            IN("lower(value_json->>'$.email')"),
            `EXISTS (SELECT 1 FROM json_each(value_json, '$.emails') e WHERE ${IN('lower(e.value)')})`,
            IN("value_json->>'$.employeeId'"),
            IN("value_json->>'$.id'"),
            ...(rules.length ? [IN(local)] : []),
          ].join(' OR '),
          params: [json(emails), json(emails), json(employeeIds), json(userIds), ...(rules.length ? [json(handles)] : [])],
        },
      },
    });
    const hrIds = new Set<string>();
    const idpIds = new Set<string>();
    for (const view of people) {
      for (const hr of view.hr) {
        for (const e of hr.employees.values()) {
          emails.add(e.value.email.toLowerCase());
          employeeIds.add(e.value.employeeId);
          hrIds.add(e.value.employeeId);
        }
      }
      for (const idp of view.idp) {
        for (const u of idp.users.values()) {
          for (const e of u.value.emails) emails.add(e.toLowerCase());
          if (u.value.email) emails.add(u.value.email.toLowerCase());
          if (u.value.employeeId) {
            employeeIds.add(u.value.employeeId);
            idpIds.add(u.value.employeeId);
          }
        }
      }
    }
    // No address we had not asked about, and every employee found in one place was also found
    // in the other (the usual case): the people found are all there is. Otherwise look once more.
    const dangling = [...hrIds].some((e) => !idpIds.has(e)) || [...idpIds].some((e) => !hrIds.has(e));
    if (emails.size === emailsBefore && !dangling) break;
  }
  return prefect.map((p, i) => {
    const who = people[i]!;
    const view: SnapshotView = { ...p, idp: who.idp, hr: who.hr, kinds: new Set([...p.kinds, ...who.kinds]), partial: true };
    return { view, identities: resolveIdentities(view, { rules, links }), access: computeEffectiveAccess(view) };
  });
}
