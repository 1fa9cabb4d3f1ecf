import type { SimResponse } from '../sim-server';
import { eventsFilter, eventsNext, type PrefectRouteContext } from './prefect-audit';
import { applyAnyFilter, listQuery, notFound, page, type Json } from './prefect-filter';
import {
  allMemberships,
  indexFor,
  membershipSource,
  renderMembership,
  renderAccount,
  renderAccountRole,
  renderBot,
  renderBotAccess,
  renderKey,
  renderTeam,
  renderUserAccess,
  renderWorkspace,
  renderWorkspaceRole,
  teamAccessFor,
  type Sliceable,
} from './prefect-render';
import * as w from './prefect-writes';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type RouteFn = (ctx: PrefectRouteContext) => SimResponse;

/** A route under /api/accounts/{aid}; `:name` segments become params. */
export interface PrefectRoute {
  method: Method;
  pattern: string[];
  fn: RouteFn;
}

/**
 * A filter list: the silent 200 cap and offset over the model, rendering only the page asked
 * for; with `any_` filters (or list extras) every item is rendered and filtered first.
 */
function listRoute<T>(
  source: (ctx: PrefectRouteContext) => Sliceable<T>,
  render: (ctx: PrefectRouteContext, item: T) => Json,
  section: string | string[],
  fields: string[],
  extras?: { applies: (body: Json) => boolean; apply: (items: Json[], body: Json) => Json[] },
): RouteFn {
  const sections = Array.isArray(section) ? section : [section];
  return (ctx) => {
    const q = listQuery(ctx.req);
    if (!q.ok) return q.response;
    const items = source(ctx);
    const filtered = sections.some((s) => q.value.body[s] !== undefined && q.value.body[s] !== null) || extras?.applies(q.value.body);
    if (!filtered) return { status: 200, json: page(items, q.value).map((x) => render(ctx, x)) };
    const matched = applyAnyFilter(items.slice().map((x) => render(ctx, x)), q.value.body, sections, fields);
    if (!matched.ok) return matched.response;
    return { status: 200, json: page(extras ? extras.apply(matched.value, q.value.body) : matched.value, q.value) };
  };
}

const MEMBERSHIP_FIELDS = ['id', 'email', 'actor_id', 'user_id', 'handle', 'account_role_id'];

const SORTS: Record<string, (a: Json, b: Json) => number> = {
  LAST_LOGIN_DESC: (a, b) => String(b.last_login ?? '').localeCompare(String(a.last_login ?? '')),
  LAST_LOGIN_ASC: (a, b) => String(a.last_login ?? '').localeCompare(String(b.last_login ?? '')),
  EMAIL_ASC: (a, b) => String(a.email ?? '').localeCompare(String(b.email ?? '')),
  EMAIL_DESC: (a, b) => String(b.email ?? '').localeCompare(String(a.email ?? '')),
};

/** `only_users`, `only_bots`, `active` and `sort` on the membership list. */
const membershipExtras = {
  applies: (body: Json) => body.only_users === true || body.only_bots === true || typeof body.active === 'boolean' || typeof body.sort === 'string',
  apply: (items: Json[], body: Json): Json[] => {
    let out = items;
    if (body.only_users === true) out = out.filter((m) => m.user_id !== null);
    if (body.only_bots === true) out = out.filter((m) => m.bot_id !== null);
    if (typeof body.active === 'boolean') out = out.filter((m) => m.active === body.active);
    const sort = typeof body.sort === 'string' ? SORTS[body.sort] : undefined;
    return sort ? [...out].sort(sort) : out;
  },
};

function membershipsList(): RouteFn {
  const list = listRoute((ctx) => membershipSource(ctx.p), (ctx, x) => renderMembership(ctx.p, x), 'account_memberships', MEMBERSHIP_FIELDS, membershipExtras);
  return (ctx) => {
    const sort = (ctx.req.body as Json | undefined)?.sort;
    if (sort !== undefined && sort !== null && (typeof sort !== 'string' || !SORTS[sort])) {
      return { status: 422, json: { detail: [{ type: 'enum', loc: ['body', 'sort'], msg: `Input should be ${Object.keys(SORTS).map((s) => `'${s}'`).join(', ')}` }] } };
    }
    return list(ctx);
  };
}

/** POST .../account_memberships/count: the same filters, answered with a bare integer. */
function membershipsCount(ctx: PrefectRouteContext): SimResponse {
  const q = listQuery(ctx.req);
  if (!q.ok) return q.response;
  const body = q.value.body;
  if ((body.account_memberships === undefined || body.account_memberships === null) && !membershipExtras.applies(body)) {
    return { status: 200, json: ctx.p.members.length + ctx.p.bots.length };
  }
  const filtered = applyAnyFilter(allMemberships(ctx.p), body, 'account_memberships', MEMBERSHIP_FIELDS);
  if (!filtered.ok) return filtered.response;
  return { status: 200, json: membershipExtras.apply(filtered.value, body).length };
}

function workspaceScoped(fn: RouteFn): RouteFn {
  return (ctx) => (ctx.p.workspaces.some((x) => x.id === ctx.params.wid) ? fn(ctx) : notFound('Workspace not found.'));
}

