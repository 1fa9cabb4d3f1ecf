import { randomBytes, randomUUID } from 'node:crypto';
import type { PrefectBot, PrefectMember, PrefectModel } from '../org/org-model';
import type { SimResponse } from '../sim-server';
import { recordWrite, type PrefectRouteContext } from './prefect-audit';
import { listBody, noContent, notFound, objectBody, stringField, validationError, type Json } from './prefect-filter';
import { botMembershipId, indexFor, renderBot, renderBotAccess, renderBotMember, renderMember, renderTeamDetail, renderUserAccess, splitKeys, teamAccessId } from './prefect-render';

/**
 * The write endpoints remediation uses, with Prefect's documented side effects: deleting a
 * membership deletes that actor's workspace grants; deleting a Collaborator's last workspace
 * grant removes the membership; every write lands in the audit log and bumps org.version.
 */

const SET_ACTIVE_CAP = 200;

function membershipById(p: PrefectModel, id: string): { member?: PrefectMember; bot?: PrefectBot } {
  const member = p.members.find((m) => m.membershipId === id);
  if (member) return { member };
  const bot = p.bots.find((b) => botMembershipId(b) === id);
  return bot ? { bot } : {};
}

export function getMembership(ctx: PrefectRouteContext): SimResponse {
  const { p, params } = ctx;
  let found: { member?: PrefectMember; bot?: PrefectBot } = {};
  if (params.userId) found = { member: p.members.find((m) => m.userId === params.userId) };
  else if (params.botId) found = { bot: p.bots.find((b) => b.id === params.botId) };
  else found = membershipById(p, params.id ?? '');
  if (found.member) return { status: 200, json: renderMember(p, found.member) };
  if (found.bot) return { status: 200, json: renderBotMember(p, found.bot) };
  return notFound('Account membership not found.');
}

export function patchMembership(ctx: PrefectRouteContext): SimResponse {
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const roleId = stringField(body.value, 'account_role_id', true);
  if (!roleId.ok) return roleId.response;
  const role = ctx.p.accountRoles.find((r) => r.id === roleId.value);
  if (!role) return notFound('Account role not found.');
  const { member, bot } = membershipById(ctx.p, ctx.params.id ?? '');
  if (!member && !bot) return notFound('Account membership not found.');
  if (bot) {
    if (role.name !== 'Member') return validationError(['body', 'account_role_id'], 'A service account may only be a Member of an account', 'value_error');
    bot.accountRoleId = role.id;
  } else if (member) {
    member.accountRoleId = role.id;
  }
  recordWrite(ctx, 'account-membership.updated', { kind: 'account-membership', id: ctx.params.id ?? '', name: member?.email ?? bot?.name }, [
    { kind: 'account-role', id: role.id, role: 'account-role', name: role.name },
  ]);
  return noContent();
}

/** Removes a user's membership and everything that hangs off it. */
function removeMember(p: PrefectModel, m: PrefectMember): void {
  p.members = p.members.filter((x) => x !== m);
  p.userAccess = p.userAccess.filter((a) => a.actorId !== m.actorId);
  for (const t of p.teams) t.memberActorIds = t.memberActorIds.filter((a) => a !== m.actorId);
}

function removeBot(p: PrefectModel, b: PrefectBot): void {
  p.bots = p.bots.filter((x) => x !== b);
  p.botAccess = p.botAccess.filter((a) => a.botId !== b.id);
  for (const t of p.teams) t.memberActorIds = t.memberActorIds.filter((a) => a !== b.actorId);
}

export function deleteMembership(ctx: PrefectRouteContext): SimResponse {
  const { member, bot } = membershipById(ctx.p, ctx.params.id ?? '');
  if (member) removeMember(ctx.p, member);
  else if (bot) removeBot(ctx.p, bot);
  else return notFound('Account membership not found.');
  recordWrite(ctx, 'account-membership.deleted', { kind: 'account-membership', id: ctx.params.id ?? '', name: member?.email ?? bot?.name }, [
    { kind: member ? 'user' : 'service-account', id: member?.userId ?? bot?.id ?? '', role: member ? 'user' : 'service-account' },
  ]);
  return noContent();
}

