import { idFor, type OrgModel, type OrgPerson, type PrefectApiKey, type PrefectBot, type PrefectMember, type PrefectModel, type PrefectTeam } from './org-model';
import type { Rng } from './rng';
import {
  ACCOUNT_ROLE_SPECS,
  BOT_KINDS,
  HAND_MADE_TEAM,
  PREFECT_GROUP_MAPPINGS,
  WORKSPACES,
  WORKSPACE_ROLE_SPECS,
  type AccountRoleName,
  type WorkspaceRoleName,
} from './org-layout';
import { groupIdFor } from './generate-people';
import { appendMember, refreshPending, type OrgIndex } from './org-index';
import { botRef, directoryActor, emitAudit, inAuditWindow, resourceRef, userRef, type RelatedRef } from './org-events';
import { addTeamMember, createMembership, mappedRoleName, type SyncContext } from './org-sync';
import { leaverSchedule, loginChance } from './org-schedule';
import { DAY_MS, isoDate, isoTime, startOfDayMs, timeOnDay } from './org-time';

/** When this account adopted Prefect (days before "now"): nobody's membership is older. */
export const PREFECT_ADOPTED_DAYS_AGO = 1000;

/** Prefect's account structure without any members: roles, workspaces, teams for the mapped groups. */
export function prefectSkeleton(seed: number, accountName: string): PrefectModel {
  const accountId = idFor('prefect', `account:${seed}`);
  const wsRoleId = (name: string): string => {
    const spec = WORKSPACE_ROLE_SPECS.find((r) => r.name === name);
    return idFor('prefect', spec?.custom ? `workspace-role:${accountId}:${name}` : `workspace-role:${name}`);
  };
  const wsId = (handle: string): string => idFor('prefect', `workspace:${accountId}:${handle}`);
  const teams: PrefectTeam[] = PREFECT_GROUP_MAPPINGS.map((m) => ({
    id: idFor('prefect', `team:${accountId}:${m.group}`),
    name: m.group,
    description: m.description,
    directoryGroupId: groupIdFor(m.group),
    memberActorIds: [],
    workspaces: m.workspaces.map((w) => ({ workspaceId: wsId(w.workspace), workspaceRoleId: wsRoleId(w.role) })),
  }));
  teams.push({
    id: idFor('prefect', `team:${accountId}:${HAND_MADE_TEAM.name}`),
    name: HAND_MADE_TEAM.name,
    description: HAND_MADE_TEAM.description,
    directoryGroupId: null,
    memberActorIds: [],
    workspaces: HAND_MADE_TEAM.workspaces.map((w) => ({ workspaceId: wsId(w.workspace), workspaceRoleId: wsRoleId(w.role) })),
  });
  return {
    accountId,
    accountName,
    auditLogRetentionDays: 180,
    accountRoles: ACCOUNT_ROLE_SPECS.map((r) => ({
      id: idFor('prefect', `account-role:${r.name}`),
      name: r.name,
      permissions: [...r.permissions],
      isSystemRole: true,
    })),
    workspaceRoles: WORKSPACE_ROLE_SPECS.map((r) => ({
      id: wsRoleId(r.name),
      name: r.name,
      scopes: [...r.scopes],
      inheritedRoleId: r.inherits ? wsRoleId(r.inherits) : null,
      accountId: r.custom ? accountId : null,
    })),
    workspaces: WORKSPACES.map((w) => ({
      id: wsId(w.handle),
      name: w.name,
      handle: w.handle,
      defaultWorkspaceRoleId: w.defaultRole ? wsRoleId(w.defaultRole) : null,
      isPublic: false,
    })),
    members: [],
    teams,
    userAccess: [],
    bots: [],
    botAccess: [],
    auditEvents: [],
  };
}

export function workspaceRoleId(idx: OrgIndex, name: WorkspaceRoleName): string {
  const r = idx.workspaceRoleByName.get(name);
  if (!r) throw new Error(`org model has no workspace role "${name}"`);
  return r.id;
}

export function workspaceId(idx: OrgIndex, handle: string): string {
  const w = idx.workspaceByHandle.get(handle);
  if (!w) throw new Error(`org model has no workspace "${handle}"`);
  return w.id;
}

