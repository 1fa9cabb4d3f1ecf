import { idFor, type OrgModel, type OrgPerson, type PrefectMember, type PrefectTeam } from './org-model';
import { type OrgIndex, appendMember, isPrefectGroup, refreshPending, removeMemberRecord, swapRemove, teamPositions } from './org-index';
import {
  directoryActor,
  emitAudit,
  emitIdp,
  inAuditWindow,
  resourceRef,
  userRef,
  type EventSink,
  type RelatedRef,
} from './org-events';
import type { AccountRoleName } from './org-layout';
import type { OrgChange, OrgChangeKind } from './org-change';
import { isoDate, isoTime } from './org-time';

/**
 * What the IdP and the directory sync do to the model: group membership changes and the
 * Prefect memberships, team memberships and roles that follow from them. Shared by the
 * generator (which replays history through it) and by evolveOrg, so both leave the same traces
 * (events, timestamps) and the index stays in step.
 */
export interface SyncContext {
  org: OrgModel;
  idx: OrgIndex;
  sink: EventSink;
  /** Where evolveOrg collects its change log; absent during generation. */
  changes: OrgChange[] | null;
}

export function logChange(
  ctx: SyncContext,
  at: number,
  kind: OrgChangeKind,
  subject: string,
  detail: string,
  lagDays?: number,
): void {
  if (!ctx.changes) return;
  const change: OrgChange = { day: isoDate(at), kind, subject, detail };
  if (lagDays !== undefined) change.lagDays = lagDays;
  ctx.changes.push(change);
  ctx.org.version++;
}

const ROLE_RANK: Record<AccountRoleName, number> = { Collaborator: 0, Member: 1, Admin: 2, Owner: 3 };

/** The account role the directory mapping grants a person (highest over their mapped groups), or null if none. */
export function mappedRoleName(idx: OrgIndex, person: OrgPerson): AccountRoleName | null {
  let best: AccountRoleName | null = null;
  for (const g of person.groupIds) {
    const m = idx.mappingByGroupId.get(g);
    if (m && (best === null || ROLE_RANK[m.accountRole] > ROLE_RANK[best])) best = m.accountRole;
  }
  return best;
}

function roleId(idx: OrgIndex, name: string): string {
  const role = idx.accountRoleByName.get(name);
  if (!role) throw new Error(`org model has no account role "${name}"`);
  return role.id;
}

/** A Prefect handle from an email: local part with dots as dashes, made unique. */
export function uniqueHandle(idx: OrgIndex, email: string): string {
  const base = (email.split('@')[0] ?? 'user').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  let handle = base;
  for (let n = 2; idx.handles.has(handle); n++) handle = `${base}-${n}`;
  return handle;
}

export interface NewMembership {
  /** The address Prefect holds: usually the primary email; sometimes an alias or differently cased. */
  email?: string;
  roleName?: AccountRoleName;
  actor?: RelatedRef;
  lastLogin?: string | null;
}

/**
 * Creates a person's Prefect membership (as the directory sync would, unless another actor is
 * given) with team memberships for each mapped group they are in.
 */
export function createMembership(ctx: SyncContext, person: OrgPerson, at: number, opts: NewMembership = {}): PrefectMember {
  const { org, idx } = ctx;
  const existing = idx.memberByPersonId.get(person.personId);
  if (existing) return existing;
  const email = opts.email ?? person.email;
  const member: PrefectMember = {
    membershipId: idFor('prefect', `membership:${person.personId}:${at}`),
    actorId: idFor('prefect', `actor:${person.personId}`),
    userId: idFor('prefect', `user:${person.personId}`),
    personId: person.personId,
    email,
    handle: uniqueHandle(idx, email),
    firstName: person.givenName,
    lastName: person.familyName,
    accountRoleId: roleId(idx, opts.roleName ?? mappedRoleName(idx, person) ?? 'Member'),
    active: true,
    lastLogin: opts.lastLogin ?? null,
    createdAt: isoTime(at),
  };
  appendMember(org, idx, member);
  const actor = opts.actor ?? directoryActor(org);
  if (inAuditWindow(ctx.sink, at)) {
    emitAudit(ctx.sink, at, { kind: 'account-membership', id: member.membershipId, name: email }, 'created', [
      actor,
      userRef(member, 'user'),
      resourceRef('account-role', member.accountRoleId, 'account-role', idx.accountRoleById.get(member.accountRoleId)?.name ?? null),
    ]);
  }
  for (const g of person.groupIds) {
    const team = idx.teamByGroupId.get(g);
    if (team) addTeamMember(ctx, team, member, at + 1000, actor);
  }
  refreshPending(idx, person);
  logChange(ctx, at, 'prefect-added', person.personId, `${email} joined Prefect as ${idx.accountRoleById.get(member.accountRoleId)?.name}`);
  return member;
}

