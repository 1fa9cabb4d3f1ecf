import { idFor, type OrgPerson, type PlannedLeaver, type PrefectMember } from './org-model';
import { unitHash, type Rng } from './rng';
import { indexPlanted, refreshPending, type OrgIndex } from './org-index';
import { emitAudit, emitIdp, resourceRef, userRef } from './org-events';
import { addTeamMember, addToGroup, createMembership, deleteMembership, setMemberRole, logChange, type SyncContext } from './org-sync';
import { createBot, createExternalMember, pastTime, workspaceId, workspaceRoleId } from './generate-prefect';
import { recordPlanted, type PlantedKind } from './planted-kinds';
import { OUTSIDE_DOMAINS, GIVEN_NAMES, FAMILY_NAMES, emailPart } from './org-names';
import type { WorkspaceRoleName } from './org-layout';
import { DAY_MS, addDays, isoDate, isoTime, startOfDayMs, timeOnDay } from './org-time';
import { PLANTED_LATE_REMOVAL_DAYS } from './org-schedule';

/**
 * The problems the generator plants on purpose, one or two of each kind whatever the size of
 * the organisation, so the demo and the tests can check that every finding rule fires. Each is
 * recorded in org.planted; the churn then leaves its subject alone so it stays visible.
 */
export interface Planter {
  ctx: SyncContext;
  rng: Rng;
  nowMs: number;
  /** People already used as a subject (or the owner), so subjects are distinct. */
  used: Set<string>;
  owner: PrefectMember;
  /** At generation a missing candidate is made (backdated); during evolution planting just skips. */
  backfill: boolean;
  /** The day the planted late leaver leaves, in days from nowMs's day (negative: before it); default -1. See lateLeaverDay. */
  lateLeaverDay?: number;
}

/** How many days before the last collection the late leaver leaves at most: their finding shows within the last month of a demo. */
const LATE_LEAVER_WITHIN_DAYS = 29;

/**
 * When the planted late leaver (offboarding-deadline-missed) leaves, in days from the start day
 * (0 = the start day, negative = before it), so that on the last of `days` daily collections
 * (at 06:00 UTC, the start day being the first) their finding is open. The rule looks back 90
 * days from the collection it judges, counting from the HR date's midnight, and the membership
 * goes PLANTED_LATE_REMOVAL_DAYS later:
 * - 6 days or more: they leave 5 to 29 days before the last day (from the seed), inside the
 *   period, so the late removal itself is collected and the finding is recent on the last day;
 * - 2 to 5 days: 5 days before the last day (before the start), removed the day before the last;
 * - 1 day: 2 days before it, still a member (54 h past the HR date, beyond the 48 h deadline).
 * Without `days` (an organisation evolved for as long as someone likes): the day before start.
 */
export function lateLeaverDay(seed: number, days?: number): number {
  if (days === undefined) return -1;
  const last = days - 1;
  const seen = PLANTED_LATE_REMOVAL_DAYS + 1;
  if (last >= seen) return last - (seen + Math.floor(unitHash(seed, 'late-leaver-day') * (Math.min(LATE_LEAVER_WITHIN_DAYS, last) - seen + 1)));
  if (last >= 1) return last - seen;
  return -2;
}

const ADMIN_GROUPS = ['prefect-admins', 'prefect-owners'];

function gid(idx: OrgIndex, name: string): string {
  const g = idx.groupByName.get(name);
  if (!g) throw new Error(`org model has no group "${name}"`);
  return g.groupId;
}

function personOf(pl: Planter, m: PrefectMember): OrgPerson | undefined {
  return m.personId ? pl.ctx.idx.personById.get(m.personId) : undefined;
}

function isWorking(p: OrgPerson | undefined): p is OrgPerson {
  return !!p && p.hrStatus === 'active' && p.idpStatus === 'ACTIVE';
}

/**
 * A working member in one of `groups` (any mapped group if empty), never an admin unless asked
 * for; if nobody fits (a small organisation), an unused working person is put in groups[0] and
 * given a membership, backdated, as the directory sync would have done.
 */