/** A key as Prefect shows it once: pnb_ (bot) plus 36 base62 characters. */
export function apiKeySecret(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'pnb_';
  for (let i = 0; i < 36; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/** A business-hours time on the day `daysAgo` before now. */
export function pastTime(rng: Rng, nowMs: number, daysAgo: number): number {
  return timeOnDay(Math.floor(nowMs / DAY_MS) * DAY_MS - daysAgo * DAY_MS, rng.next());
}

/**
 * Replays each person's Prefect history through the directory sync: a membership for everyone in
 * a mapped group, created when they joined (at the earliest when the account adopted Prefect);
 * past leavers' memberships created and then deleted on their schedule, so the audit log holds
 * their revocation latency. Work is skipped for history that retention has already dropped.
 */
export function replayMemberships(ctx: SyncContext, rng: Rng, nowMs: number): void {
  const { org, idx } = ctx;
  const adoptedMs = Math.floor(nowMs / DAY_MS) * DAY_MS - PREFECT_ADOPTED_DAYS_AGO * DAY_MS;
  for (const person of org.people) {
    if (person.idpStatus === 'STAGED') continue;
    if (!person.groupIds.some((g) => idx.mappingByGroupId.has(g))) continue;
    const hireMs = startOfDayMs(person.hireDate);
    const createdMs =
      hireMs >= adoptedMs
        ? timeOnDay(hireMs + rng.int(0, 3) * DAY_MS, rng.next())
        : timeOnDay(adoptedMs + rng.int(0, 300) * DAY_MS, rng.next());
    const at = Math.min(createdMs, nowMs - 3_600_000);
    if (person.hrStatus !== 'terminated') {
      createMembership(ctx, person, at, { email: prefectAddress(rng, person) });
      continue;
    }
    const schedule = leaverSchedule(org, person);
    const removedMs = timeOnDay(startOfDayMs(schedule.prefectDay), rng.next(), 9, 17);
    if (at >= startOfDayMs(person.terminationDate ?? person.hireDate)) continue;
    if (removedMs >= nowMs) {
      createMembership(ctx, person, at, { email: prefectAddress(rng, person) });
      continue;
    }
    if (removedMs < ctx.sink.auditSince) continue;
    replayPastMembership(ctx, person, at, removedMs, prefectAddress(rng, person));
  }
}

/**
 * The audit trail of a membership that came and went before "now" (a past leaver's), without
 * touching the model's state: created with its team memberships, then deleted by the sync.
 */
function replayPastMembership(ctx: SyncContext, person: OrgPerson, createdMs: number, removedMs: number, email: string): void {
  const { org, idx, sink } = ctx;
  const member = {
    membershipId: idFor('prefect', `membership:${person.personId}:${createdMs}`),
    actorId: idFor('prefect', `actor:${person.personId}`),
    email,
  };
  const sync = directoryActor(org);
  const role = idx.accountRoleByName.get(mappedRoleName(idx, person) ?? 'Member');
  const teams = person.groupIds.map((g) => idx.teamByGroupId.get(g)).filter((t): t is PrefectTeam => !!t);
  const membership = { kind: 'account-membership', id: member.membershipId, name: email };
  emitAudit(sink, createdMs, membership, 'created', [sync, userRef(member, 'user'), resourceRef('account-role', role?.id ?? '', 'account-role', role?.name ?? null)]);
  for (const [when, action] of [[createdMs + 1000, 'created'], [removedMs, 'deleted']] as const) {
    if (!inAuditWindow(sink, when)) continue;
    for (const team of teams) {
      emitAudit(sink, when, { kind: 'team-membership', id: idFor('prefect', `team-membership:${team.id}:${member.actorId}`), name: team.name }, action, [
        sync,
        userRef(member, 'member'),
        resourceRef('team', team.id, 'team', team.name),
      ]);
    }
  }
  emitAudit(sink, removedMs + 1000, membership, 'deleted', [sync, userRef(member, 'user')]);
}

/** Mostly the primary address; sometimes an old alias (invited before a rename) or oddly cased. */
function prefectAddress(rng: Rng, person: OrgPerson): string {
  const alias = person.aliases[0];
  if (alias && rng.chance(0.3)) return alias;
  if (rng.chance(0.01)) return person.email.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/\.([a-z])/, (_, c: string) => `.${c.toUpperCase()}`);
  return person.email;
}

/**
 * Last-login times consistent with each person's habit (the same chances evolveOrg uses): the gap
 * since the last login is geometric in workdays. People on leave or gone stopped logging in.
 */
export function assignLastLogins(org: OrgModel, idx: OrgIndex, rng: Rng, nowMs: number): void {
  for (const m of org.prefect.members) {
    if (!m.personId) continue;
    const person = idx.personById.get(m.personId);
    if (!person) continue;
    const c = loginChance(org, person.personId);
    const gapWorkdays = Math.floor(Math.log(1 - rng.next()) / Math.log(1 - c));
    let days = 1 + Math.floor((gapWorkdays * 7) / 5);
    if (person.hrStatus === 'leave') days += rng.int(20, 90);
    let lastMs = timeOnDay(Math.floor(nowMs / DAY_MS) * DAY_MS - days * DAY_MS, rng.next());
    if (person.terminationDate) lastMs = Math.min(lastMs, timeOnDay(startOfDayMs(person.terminationDate) - rng.int(0, 3) * DAY_MS, rng.next(), 8, 12));
    m.lastLogin = lastMs > Date.parse(m.createdAt) ? isoTime(lastMs) : null;
  }
}

/** A member with no person behind them (break-glass, outside contractor). */
export function createExternalMember(
  ctx: SyncContext,
  spec: { key: string; email: string; firstName: string; lastName: string; role: AccountRoleName; at: number; actor: RelatedRef; lastLogin: string | null },
): PrefectMember {
  const { org, idx } = ctx;
  const role = idx.accountRoleByName.get(spec.role);
  if (!role) throw new Error(`org model has no account role "${spec.role}"`);
  const member: PrefectMember = {
    membershipId: idFor('prefect', `membership:${spec.key}`),
    actorId: idFor('prefect', `actor:${spec.key}`),
    userId: idFor('prefect', `user:${spec.key}`),
    personId: null,
    email: spec.email,
    handle: spec.email.split('@')[0]?.replace(/[^a-z0-9-]/gi, '-').toLowerCase() ?? spec.key,
    firstName: spec.firstName,
    lastName: spec.lastName,
    accountRoleId: role.id,
    active: true,
    lastLogin: spec.lastLogin,
    createdAt: isoTime(spec.at),
  };
  appendMember(org, idx, member);
  emitAudit(ctx.sink, spec.at, { kind: 'account-membership', id: member.membershipId, name: member.email }, 'created', [
    spec.actor,
    userRef(member, 'user'),
    resourceRef('account-role', role.id, 'account-role', role.name),
  ]);
  return member;
}

/** The hand-made team: a few data engineers on the incident rota, added by an admin. */
export function staffHandMadeTeam(ctx: SyncContext, rng: Rng, nowMs: number, admin: PrefectMember): void {
  const team = ctx.org.prefect.teams.find((t) => t.name === HAND_MADE_TEAM.name);
  if (!team) return;
  const dataEng = ctx.idx.groupByName.get('prefect-data-eng')?.groupId;
  const candidates = ctx.org.prefect.members.filter((m) => {
    const p = m.personId ? ctx.idx.personById.get(m.personId) : undefined;
    return p && p.hrStatus === 'active' && dataEng !== undefined && p.groupIds.includes(dataEng);
  });
  rng.shuffle(candidates);
  for (const m of candidates.slice(0, Math.min(candidates.length, rng.int(2, 5)))) {
    addTeamMember(ctx, team, m, Math.max(Date.parse(m.createdAt) + DAY_MS, pastTime(rng, nowMs, rng.int(5, 150))), userRef(admin, 'actor'));
  }
}

export interface NewBot {
  name: string;
  createdMs: number;
  creator: PrefectMember | null;
  access: { workspace: string; role: WorkspaceRoleName }[];
  /** Key lifetime in days, or null for a key that never expires. */
  keyLifetimeDays: number | null;
  /** When the current key was made (defaults to a recent rotation within its lifetime). */
  keyCreatedMs?: number;
}

/** Creates a service account with one active key and its workspace access, with the audit events. */
export function createBot(ctx: SyncContext, rng: Rng, nowMs: number, spec: NewBot): PrefectBot {
  const { org, idx } = ctx;
  let name = spec.name;
  for (let n = 2; org.prefect.bots.some((b) => b.name === name); n++) name = `${spec.name}-${n}`;
  const member = idx.accountRoleByName.get('Member');
  if (!member) throw new Error('org model has no account role "Member"');
  const bot: PrefectBot = {
    id: idFor('prefect', `bot:${org.prefect.accountId}:${name}`),
    actorId: idFor('prefect', `bot-actor:${org.prefect.accountId}:${name}`),
    name,
    accountRoleId: member.id,
    createdByActorId: spec.creator?.actorId ?? null,
    createdAt: isoTime(spec.createdMs),
    apiKeys: [],
  };
  org.prefect.bots.push(bot);
  idx.botById.set(bot.id, bot);
  const actor = spec.creator ? userRef(spec.creator, 'actor') : botRef(bot, 'actor');
  emitAudit(ctx.sink, spec.createdMs, { kind: 'service-account', id: bot.id, name }, 'created', [actor]);
  for (const a of spec.access) {
    const wsId = workspaceId(idx, a.workspace);
    const access = { id: idFor('prefect', `bot-access:${bot.id}:${wsId}`), workspaceId: wsId, botId: bot.id, workspaceRoleId: workspaceRoleId(idx, a.role) };
    org.prefect.botAccess.push(access);
    emitAudit(ctx.sink, spec.createdMs + 60_000, { kind: 'workspace-access', id: access.id, name }, 'created', [
      actor,
      botRef(bot, 'service-account'),
      resourceRef('workspace', wsId, 'workspace', a.workspace),
      resourceRef('workspace-role', access.workspaceRoleId, 'workspace-role', a.role),
    ]);
  }
  let keyMs = spec.keyCreatedMs ?? spec.createdMs;
  if (spec.keyCreatedMs === undefined && spec.keyLifetimeDays !== null) {
    const maxAge = Math.max(1, spec.keyLifetimeDays - 10);
    keyMs = Math.max(spec.createdMs + 120_000, pastTime(rng, nowMs, rng.int(1, maxAge)));
  }
  const key = newKey(rng, bot, keyMs, spec.keyLifetimeDays);
  bot.apiKeys.push(key);
  emitAudit(ctx.sink, keyMs, { kind: 'api-key', id: key.id, name: key.name }, keyMs > spec.createdMs + DAY_MS ? 'rotated' : 'created', [
    keyMs > spec.createdMs + DAY_MS ? botRef(bot, 'actor') : actor,
    botRef(bot, 'service-account'),
  ]);
  return bot;
}

export function newKey(rng: Rng, bot: PrefectBot, createdMs: number, lifetimeDays: number | null): PrefectApiKey {
  return {
    id: idFor('prefect', `api-key:${bot.id}:${createdMs}`),
    name: `${bot.name}-${isoDate(createdMs)}`,
    created: isoTime(createdMs),
    expiration: lifetimeDays === null ? null : isoTime(createdMs + lifetimeDays * DAY_MS),
    secret: apiKeySecret(rng),
  };
}

/** The ordinary service accounts (a few, more for larger organisations), made by admins and data engineers. */
export function createOrdinaryBots(ctx: SyncContext, rng: Rng, nowMs: number, people: number, fallback: PrefectMember): void {
  const count = Math.min(50, 5 + Math.floor(people / 2500));
  const makers = ctx.org.prefect.members.filter((m) => {
    const p = m.personId ? ctx.idx.personById.get(m.personId) : undefined;
    if (!p || p.hrStatus !== 'active') return false;
    const role = ctx.idx.accountRoleById.get(m.accountRoleId)?.name;
    return role === 'Admin' || p.department === 'Data Engineering' || p.department === 'Platform';
  });
  const since = makers.map((m) => Date.parse(m.createdAt));
  for (let i = 0; i < count; i++) {
    const kind = BOT_KINDS[i % BOT_KINDS.length];
    if (!kind) continue;
    const createdMs = pastTime(rng, nowMs, rng.int(30, 700));
    const eligible = makers.filter((_, j) => (since[j] ?? Infinity) < createdMs);
    const creator = eligible.length > 0 ? rng.pick(eligible) : fallback;
    createBot(ctx, rng, nowMs, {
      name: kind.name,
      createdMs: Math.max(createdMs, Date.parse(creator.createdAt) + 3_600_000),
      creator,
      access: kind.access,
      keyLifetimeDays: rng.pick([90, 180, 365]),
    });
  }
}

/** Sets each person's IdP status from their HR status and leaver schedule (pending deprovisions stay ACTIVE). */
export function assignIdpStatuses(org: OrgModel, rng: Rng, nowMs: number): void {
  const today = isoDate(nowMs);
  const yesterday = isoDate(nowMs - DAY_MS);
  for (const person of org.people) {
    if (person.hrStatus !== 'terminated') {
      person.idpStatus = person.hireDate >= yesterday ? 'STAGED' : 'ACTIVE';
      continue;
    }
    const { idpDay } = leaverSchedule(org, person);
    if (idpDay >= today) {
      person.idpStatus = 'ACTIVE';
    } else {
      person.idpStatus = rng.chance(0.15) ? 'SUSPENDED' : 'DEPROVISIONED';
      person.updatedAt = isoTime(timeOnDay(startOfDayMs(idpDay), rng.next()));
    }
  }
}

/** Refreshes pending work for everyone (after the generator changed people outside the sync helpers). */
export function refreshAllPending(org: OrgModel, idx: OrgIndex): void {
  for (const person of org.people) refreshPending(idx, person);
}