const r = (method: Method, path: string, fn: RouteFn): PrefectRoute => ({ method, pattern: path ? path.split('/') : [], fn });

/** Every endpoint the simulator serves, most specific first. */
export const prefectRoutes: PrefectRoute[] = [
  r('GET', '', (ctx) => ({ status: 200, json: renderAccount(ctx.p) })),
  r('POST', 'account_roles/filter', listRoute((ctx) => ctx.p.accountRoles, (ctx, x) => renderAccountRole(ctx.p, x), 'account_roles', ['id', 'name'])),
  r('POST', 'workspace_roles/filter', listRoute((ctx) => ctx.p.workspaceRoles, (_ctx, x) => renderWorkspaceRole(x), 'workspace_roles', ['id', 'name'])),
  r('POST', 'workspaces/filter', listRoute((ctx) => ctx.p.workspaces, (ctx, x) => renderWorkspace(ctx.p, x), 'workspaces', ['id', 'name', 'handle'])),
  r('POST', 'account_memberships/filter', membershipsList()),
  r('POST', 'account_memberships/count', membershipsCount),
  r('POST', 'account_memberships/set_active', w.setActiveBulk),
  r('GET', 'account_memberships/by-user/:userId', w.getMembership),
  r('GET', 'account_memberships/by-bot/:botId', w.getMembership),
  r('PATCH', 'account_memberships/:id/active', w.setMembershipActive),
  r('GET', 'account_memberships/:id', w.getMembership),
  r('PATCH', 'account_memberships/:id', w.patchMembership),
  r('DELETE', 'account_memberships/:id', w.deleteMembership),
  r('POST', 'workspaces/:wid/user_access/filter', workspaceScoped(listRoute((ctx) => indexFor(ctx.org).userAccessByWorkspace.get(ctx.params.wid ?? '') ?? [], (ctx, a) => renderUserAccess(ctx.p, indexFor(ctx.org), a), 'user_access', ['id', 'actor_id', 'user_id', 'email']))),
  r('POST', 'workspaces/:wid/bot_access/filter', workspaceScoped(listRoute((ctx) => indexFor(ctx.org).botAccessByWorkspace.get(ctx.params.wid ?? '') ?? [], (ctx, a) => renderBotAccess(indexFor(ctx.org), a), 'bot_access', ['id', 'bot_id']))),
  r('POST', 'workspaces/:wid/team_access/filter', workspaceScoped(listRoute((ctx) => teamAccessFor(ctx.p, ctx.params.wid ?? ''), (_ctx, x) => x, 'team_access', ['id', 'team_id']))),
  r('POST', 'workspaces/:wid/user_access', w.upsertAccess('user')),
  r('POST', 'workspaces/:wid/bot_access', w.upsertAccess('bot')),
  r('PUT', 'workspaces/:wid/team_access', w.upsertAccess('team')),
  r('GET', 'workspaces/:wid/user_access/:id', w.getAccess('user')),
  r('GET', 'workspaces/:wid/bot_access/:id', w.getAccess('bot')),
  r('DELETE', 'workspaces/:wid/user_access/:id', w.deleteAccess('user')),
  r('DELETE', 'workspaces/:wid/bot_access/:id', w.deleteAccess('bot')),
  r('DELETE', 'workspaces/:wid/team_access/:id', w.deleteAccess('team')),
  r('POST', 'teams/filter', listRoute((ctx) => ctx.p.teams, (_ctx, t) => renderTeam(t), 'teams', ['id', 'name'])),
  r('PUT', 'teams/:id/members', w.putTeamMembers),
  r('DELETE', 'teams/:id/members/:actorId', w.deleteTeamMember),
  r('GET', 'teams/:id', w.getTeam),
  r('PUT', 'teams/:id', w.putTeam),
  r('DELETE', 'teams/:id', w.deleteTeam),
  r('POST', 'bots/filter', listRoute((ctx) => ctx.p.bots, (ctx, b) => renderBot(ctx.p, b), ['bots', 'service_accounts'], ['id', 'name', 'actor_id'])),
  r('POST', 'bots/:id/rotate_api_key', w.rotateBotKey),
  r('GET', 'bots/:id/read_bot_api_keys', (ctx) => w.readBotKeys(ctx, renderKey)),
  r('DELETE', 'bots/:id/delete_bot_api_key/:keyId', w.deleteBotKey),
  r('GET', 'bots/:id', w.getBot),
  r('PATCH', 'bots/:id', w.patchBot),
  r('DELETE', 'bots/:id', w.deleteBot),
  r('POST', 'events/filter', eventsFilter),
  r('GET', 'events/filter/next', eventsNext),
];

/** Finds the route for segments after /api/accounts/{aid}; `methodMismatch` when only the method is wrong. */
export function matchRoute(method: string, segments: string[]): { route: PrefectRoute; params: Record<string, string> } | 'methodMismatch' | undefined {
  let pathMatched = false;
  for (const route of prefectRoutes) {
    if (route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, part] of route.pattern.entries()) {
      const seg = segments[i] ?? '';
      if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
      else if (part !== seg) ok = false;
      if (!ok) break;
    }
    if (!ok) continue;
    if (route.method !== method) {
      pathMatched = true;
      continue;
    }
    return { route, params };
  }
  return pathMatched ? 'methodMismatch' : undefined;
}