function takeMember(pl: Planter, groups: string[], createdBeforeMs = Number.POSITIVE_INFINITY): PrefectMember {
  const { idx, org } = pl.ctx;
  const wanted = groups.map((g) => gid(idx, g));
  const admins = ADMIN_GROUPS.map((g) => gid(idx, g));
  const wantsAdmin = groups.some((g) => ADMIN_GROUPS.includes(g));
  const fits = (m: PrefectMember): boolean => {
    const p = personOf(pl, m);
    if (!isWorking(p) || pl.used.has(p.personId) || idx.frozenPeople.has(p.personId)) return false;
    if (!wantsAdmin && p.groupIds.some((g) => admins.includes(g))) return false;
    if (wanted.length > 0 && !p.groupIds.some((g) => wanted.includes(g))) return false;
    return createdBeforeMs === Number.POSITIVE_INFINITY || Date.parse(m.createdAt) < createdBeforeMs;
  };
  // Random probes first (O(1) in a large organisation), then an exhaustive pick.
  const members = org.prefect.members;
  let found: PrefectMember | undefined;
  for (let i = 0; i < 300 && !found && members.length > 0; i++) {
    const m = members[pl.rng.int(0, members.length - 1)];
    if (m && fits(m)) found = m;
  }
  if (!found) {
    const candidates = members.filter(fits);
    if (candidates.length > 0) found = pl.rng.pick(candidates);
  }
  if (found) {
    if (found.personId) pl.used.add(found.personId);
    return found;
  }
  const spare = pl.backfill
    ? org.people.filter(
        (p) =>
          isWorking(p) &&
          !pl.used.has(p.personId) &&
          !idx.memberByPersonId.has(p.personId) &&
          Date.parse(p.createdAt) < Math.min(createdBeforeMs, pl.nowMs) - 3 * DAY_MS,
      )
    : [];
  if (spare.length === 0) throw new Error(`generateOrg: not enough people to plant a problem needing ${groups.join('/') || 'a member'}`);
  const person = pl.rng.pick(spare);
  pl.used.add(person.personId);
  const latest = Math.min(createdBeforeMs, pl.nowMs) - 2 * DAY_MS;
  const at = Math.min(latest, Math.max(Date.parse(person.createdAt) + DAY_MS, pastTime(pl.rng, pl.nowMs, pl.rng.int(120, 300))));
  addToGroup(pl.ctx, person, wanted[0] ?? gid(idx, 'prefect-data-eng'), at, null);
  return createMembership(pl.ctx, person, at + 600_000, { lastLogin: isoTime(pastTime(pl.rng, pl.nowMs, pl.rng.int(1, 10))) });
}

function plant(pl: Planter, kind: PlantedKind, subject: string, note: string): void {
  recordPlanted(pl.ctx.org, kind, subject, note);
  indexPlanted(pl.ctx.org, pl.ctx.idx);
  const person = pl.ctx.idx.personById.get(subject);
  if (person) refreshPending(pl.ctx.idx, person);
}

/** Terminates a person in HR and in the IdP on `day`, as HR and the IdP would record it. */
function terminate(pl: Pick<Planter, 'ctx' | 'rng'>, person: OrgPerson, wanted: string, status: PlannedLeaver['status']): number {
  const earliest = addDays(person.hireDate, 1);
  const day = wanted < earliest ? earliest : wanted;
  const at = timeOnDay(startOfDayMs(day), pl.rng.next(), 9, 16);
  person.hrStatus = 'terminated';
  person.terminationDate = day;
  person.idpStatus = status;
  person.updatedAt = isoTime(at);
  emitIdp(pl.ctx.sink, at, status === 'SUSPENDED' ? 'user.lifecycle.suspend' : 'user.lifecycle.deactivate', person.personId);
  const m = pl.ctx.idx.memberByPersonId.get(person.personId);
  if (m?.lastLogin && Date.parse(m.lastLogin) > at) m.lastLogin = isoTime(at - pl.rng.int(1, 72) * 3_600_000);
  return at;
}

/**
 * Terminates the leavers planted ahead of time whose day is `today` (evolveOrg, each morning):
 * HR and the IdP on the day; the directory sync then removes them on their planted schedule.
 */
