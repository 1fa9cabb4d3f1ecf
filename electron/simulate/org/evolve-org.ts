import type { OrgModel, PrefectMember } from './org-model';
import type { Rng } from './rng';
import { getOrgIndex, hasPlanted, sortedIds, stampOrgIndex, type OrgIndex } from './org-index';
import { botRef, createEventSink, emitAudit, flushEvents, userRef } from './org-events';
import { createMembership, logChange } from './org-sync';
import { DEFAULT_SYNC_LAG, MAX_LOGIN_CHANCE, leaverSchedule, loginChance, type SyncLagDays } from './org-schedule';
import type { OrgChange } from './org-change';
import {
  activate,
  changeGroup,
  deprovision,
  endLeave,
  hire,
  later,
  move,
  removeLeaver,
  startLeave,
  terminate,
  type DayContext,
} from './churn-actions';
import { newKey } from './generate-prefect';
import { plantDuringEvolution, terminatePlannedLeavers } from './plant-problems';
import { DAY_MS, isWorkday, isoDate, isoTime, timeOnDay } from './org-time';

export interface EvolveOptions {
  /** Whole days to simulate (default 1). */
  days?: number;
  /** How late the IdP and the directory sync act on leavers (defaults: DEFAULT_SYNC_LAG). */
  syncLagDays?: Partial<SyncLagDays>;
  /** Multiplies the churn (hires, leavers, moves, leave, group changes); 1 is about 0.5% of the headcount a day. */
  churnRate?: number;
  /** Multiplies logins (0 turns them off, e.g. for storage benchmarks where last-login noise is unwanted). */
  loginRate?: number;
  /** Chance per workday that an admin plants a new problem (a direct grant, an escalation, a key without expiry). */
  plantRate?: number;
}

/**
 * Root events per person per workday, and the floors that keep small organisations moving.
 * Weekends run at WEEKEND_FACTOR of this. Group changes are attempts; about half change something.
 */
const RATES = { hire: 0.0008, termination: 0.0007, move: 0.0004, groupChange: 0.013, leaveStart: 0.00015 };
const FLOORS = { hire: 1 / 25, termination: 1 / 25, move: 1 / 40, groupChange: 2.5, leaveStart: 1 / 120 };
const WEEKEND_FACTOR = 0.15;
const MEAN_LEAVE_DAYS = 90;
/** Service-account keys are rotated this many days before they expire, and now and then at random. */
const ROTATE_BEFORE_DAYS = 14;
const RANDOM_ROTATION_CHANCE = 1 / 120;

/**
 * Moves the organisation forward one simulated day at a time, applying realistic churn: hires
 * (staged, activated the next day, synced into Prefect the same or next day), leavers
 * (deprovisioned and removed on a per-person schedule that is sometimes late), moves, group
 * changes, leave, logins, key rotations, and now and then a new planted problem. Returns what
 * happened, day by day.
 *
 * Deterministic: the same model and the same rng state give the same result (deep-equal), also
 * across a JSON round-trip. Cost per day is O(changes) (plus sorting the small pending sets);
 * the model's lookup tables live beside it (see org-index.ts).
 */
export function evolveOrg(org: OrgModel, rng: Rng, options: EvolveOptions = {}): OrgChange[] {
  const days = options.days ?? 1;
  if (!Number.isInteger(days) || days < 0) throw new Error(`evolveOrg: days must be a whole number >= 0 (got ${days})`);
  const lag: SyncLagDays = { ...DEFAULT_SYNC_LAG, ...options.syncLagDays };
  const changes: OrgChange[] = [];
  for (let d = 0; d < days; d++) {
    const idx = getOrgIndex(org);
    evolveOneDay(org, idx, rng, lag, options, changes);
  }
  return changes;
}