/**
 * Deletes a membership (as the directory sync or an admin would): Prefect also drops the actor's
 * team memberships and direct workspace grants.
 */
export function deleteMembership(
  ctx: SyncContext,
  member: PrefectMember,
  at: number,
  why: string,
  actor: RelatedRef = directoryActor(ctx.org),
  lagDays?: number,
): void {
  const { org, idx } = ctx;
  const p = org.prefect;
  for (const team of p.teams) {
    if (teamPositions(idx, team).has(member.actorId)) removeTeamMember(ctx, team, member, at, actor);
  }
  const grants = p.userAccess.filter((a) => a.actorId === member.actorId);
  if (grants.length > 0) {
    p.userAccess = p.userAccess.filter((a) => a.actorId !== member.actorId);
    for (const a of grants) {
      emitAudit(ctx.sink, at, { kind: 'workspace-access', id: a.id, name: member.email }, 'deleted', [actor, userRef(member, 'user')]);
    }
  }
  removeMemberRecord(org, idx, member);
  emitAudit(ctx.sink, at + 1000, { kind: 'account-membership', id: member.membershipId, name: member.email }, 'deleted', [
    actor,
    userRef(member, 'user'),
  ]);
  const person = member.personId ? idx.personById.get(member.personId) : undefined;
  if (person) refreshPending(idx, person);
  logChange(ctx, at, 'prefect-removed', member.personId ?? member.membershipId, `${member.email} removed from Prefect (${why})`, lagDays);
}

export function addTeamMember(ctx: SyncContext, team: PrefectTeam, member: PrefectMember, at: number, actor: RelatedRef): void {
  const pos = teamPositions(ctx.idx, team);
  if (pos.has(member.actorId)) return;
  pos.set(member.actorId, team.memberActorIds.length);
  team.memberActorIds.push(member.actorId);
  if (!inAuditWindow(ctx.sink, at)) return;
  emitAudit(ctx.sink, at, { kind: 'team-membership', id: idFor('prefect', `team-membership:${team.id}:${member.actorId}`), name: team.name }, 'created', [
    actor,
    userRef(member, 'member'),
    resourceRef('team', team.id, 'team', team.name),
  ]);
}

export function removeTeamMember(ctx: SyncContext, team: PrefectTeam, member: PrefectMember, at: number, actor: RelatedRef): void {
  if (!swapRemove(team.memberActorIds, teamPositions(ctx.idx, team), member.actorId, (id) => id)) return;
  if (!inAuditWindow(ctx.sink, at)) return;
  emitAudit(ctx.sink, at, { kind: 'team-membership', id: idFor('prefect', `team-membership:${team.id}:${member.actorId}`), name: team.name }, 'deleted', [
    actor,
    userRef(member, 'member'),
    resourceRef('team', team.id, 'team', team.name),
  ]);
}

/** Sets a member's account role, with the audit event an admin's (or the sync's) change leaves. */
export function setMemberRole(ctx: SyncContext, member: PrefectMember, roleName: AccountRoleName, at: number, actor: RelatedRef): void {
  const id = roleId(ctx.idx, roleName);
  if (member.accountRoleId === id) return;
  const before = ctx.idx.accountRoleById.get(member.accountRoleId)?.name ?? '?';
  member.accountRoleId = id;
  emitAudit(ctx.sink, at, { kind: 'account-membership', id: member.membershipId, name: member.email }, 'updated', [
    actor,
    userRef(member, 'user'),
    resourceRef('account-role', id, 'account-role', roleName),
  ]);
  logChange(ctx, at, 'role-changed', member.personId ?? member.membershipId, `${member.email}: ${before} -> ${roleName}`);
}

