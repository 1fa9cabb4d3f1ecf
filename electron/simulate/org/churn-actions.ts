import type { OrgPerson } from './org-model';
import type { Rng } from './rng';
import { COMPANIES } from './org-names';
import { COMMON_APPS, DEPARTMENTS, type DepartmentSpec } from './org-layout';
import { EmailAllocator, baseGroups, departmentByName, deptGroupName, groupIdFor, makePerson } from './generate-people';
import { refreshPending } from './org-index';
import { emitIdp } from './org-events';
import { addToGroup, createMembership, deleteMembership, logChange, removeFromGroup, type SyncContext } from './org-sync';
import { addsSameDay, leaverSchedule, type SyncLagDays } from './org-schedule';
import { hasPlanted } from './org-index';
import { daysBetween, isoDate, isoTime } from './org-time';

/**
 * The root events of a simulated day (what HR, managers and admins decide) and their immediate
 * consequences in the IdP and, through the directory sync, in Prefect. Each takes the time it
 * happens at; evolveOrg decides how many of each happen and when.
 */
export interface DayContext extends SyncContext {
  rng: Rng;
  lag: SyncLagDays;
  today: string;
  /** End of the simulated day (exclusive): nothing may happen at or after it. */
  dayEndMs: number;
}

/** A time `minutes` after `at`, kept inside the simulated day. */
export function later(day: DayContext, at: number, minutes: number): number {
  return Math.min(at + Math.round(minutes * 60_000), day.dayEndMs - 60_000);
}

/** Someone who is working and not a planted subject, picked uniformly (by rejection, O(1) expected). */
export function pickWorking(day: DayContext, ok: (p: OrgPerson) => boolean = () => true): OrgPerson | null {
  const people = day.org.people;
  for (let i = 0; i < 64; i++) {
    const p = people[day.rng.int(0, people.length - 1)];
    if (p && p.hrStatus === 'active' && p.idpStatus === 'ACTIVE' && !day.idx.frozenPeople.has(p.personId) && ok(p)) return p;
  }
  return null;
}

function companyDomain(day: DayContext): string {
  const known = COMPANIES.find((c) => c.name === day.org.prefect.accountName)?.domain;
  return known ?? day.org.people[0]?.email.split('@')[1] ?? 'example.com';
}

/** A membership for someone who just became eligible: the sync adds half the same day, half the next morning. */
function maybeAddNow(day: DayContext, person: OrgPerson, at: number): void {
  if (!day.idx.pendingAdd.has(person.personId)) return;
  if (addsSameDay(day.org, person.personId, day.today)) createMembership(day, person, later(day, at, day.rng.int(10, 120)));
}

/** HR hires someone: staged in the IdP today with the groups their department's rules give, activated tomorrow. */
export function hire(day: DayContext, at: number): void {
  const { org, idx, rng } = day;
  const department = rng.weighted(DEPARTMENTS.map((d) => [d, d.weight] as const));
  const fresh: string[] = [];
  const emails = new EmailAllocator(companyDomain(day), { has: (a) => idx.personByEmail.has(a) || fresh.includes(a) });
  const person = makePerson(rng, emails, (a) => fresh.push(a), { index: org.people.length, department, hireDate: day.today, createdAtMs: at });
  const groups = person.groupIds;
  person.groupIds = [];
  person.idpStatus = 'STAGED';
  org.people.push(person);
  idx.personById.set(person.personId, person);
  for (const a of fresh) idx.personByEmail.set(a, person);
  idx.employed++;
  emitIdp(day.sink, at, 'user.lifecycle.create', person.personId);
  logChange(day, at, 'hire', person.personId, `${person.email} hired into ${department.name}`);
  groups.forEach((g, i) => addToGroup(day, person, g, at + (i + 1) * 60_000, null));
  refreshPending(idx, person);
}

/** The IdP activates a staged account (the morning after the hire). */
export function activate(day: DayContext, person: OrgPerson, at: number): void {
  person.idpStatus = 'ACTIVE';
  person.updatedAt = isoTime(at);
  emitIdp(day.sink, at, 'user.lifecycle.activate', person.personId);
  logChange(day, at, 'idp-activated', person.personId, `${person.email} activated in the IdP`);
  refreshPending(day.idx, person);
  maybeAddNow(day, person, at);
}

/** HR terminates someone today; the IdP and the sync follow on the leaver's schedule (maybe today). */
export function terminate(day: DayContext, at: number): void {
  const person = pickWorking(day) ?? null;
  if (!person) return;
  person.hrStatus = 'terminated';
  person.terminationDate = day.today;
  day.idx.employed--;
  logChange(day, at, 'termination', person.personId, `${person.email} left (HR termination ${day.today})`);
  refreshPending(day.idx, person);
  const schedule = leaverSchedule(day.org, person, day.lag);
  if (schedule.idpDay !== day.today) return;
  const idpAt = later(day, at, day.rng.int(0, 180));
  deprovision(day, person, idpAt);
  if (schedule.prefectDay === day.today) removeLeaver(day, person, later(day, idpAt, day.rng.int(5, 90)));
}