function activeFlag(body: Json): boolean | SimResponse {
  const v = body.active;
  if (v === undefined) return validationError(['body', 'active'], 'Field required', 'missing');
  if (typeof v !== 'boolean') return validationError(['body', 'active'], 'Input should be a valid boolean', 'bool_type', v);
  return v;
}

export function setMembershipActive(ctx: PrefectRouteContext): SimResponse {
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const active = activeFlag(body.value);
  if (typeof active !== 'boolean') return active;
  const { member, bot } = membershipById(ctx.p, ctx.params.id ?? '');
  if (bot) return validationError(['body', 'active'], 'Service account memberships cannot be deactivated', 'value_error');
  if (!member) return notFound('Account membership not found.');
  member.active = active;
  recordWrite(ctx, 'account-membership.updated', { kind: 'account-membership', id: member.membershipId, name: member.email });
  return noContent();
}

export function setActiveBulk(ctx: PrefectRouteContext): SimResponse {
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const ids = body.value.membership_ids;
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) return validationError(['body', 'membership_ids'], 'Input should be a valid list', 'list_type');
  if (ids.length > SET_ACTIVE_CAP) {
    return validationError(['body', 'membership_ids'], `List should have at most ${SET_ACTIVE_CAP} items after validation, not ${ids.length}`, 'too_long');
  }
  const active = activeFlag(body.value);
  if (typeof active !== 'boolean') return active;
  for (const id of ids as string[]) {
    const { member } = membershipById(ctx.p, id);
    if (!member) continue;
    member.active = active;
    recordWrite(ctx, 'account-membership.updated', { kind: 'account-membership', id, name: member.email });
  }
  return noContent();
}

function workspaceExists(ctx: PrefectRouteContext): boolean {
  return ctx.p.workspaces.some((w) => w.id === ctx.params.wid);
}

function workspaceRoleOk(ctx: PrefectRouteContext, id: unknown): boolean {
  return typeof id === 'string' && ctx.p.workspaceRoles.some((r) => r.id === id);
}

/** POST user_access/ and bot_access/, PUT team_access/: one grant or a list, upserted by actor. */
export function upsertAccess(type: 'user' | 'bot' | 'team') {
  return (ctx: PrefectRouteContext): SimResponse => {
    if (!workspaceExists(ctx)) return notFound('Workspace not found.');
    const items = listBody(ctx.req);
    if (!items.ok) return items.response;
    const wid = ctx.params.wid ?? '';
    const out: Json[] = [];
    for (const [i, item] of items.value.entries()) {
      if (!workspaceRoleOk(ctx, item.workspace_role_id)) return validationError(['body', i, 'workspace_role_id'], 'Unknown workspace role', 'value_error');
      const roleId = item.workspace_role_id as string;
      const idField = `${type}_id`;
      const actorKey = item[idField];
      if (typeof actorKey !== 'string') return validationError(['body', i, idField], 'Field required', 'missing');
      if (type === 'user') {
        const m = ctx.p.members.find((x) => x.userId === actorKey);
        if (!m) return notFound('User is not a member of this account.');
        let a = ctx.p.userAccess.find((x) => x.workspaceId === wid && x.actorId === m.actorId);
        const created = !a;
        if (a) a.workspaceRoleId = roleId;
        else ctx.p.userAccess.push((a = { id: randomUUID(), workspaceId: wid, actorId: m.actorId, workspaceRoleId: roleId }));
        recordWrite(ctx, `workspace-access.${created ? 'created' : 'updated'}`, { kind: 'workspace-access', id: a.id }, [{ kind: 'user', id: m.userId, role: 'user', name: m.email }]);
        out.push(renderUserAccess(ctx.p, indexFor(ctx.org), a));
      } else if (type === 'bot') {
        const b = ctx.p.bots.find((x) => x.id === actorKey);
        if (!b) return notFound('Service account not found.');
        let a = ctx.p.botAccess.find((x) => x.workspaceId === wid && x.botId === b.id);
        const created = !a;
        if (a) a.workspaceRoleId = roleId;
        else ctx.p.botAccess.push((a = { id: randomUUID(), workspaceId: wid, botId: b.id, workspaceRoleId: roleId }));
        recordWrite(ctx, `workspace-access.${created ? 'created' : 'updated'}`, { kind: 'workspace-access', id: a.id }, [{ kind: 'service-account', id: b.id, role: 'service-account', name: b.name }]);
        out.push(renderBotAccess(indexFor(ctx.org), a));
      } else {
        const t = ctx.p.teams.find((x) => x.id === actorKey);
        if (!t) return notFound('Team not found.');
        const existing = t.workspaces.find((w) => w.workspaceId === wid);
        if (existing) existing.workspaceRoleId = roleId;
        else t.workspaces.push({ workspaceId: wid, workspaceRoleId: roleId });
        recordWrite(ctx, `workspace-access.${existing ? 'updated' : 'created'}`, { kind: 'workspace-access', id: teamAccessId(wid, t.id) }, [{ kind: 'team', id: t.id, role: 'team', name: t.name }]);
        out.push({ id: teamAccessId(wid, t.id), workspace_id: wid, workspace_role_id: roleId, team_id: t.id, team_name: t.name });
      }
    }
    return { status: 200, json: out };
  };
}

