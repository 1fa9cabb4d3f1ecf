import type { Db } from '../db/open-database';
import { OKTA_EVENT_TYPES } from '../collect/connectors/okta/okta-mapping';
import type { FactAsOf } from '../collect/store/fact-queries';
import { currentCollectionId } from '../collect/store/collection-rows';
import { AppError } from '../../shared/api/result';
import { analysisContext, type AnalysisCache } from './analysis-context';
import { CollectionClock, committedCollections } from './collection-points';
import { pairKey } from './fact-ref';
import { sourceFamily } from './snapshot-view';
import type { Identity } from './identity/identity-types';
import type { MatchRule } from './identity/match-rules';
import { terminationTimeZoneOf } from './policy/policy-schema';
import { currentPolicy } from './policy/policy-store';
import { deletionsByAddress, revocationLatency, terminationOf, unseenMembershipDeletion, type AccessInterval, type RevocationLatency } from './revocation';
import { eventsOfTypes, IDP_OFFBOARDING_EVENTS, type StoredEvent } from './stored-events';
import { allVersions, eventsOfTypesAbout, versionsContaining } from './timeline-facts';
import { startOfDayIso } from './zoned-day';
import type { TimelineLane, TimelineEvent, PersonTimeline } from '../../shared/domain/analysis';
export type { TimelineLane, TimelineEvent, PersonTimeline };

const OKTA_TYPES: readonly string[] = OKTA_EVENT_TYPES;
const PREFECT_TYPES = ['account-membership', 'team-membership', 'workspace-access'].flatMap((r) => ['created', 'updated', 'deleted'].map((a) => `prefect-cloud.${r}.${a}`));

/**
 * Everything that happened to one person on one time axis: HR hire and termination, IdP
 * lifecycle and group changes, Prefect membership, role, team and grant changes, findings
 * opened and resolved, manual identity links; plus the revocation latency with its
 * uncertainty when the person has left.
 *
 * The person is the identity holding `email` at the newest complete collection (so manual
 * links and rules apply), widened to every stored version that carries one of their
 * addresses, employee id, IdP user ids or Prefect actor ids: deleted accounts still show.
 * HR dates are days in the policy in force's terminationTimeZone, as the findings read them.
 */