/** The IdP deprovisions a leaver's account. */
export function deprovision(day: DayContext, person: OrgPerson, at: number): void {
  person.idpStatus = 'DEPROVISIONED';
  person.updatedAt = isoTime(at);
  emitIdp(day.sink, at, 'user.lifecycle.deactivate', person.personId);
  const lag = person.terminationDate ? daysBetween(person.terminationDate, isoDate(at)) : undefined;
  logChange(day, at, 'idp-deprovisioned', person.personId, `${person.email} deprovisioned in the IdP`, lag);
  refreshPending(day.idx, person);
}

/** The directory sync deletes a leaver's Prefect membership (the provider deletes inactive users). */
export function removeLeaver(day: DayContext, person: OrgPerson, at: number): void {
  const member = day.idx.memberByPersonId.get(person.personId);
  if (!member || hasPlanted(day.idx, person.personId, 'leaver-still-active')) return;
  const lag = person.terminationDate ? daysBetween(person.terminationDate, isoDate(at)) : undefined;
  deleteMembership(day, member, at, 'user deactivated in the directory', undefined, lag);
}

/** Someone changes department: new department group and Prefect groups first, then the old ones go. */
export function move(day: DayContext, at: number): void {
  const { rng, idx } = day;
  const person = pickWorking(day);
  if (!person) return;
  const from = departmentByName(person.department);
  const to = rng.weighted(DEPARTMENTS.filter((d) => d !== from).map((d) => [d, d.weight] as const));
  person.department = to.name;
  logChange(day, at, 'move', person.personId, `${person.email} moved from ${from.name} to ${to.name}`);
  let t = at;
  const step = (): number => (t = later(day, t, 1));
  const keep = new Set([...Object.keys(to.prefect), ...Object.keys(to.apps), ...Object.keys(COMMON_APPS)].map(groupIdFor));
  addToGroup(day, person, groupIdFor(deptGroupName(to)), step(), null);
  for (const g of baseGroups(rng, to).filter((g) => keep.has(g) && !person.groupIds.includes(g))) {
    if (idx.mappingByGroupId.has(g) || rng.chance(0.7)) addToGroup(day, person, g, step(), null);
  }
  removeFromGroup(day, person, groupIdFor(deptGroupName(from)), step(), null);
  for (const g of [...person.groupIds]) {
    const name = idx.groupById.get(g)?.name ?? '';
    const droppable = idx.mappingByGroupId.has(g)
      ? name !== 'prefect-owners' && (name !== 'prefect-admins' || !isTechnical(to))
      : from.apps[name] !== undefined;
    if (droppable && !keep.has(g)) removeFromGroup(day, person, g, step(), null);
  }
  maybeAddNow(day, person, t);
}

function isTechnical(d: DepartmentSpec): boolean {
  return d.slug === 'platform' || d.slug === 'data-engineering';
}

/**
 * An access request or clean-up: someone joins or leaves one of their department's app or Prefect
 * groups, with add/remove odds that keep each group near its usual share of the department.
 * Returns whether anything changed.
 */
export function changeGroup(day: DayContext, at: number): boolean {
  const { rng } = day;
  const person = pickWorking(day);
  if (!person) return false;
  const dept = departmentByName(person.department);
  const prefect = Object.entries(dept.prefect);
  const apps = [...Object.entries(COMMON_APPS), ...Object.entries(dept.apps)];
  const pool = prefect.length > 0 && rng.chance(0.45) ? prefect : apps;
  if (pool.length === 0) return false;
  const [name, share] = rng.pick(pool);
  const g = groupIdFor(name);
  const member = person.groupIds.includes(g);
  const act = member ? rng.chance(Math.min(1, (1 - share) / share)) : rng.chance(Math.min(1, share / (1 - share)));
  if (!act) return false;
  logChange(day, at, 'group-change', person.personId, `${member ? 'removal from' : 'request for'} ${name}`);
  if (member) removeFromGroup(day, person, g, later(day, at, 1), null);
  else if (addToGroup(day, person, g, later(day, at, 1), null)) maybeAddNow(day, person, later(day, at, 2));
  return true;
}

/** Someone goes on leave: HR status only; they stop logging in, access stays. */
export function startLeave(day: DayContext, at: number): void {
  const person = pickWorking(day);
  if (!person) return;
  person.hrStatus = 'leave';
  refreshPending(day.idx, person);
  logChange(day, at, 'leave-started', person.personId, `${person.email} went on leave`);
}

/** Someone on leave comes back. */
export function endLeave(day: DayContext, at: number, onLeave: string[]): void {
  if (onLeave.length === 0) return;
  const id = day.rng.pick(onLeave);
  const person = day.idx.personById.get(id);
  if (!person || person.hrStatus !== 'leave' || day.idx.frozenPeople.has(id)) return;
  person.hrStatus = 'active';
  refreshPending(day.idx, person);
  logChange(day, at, 'leave-ended', person.personId, `${person.email} returned from leave`);
}