function evolveOneDay(org: OrgModel, idx: OrgIndex, rng: Rng, lag: SyncLagDays, options: EvolveOptions, changes: OrgChange[]): void {
  const dayStartMs = Date.parse(org.now);
  const dayEndMs = dayStartMs + DAY_MS;
  const today = isoDate(dayStartMs);
  const sink = createEventSink(org, dayEndMs, today);
  const day: DayContext = { org, idx, sink, changes, rng, lag, today, dayEndMs };
  const work = isWorkday(dayStartMs);
  const at = (from = 8, to = 18): number => Math.min(timeOnDay(dayStartMs, rng.next(), from, to), dayEndMs - 60_000);

  // Morning: the directory sync catches up on yesterday's eligible people, the IdP activates
  // yesterday's hires, then the leaver schedules fall due.
  for (const id of sortedIds(idx.pendingAdd)) {
    const person = idx.personById.get(id);
    if (person) createMembership(day, person, at(6, 8));
  }
  for (const id of sortedIds(idx.pendingActivation)) {
    const person = idx.personById.get(id);
    if (person && Date.parse(person.createdAt) < dayStartMs) activate(day, person, at(7, 9));
  }
  for (const id of sortedIds(idx.pendingDeprovision)) {
    const person = idx.personById.get(id);
    if (!person) continue;
    const schedule = leaverSchedule(org, person, lag, hasPlanted(idx, id, 'offboarding-deadline-missed'));
    if (schedule.idpDay > today) continue;
    const idpAt = at(9, 17);
    deprovision(day, person, idpAt);
    if (schedule.prefectDay <= today) removeLeaver(day, person, later(day, idpAt, rng.int(5, 90)));
  }
  for (const id of sortedIds(idx.pendingRemoval)) {
    const person = idx.personById.get(id);
    if (!person || idx.pendingDeprovision.has(id)) continue;
    const schedule = leaverSchedule(org, person, lag, hasPlanted(idx, id, 'offboarding-deadline-missed'));
    if (schedule.prefectDay <= today) removeLeaver(day, person, at(7, 12));
  }
  // A leaver planted ahead of time whose day it is (the demo's late removal).
  terminatePlannedLeavers(day, rng, today);

  // The day's decisions, in time order.
  const scale = (work ? 1 : WEEKEND_FACTOR) * (options.churnRate ?? 1);
  const headcount = idx.employed;
  const lambda = (k: keyof typeof RATES): number => Math.max(headcount * RATES[k], FLOORS[k]) * scale;
  const actions: { t: number; run: (t: number) => void }[] = [];
  const plan = (count: number, run: (t: number) => void): void => {
    for (let i = 0; i < count; i++) actions.push({ t: at(), run });
  };
  plan(rng.poisson(lambda('hire')), (t) => hire(day, t));
  plan(rng.poisson(lambda('termination')), (t) => terminate(day, t));
  plan(rng.poisson(lambda('move')), (t) => move(day, t));
  plan(rng.poisson(lambda('groupChange')), (t) => void changeGroup(day, t));
  plan(rng.poisson(lambda('leaveStart')), (t) => startLeave(day, t));
  const onLeave = sortedIds(idx.onLeave);
  plan(rng.poisson((onLeave.length / MEAN_LEAVE_DAYS) * (work ? 1 : WEEKEND_FACTOR)), (t) => endLeave(day, t, onLeave));
  actions.sort((a, b) => a.t - b.t);
  for (const a of actions) a.run(a.t);

  simulateLogins(day, work, options.loginRate ?? 1, at);
  maintainKeys(day, work, dayStartMs, at);
  if (work && rng.chance(options.plantRate ?? 1 / 45)) {
    const owner = findOwner(org, idx);
    if (owner) plantDuringEvolution({ ctx: day, rng, nowMs: dayEndMs, used: new Set(), owner, backfill: false }, at(10, 17));
  }

  flushEvents(org, sink, dayEndMs);
  org.now = isoTime(dayEndMs);
  org.version++;
  stampOrgIndex(org, idx);
}

/**
 * Logins on a workday (a few on weekends): members drawn uniformly and accepted with their own
 * habit's chance, O(logins). People on leave, leavers and the planted dormant admin never log in.
 */