export function personTimeline(db: Db, email: string, options: { cache?: AnalysisCache; rules?: readonly MatchRule[] } = {}): PersonTimeline {
  const current = currentCollectionId(db);
  if (current === null) throw new AppError('NOT_FOUND', 'No complete collection exists yet: run a collection first.');
  const address = email.trim().toLowerCase();
  const context = analysisContext(db, current, { depth: 'access', ...(options.cache ? { cache: options.cache } : {}), ...(options.rules ? { rules: options.rules } : {}) });
  const identity: Identity | null = context.identities.byEmail.get(address)?.[0] ?? null;
  const clock = new CollectionClock(committedCollections(db));
  const timeZone = terminationTimeZoneOf(currentPolicy(db));
  const sources = (db.prepare('SELECT DISTINCT source_id, kind FROM collection_sources').all() as { source_id: string; kind: string }[]).map((s) => ({
    id: s.source_id,
    family: sourceFamily(s.kind),
  }));
  const of = (family: 'idp' | 'hr' | 'prefect') => [...new Set(sources.filter((s) => s.family === family).map((s) => s.id))];

  // Who to look for: the identity's addresses and ids, widened by what history holds.
  const emails = new Set<string>([address, ...(identity?.emails ?? [])]);
  const employeeIds = new Set<string>(identity?.employeeId ? [identity.employeeId] : []);
  const hr = versionsContaining(db, of('hr'), 'hr_employee', [...emails, ...[...employeeIds].map((e) => `"employeeId":"${e}"`)]).filter(
    (f) => emails.has(f.value.email.toLowerCase()) || employeeIds.has(f.value.employeeId),
  );
  for (const f of hr) employeeIds.add(f.value.employeeId);
  const idpUsers = versionsContaining(db, of('idp'), 'idp_user', [...emails, ...[...employeeIds].map((e) => `"employeeId":"${e}"`)]).filter(
    (f) => f.value.emails.some((e) => emails.has(e.toLowerCase())) || (f.value.email && emails.has(f.value.email.toLowerCase())) || (f.value.employeeId && employeeIds.has(f.value.employeeId)),
  );
  for (const f of idpUsers) for (const e of f.value.emails) emails.add(e.toLowerCase());
  const linkedActors = new Set((identity?.prefect ?? []).map((l) => pairKey(l.sourceId, l.actorId)));
  const members = versionsContaining(db, of('prefect'), 'prefect_member', [...emails, ...(identity?.prefect ?? []).map((l) => l.actorId)]).filter(
    (f) => (f.value.email && emails.has(f.value.email.toLowerCase())) || linkedActors.has(pairKey(f.sourceId, f.value.actorId)),
  );
  const actorIds = new Set(members.map((m) => m.value.actorId));
  const idpUserIds = new Set(idpUsers.map((u) => u.value.id));

  const events: TimelineEvent[] = [];
  const at = (collectionId: number) => clock.timeOf(collectionId) ?? '';
  const firstRead = new Map(
    (db.prepare(`SELECT source_id, min(collection_id) AS c FROM collection_sources WHERE status IN ('complete', 'degraded') GROUP BY source_id`).all() as { source_id: string; c: number }[]).map((r) => [
      r.source_id,
      r.c,
    ]),
  );
  const observed = (sourceId: string, collectionId: number): Pick<TimelineEvent, 'at' | 'after' | 'precision'> => {
    const first = firstRead.get(sourceId);
    return { at: at(collectionId), after: clock.before(collectionId)?.finishedAt ?? null, precision: first !== undefined && collectionId <= first ? 'first-seen' : 'between-polls' };
  };
  const ev = (f: FactAsOf, collectionId: number, lane: TimelineLane, type: string, summary: string): TimelineEvent => ({
    ...observed(f.sourceId, collectionId),
    lane,
    type,
    summary,
    sourceId: f.sourceId,
    evidence: { kind: f.kind, key: f.key, collections: { from: f.validFrom, to: f.validTo } },
  });

  // HR: the dates it states, plus when the roster changed. A date is placed at its start in
  // the zone, written with the zone's offset: the first ten characters stay the roster's date.
  const hrLatest = new Map<string, FactAsOf<'hr_employee'>>();
  for (const f of hr) hrLatest.set(`${f.sourceId}\u0000${f.key}`, f);
  for (const f of hrLatest.values()) {
    const e = f.value;
    if (e.hireDate) events.push({ at: startOfDayIso(e.hireDate, timeZone), after: null, precision: 'date', lane: 'hr', type: 'hr.hired', summary: 'Hired', sourceId: f.sourceId, evidence: { kind: f.kind, key: f.key } });
    if (e.terminationDate) {
      const summary = `Terminated on ${e.terminationDate} (HR termination date; revocation is measured from the start of that day in ${timeZone})`;
      events.push({ at: startOfDayIso(e.terminationDate, timeZone), after: null, precision: 'date', lane: 'hr', type: 'hr.terminated', summary, sourceId: f.sourceId, evidence: { kind: f.kind, key: f.key } });
    }
  }
  events.push(
    ...walkVersions(hr, (prev, next, f) => {
      if (!prev) return [ev(f, f.validFrom, 'hr', 'hr.listed', `Listed in the HR roster as ${next!.value.status}`)];
      if (!next) return [ev(prev, prev.validTo!, 'hr', 'hr.unlisted', 'No longer in the HR roster')];
      return prev.value.status !== next.value.status ? [ev(next, next.validFrom, 'hr', 'hr.status', `HR status ${prev.value.status} → ${next.value.status}`)] : [];
    }),
  );

  // IdP accounts: lifecycle from the fact versions.
  events.push(
    ...walkVersions(idpUsers, (prev, next, f) => {
      if (!prev) return [ev(f, f.validFrom, 'idp', 'idp.account-seen', `${f.sourceId} account ${next!.value.userName ?? next!.value.id} ${next!.value.rawStatus}`)];
      if (!next) return [ev(prev, prev.validTo!, 'idp', 'idp.account-gone', `${prev.sourceId} account ${prev.value.userName ?? prev.value.id} deleted`)];
      return prev.value.lifecycle !== next.value.lifecycle || prev.value.rawStatus !== next.value.rawStatus
        ? [ev(next, next.validFrom, 'idp', 'idp.lifecycle', `${next.sourceId} status ${prev.value.rawStatus} → ${next.value.rawStatus}`)]
        : [];
    }),
  );

  // Group memberships, named by the groups' latest names.
  const idpSources = [...new Set(idpUsers.map((u) => u.sourceId))];
  const groupNames = new Map<string, string>();
  for (const s of idpSources) for (const g of allVersions(db, s, 'idp_group')) groupNames.set(pairKey(s, g.value.id), g.value.name);
  const groupFacts = versionsContaining(db, idpSources, 'idp_group_member', [...idpUserIds].map((id) => `"memberId":"${id}"`)).filter((f) => idpUserIds.has(f.value.memberId));
  events.push(
    ...walkVersions(groupFacts, (prev, next, f) => {
      const name = groupNames.get(pairKey(f.sourceId, f.value.groupId)) ?? f.value.groupId;
      if (!prev) return [ev(f, f.validFrom, 'group', 'idp.group-joined', `Joined group ${name}`)];
      if (!next) return [ev(prev, prev.validTo!, 'group', 'idp.group-left', `Left group ${name}`)];
      return [];
    }),
  );

  // Prefect: memberships, roles, active flag, teams, direct grants.
  events.push(
    ...walkVersions(members, (prev, next, f) => {
      if (!prev) return [ev(f, f.validFrom, 'prefect', 'prefect.membership-created', `Prefect membership (${next!.value.accountRoleName ?? 'member'}${next!.value.active ? '' : ', inactive'})`)];
      if (!next) return [ev(prev, prev.validTo!, 'prefect', 'prefect.membership-removed', `Prefect membership removed`)];
      const out: TimelineEvent[] = [];
      if (prev.value.accountRoleName !== next.value.accountRoleName) out.push(ev(next, next.validFrom, 'prefect', 'prefect.role-changed', `Account role ${prev.value.accountRoleName} → ${next.value.accountRoleName}`));
      if (prev.value.active !== next.value.active) out.push(ev(next, next.validFrom, 'prefect', 'prefect.active-changed', next.value.active ? 'Membership reactivated' : 'Membership deactivated'));
      return out;
    }),
  );
  const prefectSources = [...new Set(members.map((m) => m.sourceId))];
  const names = new Map<string, string>();
  for (const s of prefectSources) {
    for (const t of allVersions(db, s, 'prefect_team')) names.set(pairKey(s, t.value.id), t.value.name);
    for (const w of allVersions(db, s, 'prefect_workspace')) names.set(pairKey(s, w.value.id), w.value.name);
    for (const r of allVersions(db, s, 'prefect_workspace_role')) names.set(pairKey(s, r.value.id), r.value.name);
  }
  const name = (s: string, id: string) => names.get(pairKey(s, id)) ?? id;
  const teamFacts = versionsContaining(db, prefectSources, 'prefect_team_member', [...actorIds].map((a) => `"memberId":"${a}"`)).filter((f) => actorIds.has(f.value.memberId));
  events.push(
    ...walkVersions(teamFacts, (prev, next, f) => {
      if (!prev) return [ev(f, f.validFrom, 'team', 'prefect.team-joined', `Joined team ${name(f.sourceId, f.value.teamId)}`)];
      if (!next) return [ev(prev, prev.validTo!, 'team', 'prefect.team-left', `Left team ${name(prev.sourceId, prev.value.teamId)}`)];
      return [];
    }),
  );
  const grantFacts = versionsContaining(db, prefectSources, 'prefect_workspace_access', [...actorIds].map((a) => `"actorId":"${a}"`)).filter(
    (f) => f.value.actorType === 'user' && actorIds.has(f.value.actorId),
  );
  events.push(
    ...walkVersions(grantFacts, (prev, next, f) => {
      const ws = name(f.sourceId, f.value.workspaceId);
      if (!prev) return [ev(f, f.validFrom, 'grant', 'prefect.grant-added', `Direct grant: ${name(f.sourceId, next!.value.workspaceRoleId)} on ${ws}`)];
      if (!next) return [ev(prev, prev.validTo!, 'grant', 'prefect.grant-removed', `Direct grant on ${ws} removed`)];
      return prev.value.workspaceRoleId !== next.value.workspaceRoleId
        ? [ev(next, next.validFrom, 'grant', 'prefect.grant-changed', `Direct grant on ${ws}: ${name(f.sourceId, prev.value.workspaceRoleId)} → ${name(f.sourceId, next.value.workspaceRoleId)}`)]
        : [];
    }),
  );

  // Exact times from the System Log and the Prefect audit log.
  const membershipIds = [...new Set(members.map((m) => m.value.id))];
  const logEvents = [
    ...eventsOfTypesAbout(db, of('idp'), OKTA_TYPES, [...idpUserIds]),
    ...eventsOfTypesAbout(db, of('prefect'), PREFECT_TYPES, [...[...actorIds].map((a) => `prefect-cloud.actor.${a}`), ...membershipIds.map((m) => `prefect-cloud.account-membership.${m}`)]),
  ];
  // A membership no poll ever saw (removed before the first one) is known only from the audit
  // log, by the address it names: shown, and counted as the removal.
  const unseenDeletion =
    members.length === 0 ? unseenMembershipDeletion([...emails], deletionsByAddress(eventsOfTypes(db, of('prefect'), ['prefect-cloud.account-membership.deleted'], current))) : null;
  if (unseenDeletion && !logEvents.some((e) => e.eventId === unseenDeletion.eventId)) logEvents.push(unseenDeletion);
  for (const e of logEvents) events.push(eventEntry(e));

  // Findings and manual links.
  const identityIds = identity ? [identity.identityId] : [];
  const findingRows = db
    .prepare(
      // Each change with what the finding said then (its version at that collection), not what it says now.
      `SELECT f.id, coalesce(v.title, f.title) AS title, coalesce(v.severity, f.severity) AS severity, e.change, e.collection_id FROM finding_events e JOIN findings f ON f.id = e.finding_id
       LEFT JOIN finding_versions v ON v.finding_id = f.id AND v.from_collection = (SELECT max(from_collection) FROM finding_versions WHERE finding_id = f.id AND from_collection <= e.collection_id)
       WHERE f.identity_id IN (SELECT value FROM json_each(?)) OR f.email IN (SELECT value FROM json_each(?))
       ORDER BY e.collection_id, CASE e.change WHEN 'resolved' THEN 0 ELSE 1 END, CASE coalesce(v.severity, f.severity) WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, f.id`,
    )
    .all(JSON.stringify(identityIds), JSON.stringify([...emails])) as { id: string; title: string; severity: string; change: string; collection_id: number }[];
  for (const r of findingRows) {
    events.push({
      at: at(r.collection_id),
      after: null,
      precision: 'exact',
      lane: 'finding',
      type: `finding.${r.change}`,
      summary: `Finding ${r.change} (${r.severity}): ${r.title}`,
      sourceId: null,
      evidence: { kind: 'finding', key: r.id },
    });
  }
  if (identity) {
    const ledger = db
      .prepare(`SELECT seq, at, actor, action, subject, details_json FROM ledger_entries WHERE action LIKE 'identity.%' AND instr(details_json, ?) > 0 ORDER BY seq`)
      .all(JSON.stringify(identity.identityId)) as { seq: number; at: string; actor: string; action: string; subject: string }[];
    for (const l of ledger) {
      events.push({ at: l.at, after: null, precision: 'exact', lane: 'link', type: l.action, summary: `${l.action} ${l.subject} by ${l.actor}`, sourceId: null, evidence: { kind: 'ledger', key: String(l.seq) } });
    }
  }

  // By instant: an HR date written with its zone's offset does not sort as text among UTC times.
  events.sort((a, b) => instant(a.at) - instant(b.at) || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  // Revocation latency, when the person has left.
  let revocation: RevocationLatency | null = null;
  if (identity) {
    const disabled = new Map<string, StoredEvent>();
    for (const e of logEvents) {
      if (!(IDP_OFFBOARDING_EVENTS as readonly string[]).includes(e.type)) continue;
      for (const t of e.targetIds) if (!disabled.has(pairKey(e.sourceId, t))) disabled.set(pairKey(e.sourceId, t), e);
    }
    const termination = terminationOf(identity, clock, disabled, timeZone);
    if (termination) {
      const intervals: AccessInterval[] = members.filter((m) => m.value.active).map((m) => ({ sourceId: m.sourceId, membershipId: m.value.id, from: m.validFrom, to: m.validTo }));
      const deleted = new Map<string, StoredEvent>();
      for (const e of logEvents) {
        if (e.type !== 'prefect-cloud.account-membership.deleted') continue;
        for (const t of e.targetIds) if (t.startsWith('prefect-cloud.account-membership.')) deleted.set(pairKey(e.sourceId, t.slice('prefect-cloud.account-membership.'.length)), e);
      }
      revocation = revocationLatency(termination, intervals, clock, clock.get(current) ?? context.view.collection, deleted, unseenDeletion);
    }
  }

  return { email: address, identityId: identity?.identityId ?? null, displayName: identity?.displayName ?? null, emails: [...emails].sort(), events, revocation, asOfCollectionId: current };
}

/** An event's time in ms; an unknown one ('') first, where sorting the text put it. */
function instant(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.MIN_SAFE_INTEGER : ms;
}

/**
 * Walks the versions of each key (grouped by source and key, oldest first) and asks `emit`
 * about each boundary: (null, first) when it appears, (v, v') when it changes, (last, null)
 * when it ends without a successor.
 */
function walkVersions<F extends FactAsOf>(facts: F[], emit: (prev: F | null, next: F | null, f: F) => TimelineEvent[]): TimelineEvent[] {
  const byKey = new Map<string, F[]>();
  for (const f of facts) {
    const k = `${f.sourceId}\u0000${f.key}`;
    const list = byKey.get(k);
    if (list) list.push(f);
    else byKey.set(k, [f]);
  }
  const out: TimelineEvent[] = [];
  for (const versions of byKey.values()) {
    versions.sort((a, b) => a.validFrom - b.validFrom);
    let prev: F | null = null;
    for (const v of versions) {
      if (!prev || prev.validTo !== v.validFrom) {
        if (prev && prev.validTo !== null) out.push(...emit(prev, null, prev));
        out.push(...emit(null, v, v));
      } else out.push(...emit(prev, v, v));
      prev = v;
    }
    if (prev && prev.validTo !== null) out.push(...emit(prev, null, prev));
  }
  return out;
}

function eventEntry(e: StoredEvent): TimelineEvent {
  const lane: TimelineLane = e.type.startsWith('group.') ? 'group' : e.type.startsWith('user.') || e.type.startsWith('application.') ? 'idp' : e.type.includes('team-membership') ? 'team' : e.type.includes('workspace-access') ? 'grant' : 'prefect';
  return {
    at: e.occurredAt,
    after: null,
    precision: 'exact',
    lane,
    type: e.type,
    summary: `${e.type}${e.actorName ? ` by ${e.actorName}` : ''}`,
    sourceId: e.sourceId,
    evidence: { kind: 'event', key: e.eventId },
  };
}
