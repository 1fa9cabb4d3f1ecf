import { idFor, type OrgModel, type PrefectApiKey, type PrefectBot, type PrefectMember, type PrefectModel, type PrefectTeam } from '../org/org-model';
import type { Json } from './prefect-filter';

/** Lookups by id, rebuilt only when the organisation changes, so a page renders in O(page). */
export interface PrefectIndex {
  memberByActor: Map<string, PrefectMember>;
  botByActor: Map<string, PrefectBot>;
  botById: Map<string, PrefectBot>;
  userAccessByWorkspace: Map<string, PrefectModel['userAccess']>;
  botAccessByWorkspace: Map<string, PrefectModel['botAccess']>;
}

const indexCache = new WeakMap<OrgModel, { key: unknown[]; index: PrefectIndex }>();

function groupBy<T>(items: T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function indexFor(org: OrgModel): PrefectIndex {
  const p = org.prefect;
  // Identity and length of each array as well as the version: a change that forgot to bump it still shows.
  const key = [org.version, p.members, p.members.length, p.bots, p.bots.length, p.userAccess, p.userAccess.length, p.botAccess, p.botAccess.length];
  const cached = indexCache.get(org);
  if (cached && cached.key.every((k, i) => k === key[i])) return cached.index;
  const index: PrefectIndex = {
    memberByActor: new Map(p.members.map((m) => [m.actorId, m])),
    botByActor: new Map(p.bots.map((b) => [b.actorId, b])),
    botById: new Map(p.bots.map((b) => [b.id, b])),
    userAccessByWorkspace: groupBy(p.userAccess, (a) => a.workspaceId),
    botAccessByWorkspace: groupBy(p.botAccess, (a) => a.workspaceId),
  };
  indexCache.set(org, { key, index });
  return index;
}

/** Something that pages like an array without being one (two arrays read as one). */
export interface Sliceable<T> {
  length: number;
  slice(start?: number, end?: number): T[];
}

export function roleName(p: PrefectModel, accountRoleId: string): string | null {
  return p.accountRoles.find((r) => r.id === accountRoleId)?.name ?? null;
}

export function workspaceRoleName(p: PrefectModel, id: string): string | null {
  return p.workspaceRoles.find((r) => r.id === id)?.name ?? null;
}

export function renderAccount(p: PrefectModel): Json {
  return {
    id: p.accountId,
    name: p.accountName,
    handle: p.accountName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    plan_type: 'ENTERPRISE',
    audit_log_retention_days: p.auditLogRetentionDays,
    scim_state: 'ENABLED',
    sso_state: 'ENABLED',
    settings: { allow_public_workspaces: false, ai_log_summaries: false, managed_execution: true },
  };
}

export function renderAccountRole(p: PrefectModel, r: PrefectModel['accountRoles'][number]): Json {
  return { id: r.id, name: r.name, permissions: r.permissions, account_id: r.isSystemRole ? null : p.accountId, is_system_role: r.isSystemRole };
}

export function renderWorkspace(p: PrefectModel, w: PrefectModel['workspaces'][number]): Json {
  return {
    id: w.id,
    account_id: p.accountId,
    name: w.name,
    description: null,
    handle: w.handle,
    default_workspace_role_id: w.defaultWorkspaceRoleId,
    is_public: w.isPublic,
  };
}

export function renderWorkspaceRole(r: PrefectModel['workspaceRoles'][number]): Json {
  return { id: r.id, name: r.name, description: null, scopes: r.scopes, account_id: r.accountId, inherited_role_id: r.inheritedRoleId };
}

/** Bots are account members too; their membership id is derived so it is stable. */
export function botMembershipId(bot: PrefectBot): string {
  return idFor('prefect', `bot-membership:${bot.id}`);
}

export function renderMember(p: PrefectModel, m: PrefectMember): Json {
  return {
    id: m.membershipId,
    created: m.createdAt,
    actor_id: m.actorId,
    user_id: m.userId,
    bot_id: null,
    first_name: m.firstName,
    last_name: m.lastName,
    handle: m.handle,
    email: m.email,
    account_role_name: roleName(p, m.accountRoleId),
    account_role_id: m.accountRoleId,
    last_login: m.lastLogin,
    active: m.active,
  };
}

export function renderBotMember(p: PrefectModel, b: PrefectBot): Json {
  return {
    id: botMembershipId(b),
    created: b.createdAt,
    actor_id: b.actorId,
    user_id: null,
    bot_id: b.id,
    first_name: null,
    last_name: null,
    handle: b.name,
    email: null,
    account_role_name: roleName(p, b.accountRoleId),
    account_role_id: b.accountRoleId,
    last_login: null,
    active: true,
  };
}

/** Users first (in model order), then service accounts: a stable order for offset paging, never copied whole. */
export function membershipSource(p: PrefectModel): Sliceable<PrefectMember | PrefectBot> {
  const users = p.members;
  const bots = p.bots;
  return {
    length: users.length + bots.length,
    slice(start = 0, end = users.length + bots.length) {
      const out: (PrefectMember | PrefectBot)[] = users.slice(start, Math.min(end, users.length));
      if (end > users.length) out.push(...bots.slice(Math.max(0, start - users.length), end - users.length));
      return out;
    },
  };
}

export function renderMembership(p: PrefectModel, x: PrefectMember | PrefectBot): Json {
  return 'membershipId' in x ? renderMember(p, x) : renderBotMember(p, x);
}

export function allMemberships(p: PrefectModel): Json[] {
  return membershipSource(p).slice().map((x) => renderMembership(p, x));
}

export function renderUserAccess(p: PrefectModel, ix: PrefectIndex, a: PrefectModel['userAccess'][number]): Json {
  const m = ix.memberByActor.get(a.actorId);
  return {
    id: a.id,
    workspace_id: a.workspaceId,
    workspace_role_id: a.workspaceRoleId,
    actor_id: a.actorId,
    user_id: m?.userId ?? null,
    email: m?.email ?? null,
    handle: m?.handle ?? null,
  };
}

export function renderBotAccess(ix: PrefectIndex, a: PrefectModel['botAccess'][number]): Json {
  const b = ix.botById.get(a.botId);
  return { id: a.id, workspace_id: a.workspaceId, workspace_role_id: a.workspaceRoleId, actor_id: b?.actorId ?? null, bot_id: a.botId, bot_name: b?.name ?? null };
}

export function teamAccessId(workspaceId: string, teamId: string): string {
  return idFor('prefect', `team-access:${workspaceId}:${teamId}`);
}

export function teamAccessFor(p: PrefectModel, workspaceId: string): Json[] {
  const out: Json[] = [];
  for (const t of p.teams) {
    for (const w of t.workspaces) {
      if (w.workspaceId !== workspaceId) continue;
      out.push({ id: teamAccessId(workspaceId, t.id), workspace_id: workspaceId, workspace_role_id: w.workspaceRoleId, team_id: t.id, team_name: t.name });
    }
  }
  return out;
}

/** The list shape: no members (Prefect's Terraform provider reads them from GET /teams/{id}). */
export function renderTeam(t: PrefectTeam): Json {
  return { id: t.id, name: t.name, description: t.description, workos_directory_group_id: t.directoryGroupId };
}

export function renderTeamDetail(p: PrefectModel, ix: PrefectIndex, t: PrefectTeam): Json {
  const memberships = t.memberActorIds.map((actorId) => {
    const m = ix.memberByActor.get(actorId);
    if (m) return { id: actorId, type: 'user', handle: m.handle, name: `${m.firstName} ${m.lastName}`.trim(), email: m.email };
    const b = ix.botByActor.get(actorId);
    return { id: actorId, type: 'bot', handle: b?.name ?? null, name: b?.name ?? null, email: null };
  });
  const workspaces = t.workspaces.map((w) => ({
    workspace_id: w.workspaceId,
    workspace_handle: p.workspaces.find((x) => x.id === w.workspaceId)?.handle ?? null,
    workspace_role_id: w.workspaceRoleId,
    workspace_role_name: workspaceRoleName(p, w.workspaceRoleId),
  }));
  return { ...renderTeam(t), memberships, workspaces };
}

export function maskedKey(secret: string): string {
  return `${secret.slice(0, 4)}${'*'.repeat(8)}`;
}

export function renderKey(k: PrefectApiKey): Json {
  return { id: k.id, created: k.created, name: k.name, expiration: k.expiration, masked_key: maskedKey(k.secret) };
}

/** The newest key is the active one; older keys still held are the rotating ones. */
export function splitKeys(b: PrefectBot): { active: PrefectApiKey | null; rotating: PrefectApiKey[] } {
  const sorted = [...b.apiKeys].sort((x, y) => Date.parse(y.created) - Date.parse(x.created) || y.id.localeCompare(x.id));
  return { active: sorted[0] ?? null, rotating: sorted.slice(1) };
}

/** A service account; `withKeyValue` only on the create/rotate answer, the one time Prefect shows it. */
export function renderBot(p: PrefectModel, b: PrefectBot, withKeyValue = false): Json {
  const { active } = splitKeys(b);
  return {
    id: b.id,
    created: b.createdAt,
    actor_id: b.actorId,
    account_id: p.accountId,
    name: b.name,
    account_role_name: roleName(p, b.accountRoleId),
    account_role_id: b.accountRoleId,
    api_key: active ? { ...renderKey(active), ...(withKeyValue ? { key: active.secret } : {}) } : null,
  };
}