export function getAccess(type: 'user' | 'bot') {
  return (ctx: PrefectRouteContext): SimResponse => {
    const id = ctx.params.id;
    if (type === 'user') {
      const a = ctx.p.userAccess.find((x) => x.id === id && x.workspaceId === ctx.params.wid);
      return a ? { status: 200, json: renderUserAccess(ctx.p, indexFor(ctx.org), a) } : notFound('Workspace access not found.');
    }
    const a = ctx.p.botAccess.find((x) => x.id === id && x.workspaceId === ctx.params.wid);
    return a ? { status: 200, json: renderBotAccess(indexFor(ctx.org), a) } : notFound('Workspace access not found.');
  };
}

/** DELETE user_access/{access_id}, bot_access/{access_id}, team_access/{team_id}. */
export function deleteAccess(type: 'user' | 'bot' | 'team') {
  return (ctx: PrefectRouteContext): SimResponse => {
    const { p, params } = ctx;
    if (type === 'team') {
      const t = p.teams.find((x) => x.id === params.id);
      const had = t?.workspaces.some((w) => w.workspaceId === params.wid);
      if (!t || !had) return notFound('Workspace access not found.');
      t.workspaces = t.workspaces.filter((w) => w.workspaceId !== params.wid);
      recordWrite(ctx, 'workspace-access.deleted', { kind: 'workspace-access', id: teamAccessId(params.wid ?? '', t.id) }, [{ kind: 'team', id: t.id, role: 'team', name: t.name }]);
      return noContent();
    }
    if (type === 'bot') {
      const a = p.botAccess.find((x) => x.id === params.id && x.workspaceId === params.wid);
      if (!a) return notFound('Workspace access not found.');
      p.botAccess = p.botAccess.filter((x) => x !== a);
      recordWrite(ctx, 'workspace-access.deleted', { kind: 'workspace-access', id: a.id }, [{ kind: 'service-account', id: a.botId, role: 'service-account' }]);
      return noContent();
    }
    const a = p.userAccess.find((x) => x.id === params.id && x.workspaceId === params.wid);
    if (!a) return notFound('Workspace access not found.');
    p.userAccess = p.userAccess.filter((x) => x !== a);
    const m = p.members.find((x) => x.actorId === a.actorId);
    recordWrite(ctx, 'workspace-access.deleted', { kind: 'workspace-access', id: a.id }, m ? [{ kind: 'user', id: m.userId, role: 'user', name: m.email }] : []);
    // A Collaborator exists only through workspace grants: losing the last one ends the membership.
    const collaborator = p.accountRoles.find((r) => r.name === 'Collaborator');
    if (m && collaborator && m.accountRoleId === collaborator.id && !p.userAccess.some((x) => x.actorId === m.actorId)) {
      removeMember(p, m);
      recordWrite(ctx, 'account-membership.deleted', { kind: 'account-membership', id: m.membershipId, name: m.email }, [{ kind: 'user', id: m.userId, role: 'user', name: m.email }]);
    }
    return noContent();
  };
}

