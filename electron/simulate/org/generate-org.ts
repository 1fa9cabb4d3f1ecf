import type { OrgModel, OrgPerson, PrefectMember } from './org-model';
import { createRng, type Rng } from './rng';
import { COMPANIES } from './org-names';
import { DEPARTMENTS } from './org-layout';
import { EmailAllocator, buildGroups, generatePeople, groupIdFor } from './generate-people';
import {
  PREFECT_ADOPTED_DAYS_AGO,
  assignIdpStatuses,
  assignLastLogins,
  createExternalMember,
  createOrdinaryBots,
  pastTime,
  prefectSkeleton,
  replayMemberships,
  staffHandMadeTeam,
} from './generate-prefect';
import { buildOrgIndex, stampOrgIndex } from './org-index';
import { createEventSink, emitIdp, flushEvents, userRef } from './org-events';
import { lateLeaverDay, plantInitialProblems } from './plant-problems';
import type { SyncContext } from './org-sync';
import { DAY_MS, isoTime, startOfDayMs, timeOnDay } from './org-time';

export interface GenerateOrgOptions {
  seed: number;
  /** Head count of the HR roster, leavers included (at least MIN_PEOPLE). */
  people: number;
  /** The simulated "now": an ISO date (its midnight UTC) or time. */
  start: string;
  /**
   * How many days will be collected, once a day from `start` on (the demo): the planted late
   * removal is then timed so that its finding is open on the last of them (see lateLeaverDay).
   * Without it the late leaver leaves the day before `start`.
   */
  days?: number;
}

/** Fewer people cannot hold every planted problem with distinct subjects. */
export const MIN_PEOPLE = 20;

/**
 * Builds the one organisation all simulators serve, from a seed: HR roster, IdP groups, Prefect
 * account (roles, workspaces, directory-synced teams, members, service accounts and keys), recent
 * IdP and audit history, and the planted problems (see planted-kinds.ts). Same options, same
 * organisation (deep-equal), on any machine.
 *
 * Everything happened before `start`: the last whole day simulated is the day before it, and
 * evolveOrg continues from `start`.
 */
export function generateOrg(options: GenerateOrgOptions): OrgModel {
  const { seed, people: count, start } = options;
  if (options.days !== undefined && (!Number.isInteger(options.days) || options.days < 1)) throw new Error(`generateOrg: days must be a whole number >= 1 (got ${options.days})`);
  if (!Number.isFinite(seed)) throw new Error(`generateOrg: seed must be a finite number (got ${seed})`);
  if (!Number.isInteger(count) || count < MIN_PEOPLE) {
    throw new Error(`generateOrg: people must be an integer of at least ${MIN_PEOPLE} (got ${count}) so every planted problem has a subject`);
  }
  const nowMs = startOfDayMs(start);
  const rng = createRng(seed);
  const company = rng.pick(COMPANIES);

  const taken = new Set<string>();
  const emails = new EmailAllocator(company.domain, taken);
  const people = generatePeople(rng.fork('people'), count, nowMs, emails, (a) => taken.add(a));
  const org: OrgModel = {
    seed,
    now: isoTime(nowMs),
    version: 0,
    people,
    groups: buildGroups(isoTime(nowMs - 2000 * DAY_MS)),
    prefect: prefectSkeleton(seed, company.name),
    idpEvents: [],
    planted: [],
  };
  const ownerId = assignAdmins(org, rng.fork('admins'));
  assignIdpStatuses(org, rng.fork('idp'), nowMs);

  const idx = buildOrgIndex(org);
  const sink = createEventSink(org, nowMs, 'gen');
  const ctx: SyncContext = { org, idx, sink, changes: null };
  replayIdpHistory(ctx, rng.fork('idp-history'));
  replayMemberships(ctx, rng.fork('members'), nowMs);
  assignLastLogins(org, idx, rng.fork('logins'), nowMs);

  const owner = idx.memberByPersonId.get(ownerId);
  if (!owner) throw new Error('generateOrg: the Prefect owner did not get a membership');
  const extra = rng.fork('extras');
  createBreakGlass(ctx, extra, nowMs, owner, company.domain);
  staffHandMadeTeam(ctx, extra, nowMs, owner);
  createOrdinaryBots(ctx, extra, nowMs, count, owner);
  plantInitialProblems({ ctx, rng: rng.fork('planted'), nowMs, used: new Set([ownerId]), owner, backfill: true, lateLeaverDay: lateLeaverDay(seed, options.days) });

  flushEvents(org, sink, nowMs);
  idx.employed = org.people.filter((p) => p.hrStatus !== 'terminated').length;
  org.version = 1;
  stampOrgIndex(org, idx);
  return org;
}