export function terminatePlannedLeavers(ctx: SyncContext, rng: Rng, today: string): void {
  const planned = ctx.org.plannedLeavers;
  if (!planned?.some((l) => l.day <= today)) return;
  ctx.org.plannedLeavers = planned.filter((l) => l.day > today);
  for (const leaver of planned.filter((l) => l.day <= today)) {
    const person = ctx.idx.personById.get(leaver.personId);
    if (!person || person.hrStatus === 'terminated') continue;
    const at = terminate({ ctx, rng }, person, today, leaver.status);
    ctx.idx.employed--;
    logChange(ctx, at, 'termination', person.personId, `${person.email} left (HR termination ${today})`);
    logChange(ctx, at, 'idp-deprovisioned', person.personId, `${person.email} deprovisioned in the IdP`, 0);
    refreshPending(ctx.idx, person);
  }
}

/** Plants every kind at generation time (subjects chosen among people, events backdated). */
export function plantInitialProblems(pl: Planter): void {
  const { ctx, rng, nowMs } = pl;
  const { org, idx } = ctx;
  const day = (daysAgo: number): string => isoDate(startOfDayMs(isoTime(nowMs)) - daysAgo * DAY_MS);
  const byOwner = userRef(pl.owner, 'actor');

  // Admin-side problems first, while admins are unused.
  const lastLoginMs = pastTime(rng, nowMs, rng.int(150, 240));
  const dormant = takeMember(pl, ['prefect-admins'], lastLoginMs - 7 * DAY_MS);
  dormant.lastLogin = isoTime(lastLoginMs);
  plant(pl, 'dormant-admin', dormant.personId ?? '', `${dormant.email} is an Admin and last logged in ${isoDate(lastLoginMs)}`);

  const belowAt = pastTime(rng, nowMs, rng.int(20, 80));
  const below = takeMember(pl, ['prefect-admins'], belowAt - DAY_MS);
  setMemberRole(ctx, below, 'Member', belowAt, byOwner);
  plant(pl, 'role-drift-below', below.personId ?? '', `${below.email} is in prefect-admins (maps to Admin) but is a Member in Prefect`);

  const sodAt = pastTime(rng, nowMs, rng.int(10, 60));
  const sod = takeMember(pl, ['prefect-admins'], sodAt - DAY_MS);
  const sodPerson = personOf(pl, sod);
  if (sodPerson) addToGroup(ctx, sodPerson, gid(idx, 'prefect-auditors'), sodAt, null);
  plant(pl, 'sod-conflict', sod.personId ?? '', `${sod.email} is in both prefect-admins and prefect-auditors`);

  const escalatedAt = pastTime(rng, nowMs, rng.int(15, 90));
  const escalated = takeMember(pl, ['prefect-data-eng', 'prefect-analytics'], escalatedAt - DAY_MS);
  setMemberRole(ctx, escalated, 'Admin', escalatedAt, byOwner);
  plant(pl, 'role-escalation', escalated.personId ?? '', `${escalated.email} is Admin in Prefect; their groups map only to Member`);

  plantDirectGrant(pl, takeMember(pl, ['prefect-analytics', 'prefect-viewers']), 'prod', 'Developer', pastTime(rng, nowMs, rng.int(20, 200)));
  plantDirectGrant(pl, takeMember(pl, ['prefect-data-eng']), 'prod', 'Owner', pastTime(rng, nowMs, rng.int(20, 200)));

  // Leavers.
  for (const status of ['DEPROVISIONED', 'SUSPENDED'] as const) {
    const m = takeMember(pl, ['prefect-data-eng', 'prefect-analytics', 'prefect-viewers']);
    const person = personOf(pl, m);
    if (!person) continue;
    plant(pl, 'leaver-still-active', person.personId, `${person.email}: HR terminated, IdP ${status}, Prefect membership still active (the directory sync failed to deactivate the account)`);
    terminate(pl, person, day(rng.int(10, 45)), status);
    refreshPending(idx, person);
    const last = org.planted[org.planted.length - 1];
    if (last) last.note = last.note.replace('HR terminated', `HR terminated ${person.terminationDate}`);
  }
  // The late leaver: when they leave depends on the period collected (lateLeaverDay), so their
  // finding is open at its end; one who leaves before the start needs a membership older than that.
  const lateDay = pl.lateLeaverDay ?? -1;
  const late = takeMember(pl, ['prefect-data-eng', 'prefect-analytics', 'prefect-viewers'], lateDay < -1 ? nowMs + (lateDay - 1) * DAY_MS : Number.POSITIVE_INFINITY);
  const latePerson = personOf(pl, late);
  if (latePerson) {
    const term = day(-lateDay);
    const removal = `the directory sync will remove the Prefect membership ${PLANTED_LATE_REMOVAL_DAYS} days later, past the deadline`;
    if (lateDay < 0) {
      plant(pl, 'offboarding-deadline-missed', latePerson.personId, `${latePerson.email}: terminated ${term}; ${removal}`);
      terminate(pl, latePerson, term, 'DEPROVISIONED');
      refreshPending(idx, latePerson);
    } else {
      // Working until then: evolveOrg terminates them on the day (terminatePlannedLeavers).
      plant(pl, 'offboarding-deadline-missed', latePerson.personId, `${latePerson.email}: leaves on ${term}; ${removal}`);
      (org.plannedLeavers ??= []).push({ personId: latePerson.personId, day: term, status: 'DEPROVISIONED' });
      // The draw terminate() makes above, so what is planted next is mostly the same whatever the period.
      rng.next();
    }
  }

  // A service account made by someone who has since left.
  const termAgo = rng.int(10, 35);
  const botMs = pastTime(rng, nowMs, termAgo + rng.int(20, 45));
  const creator = takeMember(pl, ['prefect-data-eng', 'prefect-analytics'], botMs - DAY_MS);
  const creatorPerson = personOf(pl, creator);
  if (creatorPerson) {
    const bot = createBot(ctx, rng, nowMs, {
      name: 'ml-feature-sync',
      createdMs: botMs,
      creator,
      access: [{ workspace: 'prod', role: 'Runner' }],
      keyLifetimeDays: 365,
      keyCreatedMs: botMs + 300_000,
    });
    const termAt = terminate(pl, creatorPerson, day(termAgo), 'DEPROVISIONED');
    deleteMembership(ctx, creator, termAt + 2 * 3_600_000, 'user deactivated in the directory', undefined, 0);
    refreshPending(idx, creatorPerson);
    plant(pl, 'bot-owned-by-leaver', bot.id, `service account ${bot.name} was created by ${creatorPerson.email}, who left on ${creatorPerson.terminationDate}`);
  }

  // Service-account key problems.
  const legacyMs = pastTime(rng, nowMs, rng.int(300, 500));
  const legacy = createBot(ctx, rng, nowMs, {
    name: 'legacy-etl',
    createdMs: legacyMs,
    creator: pl.owner,
    access: [{ workspace: 'prod', role: 'Runner' }],
    keyLifetimeDays: null,
    keyCreatedMs: legacyMs + rng.int(1, 10) * DAY_MS,
  });
  plant(pl, 'key-without-expiry', legacy.apiKeys[0]?.id ?? '', `service account ${legacy.name} has an API key that never expires`);

  const oldMs = pastTime(rng, nowMs, rng.int(420, 600));
  const finance = createBot(ctx, rng, nowMs, {
    name: 'finance-export',
    createdMs: oldMs,
    creator: pl.owner,
    access: [{ workspace: 'analytics', role: 'Runner' }],
    keyLifetimeDays: 1095,
    keyCreatedMs: oldMs + 3_600_000,
  });
  plant(pl, 'key-too-old', finance.apiKeys[0]?.id ?? '', `service account ${finance.name} uses a key created ${finance.apiKeys[0]?.created.slice(0, 10)} (3-year expiry)`);

  const deploy = createBot(ctx, rng, nowMs, {
    name: 'deploy-admin',
    createdMs: pastTime(rng, nowMs, rng.int(60, 300)),
    creator: pl.owner,
    access: [{ workspace: 'prod', role: 'Owner' }],
    keyLifetimeDays: 180,
  });
  plant(pl, 'bot-admin-role', deploy.id, `service account ${deploy.name} holds the Owner role on the prod workspace`);

  // Someone in Prefect nobody can place.
  const given = rng.pick(GIVEN_NAMES);
  const family = rng.pick(FAMILY_NAMES);
  const outsider = createExternalMember(ctx, {
    key: `outsider:${org.seed}`,
    email: `${emailPart(given)}.${emailPart(family).replace(/-/g, '')}@${rng.pick(OUTSIDE_DOMAINS)}`,
    firstName: given,
    lastName: family,
    role: 'Member',
    at: pastTime(rng, nowMs, rng.int(30, 200)),
    actor: userRef(pl.owner, 'actor'),
    lastLogin: isoTime(pastTime(rng, nowMs, rng.int(1, 12))),
  });
  const oncall = org.prefect.teams.find((t) => t.directoryGroupId === null);
  if (oncall) addTeamMember(ctx, oncall, outsider, Date.parse(outsider.createdAt) + 3_600_000, userRef(pl.owner, 'actor'));
  plant(pl, 'unknown-account', outsider.membershipId, `${outsider.email} is a Prefect member matching no person (outside contractor invited by hand)`);

  // Someone the directory should have provisioned but did not.
  const spare = org.people.filter(
    (p) => isWorking(p) && !pl.used.has(p.personId) && !idx.memberByPersonId.has(p.personId) && !p.groupIds.some((g) => idx.mappingByGroupId.has(g)),
  );
  const missing = spare.length > 0 ? rng.pick(spare) : null;
  if (missing) {
    pl.used.add(missing.personId);
    plant(pl, 'expected-access-missing', missing.personId, `${missing.email} is in prefect-viewers but has no Prefect membership (provisioning failed)`);
    addToGroup(ctx, missing, gid(idx, 'prefect-viewers'), pastTime(rng, nowMs, rng.int(3, 20)), null);
  }
}