function simulateLogins(day: DayContext, work: boolean, rate: number, at: (from?: number, to?: number) => number): void {
  const { org, idx, rng } = day;
  const members = org.prefect.members;
  if (members.length === 0 || rate <= 0) return;
  const draws = rng.poisson(members.length * MAX_LOGIN_CHANCE * rate * (work ? 1 : 0.1));
  let logins = 0;
  let last = '';
  for (let i = 0; i < draws; i++) {
    const m = members[rng.int(0, members.length - 1)] as PrefectMember;
    if (!m.active) continue;
    let chance = 0.03;
    if (m.personId) {
      const person = idx.personById.get(m.personId);
      if (!person || person.hrStatus !== 'active' || person.idpStatus !== 'ACTIVE' || hasPlanted(idx, m.personId, 'dormant-admin')) continue;
      chance = loginChance(org, m.personId);
    }
    if (!rng.chance(chance / MAX_LOGIN_CHANCE)) continue;
    const t = at(7, 19);
    const iso = isoTime(t);
    if (m.lastLogin !== null && m.lastLogin >= iso) continue;
    m.lastLogin = iso;
    logins++;
    last = m.email;
    emitAudit(day.sink, t, { kind: 'user', id: m.userId, name: m.email }, 'logged-in', [userRef(m, 'actor')]);
  }
  if (logins > 0) logChange(day, at(19, 20), 'logins', 'prefect', `${logins} logins (last: ${last})`);
}

/** Rotates service-account keys nearing expiry (and some at random); drops rotated keys once expired. */
function maintainKeys(day: DayContext, work: boolean, dayStartMs: number, at: (from?: number, to?: number) => number): void {
  const { org, idx, rng } = day;
  const now = isoTime(dayStartMs);
  for (const bot of org.prefect.bots) {
    const active = bot.apiKeys[bot.apiKeys.length - 1];
    for (const key of bot.apiKeys.filter((k) => k !== active && k.expiration !== null && k.expiration <= now)) {
      bot.apiKeys.splice(bot.apiKeys.indexOf(key), 1);
      logChange(day, dayStartMs, 'key-removed', key.id, `expired key ${key.name} of ${bot.name} removed`);
    }
    if (!active || idx.frozenBots.has(bot.id) || active.expiration === null) continue;
    const due = Date.parse(active.expiration) - dayStartMs < ROTATE_BEFORE_DAYS * DAY_MS;
    if (!due && !(work && rng.chance(RANDOM_ROTATION_CHANCE))) continue;
    const t = at(9, 17);
    const lifetimeDays = Math.max(1, Math.round((Date.parse(active.expiration) - Date.parse(active.created)) / DAY_MS));
    const key = newKey(rng, bot, t, lifetimeDays);
    const oldEnds = isoTime(t + DAY_MS);
    if (active.expiration > oldEnds) active.expiration = oldEnds;
    bot.apiKeys.push(key);
    emitAudit(day.sink, t, { kind: 'api-key', id: key.id, name: key.name }, 'rotated', [botRef(bot, 'actor'), botRef(bot, 'service-account')]);
    logChange(day, t, 'key-rotated', key.id, `${bot.name}: new key ${key.name}, old key ends ${oldEnds}`);
  }
}

/** The person who owns the account (an Owner with a person behind them), else any admin: planted shortcuts are theirs. */
function findOwner(org: OrgModel, idx: OrgIndex): PrefectMember | null {
  const ownerRole = idx.accountRoleByName.get('Owner')?.id;
  const adminRole = idx.accountRoleByName.get('Admin')?.id;
  let admin: PrefectMember | null = null;
  for (const m of org.prefect.members) {
    if (!m.personId || !m.active) continue;
    if (m.accountRoleId === ownerRole) return m;
    if (!admin && m.accountRoleId === adminRole) admin = m;
  }
  return admin;
}
