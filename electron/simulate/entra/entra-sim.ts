import { randomBytes } from 'node:crypto';
import { idFor, type OrgModel } from '../org/org-model';
import { serveSimulator, type Fault, type RunningSim, type SimHandler, type SimRequest, type SimResponse } from '../sim-server';
import { EntraSimAuth } from './entra-auth';
import { EntraDeltaStore, type DeltaResource } from './entra-delta';
import { checkSelect, pagedList, parseSelect, type ListItem } from './entra-lists';
import {
  GROUP_PROPERTY_NAMES,
  USER_DEFAULT_SELECT,
  USER_PROPERTY_NAMES,
  createViewCache,
  groupProperties,
  project,
  userProperties,
  type EntraGroupView,
  type EntraView,
} from './entra-render';
import { graphError, graphErrorResponse, graphJson, graphRateLimitResponse } from './graph-responses';

export interface EntraSimOptions {
  tenantId?: string;
  clientId?: string;
  /** Generated (in Entra's own format) when absent. */
  clientSecret?: string;
  /**
   * The certificate (PEM) uploaded to the app registration, to accept certificate assertions
   * that name it by either thumbprint: PS256 with `x5t#S256` or RS256 with `x5t`.
   */
  certificatePem?: string;
  /** Application permissions consented for the app. Default User.Read.All and GroupMember.Read.All. */
  permissions?: string[];
  /** Objects per delta page: the default and the cap for `Prefer: odata.maxpagesize` (Graph: 200). */
  maxPageSize?: number;
  /** Members per group entry in a delta page before the group is split (Graph: a few hundred). */
  maxMembersPerObject?: number;
  /** Empty pages (with a nextLink) at the start of every delta round, as Graph sometimes sends. */
  emptyDeltaPages?: number;
  /** Return every change of a deltaLink round twice (Graph's "replays"). */
  replayChanges?: boolean;
  deltaTokenTtlDays?: number;
  tokenLifetimeSec?: number;
  /** Retry-After on simulated 429 and 503. */
  retryAfterSeconds?: number;
  /**
   * The simulator's clock (epoch ms) for token lifetimes, assertion times and delta-token
   * expiry. Default: the organisation's simulated `now`, so the demo's simulated days line up.
   */
  now?: () => number;
  faults?: Fault[];
  latencyMs?: number;
  port?: number;
}

export interface EntraSimCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** The handler plus what startSimServer needs to phrase faults the way Graph does. */
export interface EntraSim {
  handler: SimHandler;
  rateLimitResponse: (req: SimRequest) => SimResponse;
  errorResponse: (status: number, req: SimRequest) => SimResponse;
  credentials: EntraSimCredentials;
  /** Graph's "internal maintenance": every outstanding deltaLink now answers 410 resyncRequired. */
  resetDeltaState(): void;
}

export type RunningEntraSim = RunningSim & {
  credentials: EntraSimCredentials & { loginBaseUrl: string; graphBaseUrl: string };
  resetDeltaState(): void;
};

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const DELTA_SEGMENTS = new Set(['delta', 'delta()', 'microsoft.graph.delta', 'microsoft.graph.delta()']);

/**
 * Microsoft Entra ID as the connector meets it: the login endpoint (client credentials with a
 * secret or a certificate assertion) and Microsoft Graph's users, groups, members,
 * transitiveMembers and delta queries, all rendered live from the shared OrgModel. Login and
 * Graph are served from one origin; the connector takes both base URLs, so they may be equal.
 */
export function createEntraSimHandler(org: OrgModel, options: EntraSimOptions = {}): EntraSim {
  const now = options.now ?? (() => Date.parse(org.now));
  const credentials: EntraSimCredentials = {
    tenantId: options.tenantId ?? idFor('entra', `tenant:${org.seed}`),
    clientId: options.clientId ?? idFor('entra', `app:${org.seed}`),
    clientSecret: options.clientSecret ?? `${randomBytes(3).toString('base64url')}8Q~${randomBytes(27).toString('base64url')}`,
  };
  const auth = new EntraSimAuth({
    ...credentials,
    certificatePem: options.certificatePem,
    permissions: options.permissions ?? ['User.Read.All', 'GroupMember.Read.All'],
    tokenLifetimeSec: options.tokenLifetimeSec ?? 3599,
    now,
  });
  const view = createViewCache(org);
  const delta = new EntraDeltaStore(view, {
    maxObjectsPerPage: options.maxPageSize ?? 200,
    maxMembersPerObject: options.maxMembersPerObject ?? 500,
    emptyPages: options.emptyDeltaPages ?? 0,
    replayChanges: options.replayChanges ?? false,
    tokenTtlDays: options.deltaTokenTtlDays ?? 7,
    maxTokens: 100,
    now,
  });
  const retryAfter = options.retryAfterSeconds ?? 1;

  const handler: SimHandler = (req) => {
    const tokenPath = TOKEN_PATH.exec(req.path);
    if (tokenPath) return auth.handleToken(req, decodeURIComponent(tokenPath[1] ?? ''));
    if (!req.path.startsWith('/v1.0/')) return graphError(400, 'BadRequest', `Invalid version: the path must begin with /v1.0/ (got '${req.path}').`);
    const segments = req.path.slice('/v1.0/'.length).split('/').filter(Boolean).map(decodeURIComponent);
    const [set, second, third] = segments;
    if (set !== 'users' && set !== 'groups') return graphError(400, 'BadRequest', `Resource not found for the segment '${set ?? ''}'.`);
    if (req.method !== 'GET') return graphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
    const refused = auth.checkBearer(req, set);
    if (refused) return refused;
    if (segments.length > 3) return graphError(400, 'BadRequest', `Resource not found for the segment '${segments[3] ?? ''}'.`);
    if (second === undefined) return listTopLevel(req, set, view());
    if (DELTA_SEGMENTS.has(second) && third === undefined) return deltaPage(req, set, delta);
    if (set === 'users') return third === undefined ? singleUser(req, second, view()) : graphError(400, 'BadRequest', `Resource not found for the segment '${third}'.`);
    const group = view().groupsById.get(second);
    if (!group) return notFound(second);
    if (third === undefined) return singleObject(req, groupProperties(group), null, 'groups/$entity');
    if (third === 'members') return pagedList(req, 'directoryObjects', memberItems(group, view(), false));
    if (third === 'transitiveMembers') return pagedList(req, 'directoryObjects', memberItems(group, view(), true));
    return graphError(400, 'BadRequest', `Resource not found for the segment '${third}'.`);
  };

  return {
    handler,
    rateLimitResponse: graphRateLimitResponse(retryAfter),
    errorResponse: graphErrorResponse(retryAfter),
    credentials,
    resetDeltaState: () => delta.resetAll(),
  };
}