/** A direct workspace grant to a member, made by an admin outside the teams. */
export function plantDirectGrant(pl: Planter, member: PrefectMember, workspace: string, role: WorkspaceRoleName, atMs: number): void {
  const { ctx } = pl;
  const wsId = workspaceId(ctx.idx, workspace);
  const access = { id: idFor('prefect', `user-access:${wsId}:${member.actorId}`), workspaceId: wsId, actorId: member.actorId, workspaceRoleId: workspaceRoleId(ctx.idx, role) };
  ctx.org.prefect.userAccess.push(access);
  const at = Math.max(Date.parse(member.createdAt) + 3_600_000, atMs);
  emitAudit(ctx.sink, at, { kind: 'workspace-access', id: access.id, name: member.email }, 'created', [
    userRef(pl.owner, 'actor'),
    userRef(member, 'user'),
    resourceRef('workspace', wsId, 'workspace', workspace),
    resourceRef('workspace-role', access.workspaceRoleId, 'workspace-role', role),
  ]);
  plant(pl, 'direct-grant-bypass', access.id, `${member.email} has ${role} on ${workspace} granted directly, not through a team`);
}

/**
 * Plants one new problem during evolution (an admin's shortcut): a direct grant, a role bumped to
 * Admin, or a service account with a non-expiring key. Returns whether it planted one (it skips
 * when nobody fits).
 */