/**
 * Adds a person to an IdP group; if it is a mapped group and they are in Prefect, the sync adds
 * them to the team and re-derives their role. Returns true when they now need a membership.
 */
export function addToGroup(ctx: SyncContext, person: OrgPerson, groupId: string, at: number, adminId: string | null): boolean {
  const { idx } = ctx;
  if (person.groupIds.includes(groupId)) return false;
  const wasMapped = person.groupIds.some((g) => isPrefectGroup(idx, g));
  person.groupIds.push(groupId);
  touch(ctx, person, groupId, at);
  idx.groupMembers?.get(groupId)?.add(person.personId);
  emitIdp(ctx.sink, at, 'group.user_membership.add', person.personId, groupId, adminId);
  logChange(ctx, at, 'group-added', person.personId, `${person.email} added to ${idx.groupById.get(groupId)?.name ?? groupId}`);
  if (!isPrefectGroup(idx, groupId)) return false;
  if (!wasMapped) emitIdp(ctx.sink, at + 2000, 'application.user_membership.add', person.personId, null, null);
  const member = idx.memberByPersonId.get(person.personId);
  refreshPending(idx, person);
  if (!member) return idx.pendingAdd.has(person.personId);
  const team = idx.teamByGroupId.get(groupId);
  const sync = directoryActor(ctx.org);
  if (team) addTeamMember(ctx, team, member, at + 60_000, sync);
  followMapping(ctx, person, member, at + 61_000);
  return false;
}

/**
 * Removes a person from an IdP group; the sync follows: out of the team, role re-derived, or the
 * membership deleted when no mapped group is left (the app assignment is gone).
 */
export function removeFromGroup(ctx: SyncContext, person: OrgPerson, groupId: string, at: number, adminId: string | null): void {
  const { idx } = ctx;
  const i = person.groupIds.indexOf(groupId);
  if (i < 0) return;
  person.groupIds.splice(i, 1);
  touch(ctx, person, groupId, at);
  idx.groupMembers?.get(groupId)?.delete(person.personId);
  emitIdp(ctx.sink, at, 'group.user_membership.remove', person.personId, groupId, adminId);
  logChange(ctx, at, 'group-removed', person.personId, `${person.email} removed from ${idx.groupById.get(groupId)?.name ?? groupId}`);
  if (!isPrefectGroup(idx, groupId)) return;
  const stillMapped = person.groupIds.some((g) => isPrefectGroup(idx, g));
  if (!stillMapped) emitIdp(ctx.sink, at + 2000, 'application.user_membership.remove', person.personId, null, null);
  const member = idx.memberByPersonId.get(person.personId);
  refreshPending(idx, person);
  if (!member) return;
  const sync = directoryActor(ctx.org);
  if (!stillMapped) {
    deleteMembership(ctx, member, at + 60_000, 'no longer in a mapped group', sync);
    return;
  }
  const team = idx.teamByGroupId.get(groupId);
  if (team) removeTeamMember(ctx, team, member, at + 60_000, sync);
  followMapping(ctx, person, member, at + 61_000);
}

/** The sync re-derives the account role from the mapped groups (planted role problems are left alone). */
function followMapping(ctx: SyncContext, person: OrgPerson, member: PrefectMember, at: number): void {
  if (ctx.idx.frozenPeople.has(person.personId)) return;
  const role = mappedRoleName(ctx.idx, person);
  if (role) setMemberRole(ctx, member, role, at, directoryActor(ctx.org));
}

function touch(ctx: SyncContext, person: OrgPerson, groupId: string, at: number): void {
  const iso = isoTime(at);
  if (iso > person.updatedAt) person.updatedAt = iso;
  const g = ctx.idx.groupById.get(groupId);
  if (g && iso > g.updatedAt) g.updatedAt = iso;
}