export function getTeam(ctx: PrefectRouteContext): SimResponse {
  const t = ctx.p.teams.find((x) => x.id === ctx.params.id);
  return t ? { status: 200, json: renderTeamDetail(ctx.p, indexFor(ctx.org), t) } : notFound('Team not found.');
}

export function putTeam(ctx: PrefectRouteContext): SimResponse {
  const t = ctx.p.teams.find((x) => x.id === ctx.params.id);
  if (!t) return notFound('Team not found.');
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const name = stringField(body.value, 'name', true);
  if (!name.ok) return name.response;
  const description = body.value.description;
  if (description !== undefined && description !== null && typeof description !== 'string') return validationError(['body', 'description'], 'Input should be a valid string', 'string_type');
  t.name = name.value ?? t.name;
  t.description = (description as string | null | undefined) ?? null;
  recordWrite(ctx, 'team.updated', { kind: 'team', id: t.id, name: t.name });
  return { status: 200, json: renderTeamDetail(ctx.p, indexFor(ctx.org), t) };
}

export function deleteTeam(ctx: PrefectRouteContext): SimResponse {
  const t = ctx.p.teams.find((x) => x.id === ctx.params.id);
  if (!t) return notFound('Team not found.');
  ctx.p.teams = ctx.p.teams.filter((x) => x !== t);
  recordWrite(ctx, 'team.deleted', { kind: 'team', id: t.id, name: t.name });
  return noContent();
}

/** PUT /teams/{id}/members `{members: [{member_id, member_type}]}`: adds (the provider's upsert). */
export function putTeamMembers(ctx: PrefectRouteContext): SimResponse {
  const t = ctx.p.teams.find((x) => x.id === ctx.params.id);
  if (!t) return notFound('Team not found.');
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const members = body.value.members;
  if (!Array.isArray(members)) return validationError(['body', 'members'], 'Field required', 'missing');
  for (const [i, raw] of members.entries()) {
    const item = (raw ?? {}) as Json;
    const type = item.member_type;
    const id = item.member_id;
    if (typeof id !== 'string') return validationError(['body', 'members', i, 'member_id'], 'Field required', 'missing');
    if (type !== 'user' && type !== 'service_account' && type !== 'bot') {
      return validationError(['body', 'members', i, 'member_type'], "Input should be 'user' or 'service_account'", 'enum', type);
    }
    const actorId = type === 'user' ? ctx.p.members.find((m) => m.userId === id)?.actorId : ctx.p.bots.find((b) => b.id === id)?.actorId;
    if (!actorId) return notFound(`Member ${id} is not in this account.`);
    if (!t.memberActorIds.includes(actorId)) {
      t.memberActorIds.push(actorId);
      recordWrite(ctx, 'team-membership.created', { kind: 'team', id: t.id, name: t.name }, [{ kind: 'actor', id: actorId, role: 'member' }]);
    }
  }
  return { status: 200, json: renderTeamDetail(ctx.p, indexFor(ctx.org), t) };
}

export function deleteTeamMember(ctx: PrefectRouteContext): SimResponse {
  const t = ctx.p.teams.find((x) => x.id === ctx.params.id);
  if (!t) return notFound('Team not found.');
  const actorId = ctx.params.actorId ?? '';
  if (!t.memberActorIds.includes(actorId)) return notFound('Team membership not found.');
  t.memberActorIds = t.memberActorIds.filter((a) => a !== actorId);
  recordWrite(ctx, 'team-membership.deleted', { kind: 'team', id: t.id, name: t.name }, [{ kind: 'actor', id: actorId, role: 'member' }]);
  return noContent();
}

