import { randomBytes } from 'node:crypto';
import type { OrgModel } from '../org/org-model';
import { serveSimulator, type Fault, type RunningSim, type SimHandler, type SimRequest, type SimResponse } from '../sim-server';
import { createOktaSimAuth, OKTA_READ_SCOPES, type OktaSimOAuthClient } from './okta-sim-auth';
import { createIndexCache, createOktaIds, getUser, listAppUsers, listGroupMembers, listGroups, listUsers, type DirectoryContext } from './okta-sim-directory';
import { oktaCodeForStatus, oktaErrorResponse } from './okta-sim-errors';
import { handleOktaLogs } from './okta-sim-logs';
import { DEFAULT_OKTA_SIM_RATE_LIMIT, OktaSimRateLimiter, oktaSimFamily, type OktaSimFamily, type OktaSimRateLimit } from './okta-sim-rate';
import { renderLogEvent } from './okta-sim-render';

/** The Prefect app's id in the simulated org (Okta app ids start with 0oa and are 20 characters). */
export const OKTA_SIM_PREFECT_APP_ID = '0oa1prefectcloud0sim';
export const OKTA_SIM_PREFECT_APP_LABEL = 'Prefect Cloud';

export interface OktaSimOptions {
  /** The SSWS API token callers must present; generated when absent. */
  token?: string;
  /** A registered OAuth service app (private_key_jwt); without it the token endpoint answers invalid_client. */
  oauthClient?: OktaSimOAuthClient;
  /** Largest page for users, groups and group members (Okta: 200). */
  pageSizeCap?: number;
  /** Per-endpoint caps, overriding pageSizeCap (defaults: app users 500, logs 1000). */
  pageSizeCaps?: Partial<{ users: number; groups: number; groupMembers: number; appUsers: number; logs: number }>;
  /** Requests per window, counted per endpoint family (default: generous, see DEFAULT_OKTA_SIM_RATE_LIMIT). */
  rateLimit?: OktaSimRateLimit;
  prefectAppId?: string;
  /** Real time for rate windows, Date headers and token expiry (tests may fix it). Data times come from org.now. */
  now?: () => number;
}

export interface OktaSim {
  handler: SimHandler;
  /** How an injected 'rate-limit' fault looks: Okta's 429 E0000047, Limit/Remaining/Reset, no Retry-After. */
  rateLimitResponse: (req: SimRequest) => SimResponse;
  /** How an injected error status looks: Okta's error body with the matching errorCode. */
  errorResponse: (status: number, req: SimRequest) => SimResponse;
  token: string;
  prefectAppId: string;
  /** Access tokens issued so far (tests check that none leaks). */
  issuedAccessTokens(): string[];
}

const SCOPE_FOR: Record<Exclude<OktaSimFamily, '/oauth2/v1/token'>, string> = {
  '/api/v1/users': 'okta.users.read',
  '/api/v1/groups': 'okta.groups.read',
  '/api/v1/apps': 'okta.apps.read',
  '/api/v1/logs': 'okta.logs.read',
};

/**
 * Okta's management API over the shared org model, faithful to apis.md: Link paging with
 * opaque cursors and page caps, the DEPROVISIONED quirk of /api/v1/users, X-Rate-Limit-*
 * on every response and 429 E0000047 without Retry-After, errors in Okta's shape, SSWS and
 * OAuth (private_key_jwt) auth with scopes, and the System Log's polling semantics.
 *
 * Simulator conventions (not Okta facts): the Prefect app (prefectAppId) is assigned to
 * every group whose name starts with "prefect-", so its app users are those groups' direct
 * members, minus DEPROVISIONED users (Okta removes a deactivated user's assignments).
 */