/**
 * One Owner (the longest-serving working Platform or Data Engineering person) in prefect-owners,
 * and a handful of admins from the same departments in prefect-admins. Returns the owner's id.
 */
function assignAdmins(org: OrgModel, rng: Rng): string {
  const technical = new Set(DEPARTMENTS.filter((d) => d.slug === 'platform' || d.slug === 'data-engineering').map((d) => d.name));
  const pool = org.people.filter((p) => p.hrStatus === 'active' && technical.has(p.department));
  if (pool.length < 2) throw new Error('generateOrg: too few Platform and Data Engineering people for the Prefect admins');
  pool.sort((a, b) => (a.hireDate < b.hireDate ? -1 : a.hireDate > b.hireDate ? 1 : a.personId < b.personId ? -1 : 1));
  const owner = pool[0] as OrgPerson;
  owner.groupIds.push(groupIdFor('prefect-owners'));
  const rest = rng.shuffle(pool.slice(1));
  const admins = Math.min(rest.length, Math.max(4, Math.min(40, Math.round(org.people.length * 0.002))));
  for (const p of rest.slice(0, admins)) p.groupIds.push(groupIdFor('prefect-admins'));
  return owner.personId;
}

/** The IdP's recent history (inside Okta's 90 days): creations, activations, group adds, deactivations. */
function replayIdpHistory(ctx: SyncContext, rng: Rng): void {
  for (const person of ctx.org.people) {
    const createdMs = Date.parse(person.createdAt);
    if (createdMs >= ctx.sink.idpSince) {
      emitIdp(ctx.sink, createdMs, 'user.lifecycle.create', person.personId);
      person.groupIds.forEach((g, i) => emitIdp(ctx.sink, createdMs + (i + 1) * 60_000, 'group.user_membership.add', person.personId, g));
      if (person.groupIds.some((g) => ctx.idx.mappingByGroupId.has(g))) {
        emitIdp(ctx.sink, createdMs + 30 * 60_000, 'application.user_membership.add', person.personId);
      }
      if (person.idpStatus !== 'STAGED') {
        emitIdp(ctx.sink, timeOnDay(startOfDayMs(person.hireDate), rng.next(), 7, 9), 'user.lifecycle.activate', person.personId);
      }
    }
    if (person.idpStatus === 'DEPROVISIONED' || person.idpStatus === 'SUSPENDED') {
      const at = Date.parse(person.updatedAt);
      emitIdp(ctx.sink, at, person.idpStatus === 'SUSPENDED' ? 'user.lifecycle.suspend' : 'user.lifecycle.deactivate', person.personId);
    }
  }
}

/** A break-glass Owner account nobody is behind: the policy should list it, not flag it. */
function createBreakGlass(ctx: SyncContext, rng: Rng, nowMs: number, owner: PrefectMember, domain: string): void {
  createExternalMember(ctx, {
    key: `breakglass:${ctx.org.seed}`,
    email: `prefect-breakglass@${domain}`,
    firstName: 'Break',
    lastName: 'Glass',
    role: 'Owner',
    at: pastTime(rng, nowMs, PREFECT_ADOPTED_DAYS_AGO - rng.int(1, 30)),
    actor: userRef(owner, 'actor'),
    lastLogin: isoTime(pastTime(rng, nowMs, rng.int(3, 40))),
  });
}