function botOr404(ctx: PrefectRouteContext): PrefectBot | SimResponse {
  return ctx.p.bots.find((b) => b.id === ctx.params.id) ?? notFound('Service account not found.');
}

export function getBot(ctx: PrefectRouteContext): SimResponse {
  const b = botOr404(ctx);
  return 'status' in b ? b : { status: 200, json: renderBot(ctx.p, b) };
}

export function patchBot(ctx: PrefectRouteContext): SimResponse {
  const b = botOr404(ctx);
  if ('status' in b) return b;
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const name = stringField(body.value, 'name', true);
  if (!name.ok) return name.response;
  b.name = name.value ?? b.name;
  recordWrite(ctx, 'service-account.updated', { kind: 'service-account', id: b.id, name: b.name });
  return noContent();
}

export function deleteBot(ctx: PrefectRouteContext): SimResponse {
  const b = botOr404(ctx);
  if ('status' in b) return b;
  removeBot(ctx.p, b);
  recordWrite(ctx, 'service-account.deleted', { kind: 'service-account', id: b.id, name: b.name });
  return noContent();
}

/** POST /bots/{id}/rotate_api_key: a new key, shown once; the old one lingers only if asked. */
export function rotateBotKey(ctx: PrefectRouteContext): SimResponse {
  const b = botOr404(ctx);
  if ('status' in b) return b;
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const expiration = body.value.api_key_expiration;
  if (expiration !== undefined && expiration !== null && (typeof expiration !== 'string' || Number.isNaN(Date.parse(expiration)))) {
    return validationError(['body', 'api_key_expiration'], 'Input should be a valid datetime', 'datetime_parsing', expiration);
  }
  const linger = body.value.old_key_expires_in_seconds;
  if (linger !== undefined && linger !== null && (typeof linger !== 'number' || !Number.isInteger(linger) || linger < 0)) {
    return validationError(['body', 'old_key_expires_in_seconds'], 'Input should be a non-negative integer', 'int_type', linger);
  }
  const { active } = splitKeys(b);
  const nowMs = Date.parse(ctx.org.now);
  if (active) {
    if (typeof linger === 'number' && linger > 0) {
      const until = new Date(nowMs + linger * 1000).toISOString();
      active.expiration = active.expiration && Date.parse(active.expiration) < Date.parse(until) ? active.expiration : until;
    } else {
      b.apiKeys = b.apiKeys.filter((k) => k !== active);
    }
  }
  const fresh = {
    id: randomUUID(),
    name: `${b.name}-key`,
    // One millisecond after the newest key, so the new one sorts as active even within one simulated instant.
    created: new Date(Math.max(nowMs, ...b.apiKeys.map((k) => Date.parse(k.created) + 1))).toISOString(),
    expiration: (expiration as string | null | undefined) ?? null,
    secret: `pnb_${randomBytes(18).toString('hex')}`,
  };
  b.apiKeys.push(fresh);
  recordWrite(ctx, 'api-key.rotated', { kind: 'api-key', id: fresh.id, name: fresh.name }, [{ kind: 'service-account', id: b.id, role: 'service-account', name: b.name }]);
  return { status: 201, json: renderBot(ctx.p, b, true) };
}

export function readBotKeys(ctx: PrefectRouteContext, render: (k: PrefectBot['apiKeys'][number]) => Json): SimResponse {
  const b = botOr404(ctx);
  if ('status' in b) return b;
  const { active, rotating } = splitKeys(b);
  return { status: 200, json: { active_key: active ? render(active) : null, rotating_keys: rotating.map(render) } };
}

export function deleteBotKey(ctx: PrefectRouteContext): SimResponse {
  const b = botOr404(ctx);
  if ('status' in b) return b;
  const key = b.apiKeys.find((k) => k.id === ctx.params.keyId);
  if (!key) return notFound('API key not found.');
  b.apiKeys = b.apiKeys.filter((k) => k !== key);
  recordWrite(ctx, 'api-key.deleted', { kind: 'api-key', id: key.id, name: key.name }, [{ kind: 'service-account', id: b.id, role: 'service-account', name: b.name }]);
  return noContent();
}