/** Starts the Entra simulator on 127.0.0.1 and hands back the credentials a connector needs. */
export async function startEntraSimulator(org: OrgModel, options: EntraSimOptions = {}): Promise<RunningEntraSim> {
  const sim = createEntraSimHandler(org, options);
  const running = await serveSimulator('entra', sim, options);
  // Extend the running object itself: tests replace `faults` on it while it runs.
  return Object.assign(running, {
    credentials: { ...sim.credentials, loginBaseUrl: running.origin, graphBaseUrl: running.origin },
    resetDeltaState: sim.resetDeltaState,
  });
}

function listTopLevel(req: SimRequest, set: DeltaResource, view: EntraView): SimResponse {
  const select = parseSelect(req.query.get('$select'));
  if (set === 'users') {
    const bad = checkSelect(select, USER_PROPERTY_NAMES, 'microsoft.graph.user');
    if (bad) return bad;
    return pagedList(req, 'users', view.users.map((u) => ({ id: u.id, properties: userProperties(u), defaultSelect: USER_DEFAULT_SELECT })));
  }
  const bad = checkSelect(select, GROUP_PROPERTY_NAMES, 'microsoft.graph.group');
  if (bad) return bad;
  return pagedList(req, 'groups', view.groups.map((g) => ({ id: g.id, properties: groupProperties(g), defaultSelect: null })));
}

function deltaPage(req: SimRequest, resource: DeltaResource, delta: EntraDeltaStore): SimResponse {
  const select = parseSelect(req.query.get('$select'));
  const bad =
    resource === 'users'
      ? checkSelect(select, USER_PROPERTY_NAMES, 'microsoft.graph.user')
      : checkSelect(select, GROUP_PROPERTY_NAMES, 'microsoft.graph.group', ['members']);
  if (bad) return bad;
  const prefer = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(req.headers.prefer ?? ''));
  const deltaToken = queryParam(req, '$deltatoken');
  const skipToken = queryParam(req, '$skiptoken');
  const result = delta.handle({
    resource,
    origin: req.url.origin,
    select,
    ...(deltaToken ? { deltaToken } : {}),
    ...(skipToken !== undefined ? { skipToken } : {}),
    ...(prefer?.[1] ? { preferPageSize: Number(prefer[1]) } : {}),
  });
  return 'status' in result ? result : graphJson(result.body, result.headers);
}

function singleUser(req: SimRequest, idOrUpn: string, view: EntraView): SimResponse {
  const user = view.usersById.get(idOrUpn) ?? view.users.find((u) => u.person.email.toLowerCase() === idOrUpn.toLowerCase());
  if (!user) return notFound(idOrUpn);
  return singleObject(req, userProperties(user), USER_DEFAULT_SELECT, 'users/$entity');
}

function singleObject(req: SimRequest, properties: Record<string, unknown>, defaultSelect: string[] | null, context: string): SimResponse {
  const select = parseSelect(req.query.get('$select'));
  return graphJson({ '@odata.context': `${req.url.origin}/v1.0/$metadata#${context}`, ...project(properties, select ?? defaultSelect, false) });
}

/** Direct members, or (transitive) every user and group reachable through nesting, once each. */
function memberItems(group: EntraGroupView, view: EntraView, transitive: boolean): ListItem[] {
  const items = new Map<string, ListItem>();
  const visited = new Set<string>([group.id]);
  const queue: EntraGroupView[] = [group];
  while (queue.length) {
    const current = queue.shift() as EntraGroupView;
    for (const member of current.members) {
      if (member.type === 'user') {
        const user = view.usersById.get(member.id);
        if (user && !items.has(user.id)) {
          items.set(user.id, { id: user.id, properties: userProperties(user), odataType: '#microsoft.graph.user', defaultSelect: USER_DEFAULT_SELECT });
        }
        continue;
      }
      const nested = view.groupsById.get(member.id);
      if (!nested) continue;
      if (!items.has(nested.id)) items.set(nested.id, { id: nested.id, properties: groupProperties(nested), odataType: '#microsoft.graph.group', defaultSelect: null });
      if (transitive && !visited.has(nested.id)) {
        visited.add(nested.id);
        queue.push(nested);
      }
    }
  }
  return [...items.values()];
}

function notFound(id: string): SimResponse {
  return graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

/** Graph accepts $deltatoken/$deltaToken alike. */
function queryParam(req: SimRequest, name: string): string | undefined {
  for (const [key, value] of req.query) if (key.toLowerCase() === name) return value;
  return undefined;
}