export function createOktaSimHandler(org: OrgModel, options: OktaSimOptions = {}): OktaSim {
  const now = options.now ?? Date.now;
  const token = options.token ?? `00${randomBytes(30).toString('base64url')}`;
  const prefectAppId = options.prefectAppId ?? OKTA_SIM_PREFECT_APP_ID;
  const cap = options.pageSizeCap ?? 200;
  const caps = {
    users: options.pageSizeCaps?.users ?? cap,
    groups: options.pageSizeCaps?.groups ?? cap,
    groupMembers: options.pageSizeCaps?.groupMembers ?? cap,
    appUsers: options.pageSizeCaps?.appUsers ?? 500,
    logs: options.pageSizeCaps?.logs ?? 1000,
  };
  const limiter = new OktaSimRateLimiter(options.rateLimit ?? DEFAULT_OKTA_SIM_RATE_LIMIT, now);
  const auth = createOktaSimAuth({ token, ...(options.oauthClient ? { oauthClient: options.oauthClient } : {}), now });
  const ids = createOktaIds();
  const indexOf = createIndexCache(ids);

  const route = (req: SimRequest, family: OktaSimFamily): SimResponse => {
    if (family === '/oauth2/v1/token') return auth.token(req);
    if (req.method !== 'GET') return oktaErrorResponse(405, 'E0000022');
    const denied = auth.check(req, SCOPE_FOR[family]);
    if (denied) return denied;
    const index = indexOf(org);
    const c: DirectoryContext = { org, index, ids, caps, prefectAppId };
    const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent); // api, v1, ...
    const [, , resource, id, sub, ...rest] = parts;
    if (resource === 'users' && id === undefined) return listUsers(req, c);
    if (resource === 'users' && id !== undefined && sub === undefined) return getUser(req, c, id);
    if (resource === 'groups' && id === undefined) return listGroups(req, c);
    if (resource === 'groups' && id !== undefined && sub === 'users' && rest.length === 0) return listGroupMembers(req, c, id);
    if (resource === 'apps' && id !== undefined && sub === 'users' && rest.length === 0) return listAppUsers(req, c, id);
    if (resource === 'logs') {
      const render = (e: Parameters<typeof renderLogEvent>[0]) =>
        renderLogEvent(e, {
          ids,
          person: (pid) => index.person.get(pid),
          group: (gid) => index.group.get(gid),
          appId: prefectAppId,
          appLabel: OKTA_SIM_PREFECT_APP_LABEL,
        });
      return handleOktaLogs(req, org, render, ids, caps.logs);
    }
    return oktaErrorResponse(404, 'E0000007', `Not found: Resource not found: ${req.path}`);
  };

  const handler: SimHandler = (req) => {
    const family = oktaSimFamily(req.path);
    if (!family) return withHeaders(oktaErrorResponse(404, 'E0000007', `Not found: Resource not found: ${req.path}`), limiter.dateHeader());
    const taken = limiter.take(family);
    if (!taken.allowed) return withHeaders(oktaErrorResponse(429, 'E0000047'), taken.headers);
    return withHeaders(route(req, family), taken.headers);
  };

  return {
    handler,
    rateLimitResponse: (req) => {
      const family = oktaSimFamily(req.path);
      const headers = family ? limiter.peek(family, true) : limiter.dateHeader();
      return withHeaders(oktaErrorResponse(429, 'E0000047'), headers);
    },
    errorResponse: (status, req) => {
      const family = oktaSimFamily(req.path);
      const headers = family ? limiter.peek(family) : limiter.dateHeader();
      const code = oktaCodeForStatus(status);
      const summary =
        status === 500 && req.path.startsWith('/api/v1/groups/')
          ? 'Your last request took too long to complete. This is likely due to a load issue on our side. We\u2019ve logged this and will work to address it. Please either simplify your query or wait a few minutes and try again.'
          : undefined;
      return withHeaders(oktaErrorResponse(status, code, summary), headers);
    },
    token,
    prefectAppId,
    issuedAccessTokens: () => auth.issuedAccessTokens(),
  };
}

export interface RunningOktaSim extends RunningSim {
  /** The org URL to configure a connector with (http://127.0.0.1:PORT). */
  baseUrl: string;
  /** The SSWS token to use. */
  token: string;
  prefectAppId: string;
  /** The OAuth client id, when one was registered. */
  clientId: string | null;
  scopes: string[];
  issuedAccessTokens(): string[];
}

/** Starts the Okta simulator on 127.0.0.1 and returns where it is and what credentials it accepts. */
export async function startOktaSimulator(
  org: OrgModel,
  options: OktaSimOptions & { faults?: Fault[]; latencyMs?: number; port?: number } = {},
): Promise<RunningOktaSim> {
  const sim = createOktaSimHandler(org, options);
  const running = await serveSimulator('okta', sim, options);
  return Object.assign(running, {
    baseUrl: running.origin,
    token: sim.token,
    prefectAppId: sim.prefectAppId,
    clientId: options.oauthClient?.clientId ?? null,
    scopes: options.oauthClient?.scopes ?? OKTA_READ_SCOPES,
    issuedAccessTokens: sim.issuedAccessTokens,
  });
}

function withHeaders(res: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...res, headers: { ...headers, ...(res.headers ?? {}), 'x-okta-request-id': randomBytes(12).toString('base64url') } };
}