export function plantDuringEvolution(pl: Planter, at: number): boolean {
  const { ctx, rng } = pl;
  const kind = rng.pick(['direct-grant-bypass', 'role-escalation', 'key-without-expiry'] as const);
  const before = ctx.org.planted.length;
  try {
    if (kind === 'key-without-expiry') {
      const maker = takeMember(pl, ['prefect-data-eng']);
      const bot = createBot(ctx, rng, pl.nowMs, {
        name: rng.pick(['adhoc-backfill', 'quick-export', 'temp-sync']),
        createdMs: at,
        creator: maker,
        access: [{ workspace: 'prod', role: 'Runner' }],
        keyLifetimeDays: null,
        keyCreatedMs: at + 60_000,
      });
      plant(pl, 'key-without-expiry', bot.apiKeys[0]?.id ?? '', `service account ${bot.name}, made by ${maker.email}, has a key that never expires`);
    } else if (kind === 'role-escalation') {
      const m = takeMember(pl, ['prefect-data-eng', 'prefect-analytics', 'prefect-viewers']);
      setMemberRole(ctx, m, 'Admin', at, userRef(pl.owner, 'actor'));
      plant(pl, 'role-escalation', m.personId ?? '', `${m.email} was made Admin by hand; their groups map only to Member`);
    } else {
      const m = takeMember(pl, ['prefect-analytics', 'prefect-viewers', 'prefect-data-eng']);
      plantDirectGrant(pl, m, rng.pick(['prod', 'staging']), rng.pick(['Developer', 'Owner'] as const), at);
    }
  } catch {
    return false;
  }
  const added = ctx.org.planted[ctx.org.planted.length - 1];
  if (ctx.org.planted.length > before && added) {
    logChange(ctx, at, 'planted', added.subject, `${added.kind}: ${added.note}`);
    return true;
  }
  return false;
}

