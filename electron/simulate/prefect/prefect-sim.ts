import { randomBytes } from 'node:crypto';
import type { OrgModel } from '../org/org-model';
import { idFor } from '../org/org-model';
import { serveSimulator, type Fault, type RunningSim, type SimHandler, type SimRequest, type SimResponse } from '../sim-server';
import type { PrefectCaller } from './prefect-audit';
import { detail, validationError } from './prefect-filter';
import { matchRoute } from './prefect-routes';

export interface PrefectSimOptions {
  /** The account-level admin key the simulator accepts; generated when absent. Bot key secrets are accepted too. */
  apiKey?: string;
  faults?: Fault[];
  latencyMs?: number;
  port?: number;
  /** Requests per minute per account before 429 with Retry-After (off when absent). */
  rateLimitPerMinute?: number;
  /** Largest `limit` the events endpoint accepts (default 200; Prefect OSS accepts 50). */
  auditMaxLimit?: number;
  /** Origin Prefect writes into `next_page` (it reports what it sees behind its proxy). */
  nextPageOrigin?: string;
  /** Clock for the rate-limit window, in epoch ms (tests move it instead of sleeping). */
  now?: () => number;
  /** Called after each handled request ("data changes while a client pages" hooks in here). */
  afterRequest?: (req: SimRequest) => void;
  /** Sees every request before it is handled, body included (tests assert what clients asked for). */
  onRequest?: (req: SimRequest) => void;
}

/** The simulator's handler, carrying Prefect-shaped 429 and error builders for startSimServer's faults. */
export type PrefectSimHandler = SimHandler & {
  apiKey: string;
  rateLimitResponse: (req: SimRequest) => SimResponse;
  errorResponse: (status: number, req: SimRequest) => SimResponse;
};

export interface RunningPrefectSim extends RunningSim {
  credentials: { apiUrl: string; accountId: string; apiKey: string };
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ADMIN_ACTOR_NAME = 'Account admin (simulator key)';

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Invalid authentication credentials',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Prefect Cloud's account and audit API over the shared organisation (org.prefect), read live
 * on every request: filter lists with the silent 200 cap, the write endpoints remediation uses,
 * audit events in 14-day queries with page tokens, Bearer auth, 411/413/422 as Prefect answers
 * them, and a per-account rate limit answered with 429 and Retry-After.
 */
export function createPrefectSimHandler(org: OrgModel, options: PrefectSimOptions = {}): PrefectSimHandler {
  const apiKey = options.apiKey ?? `pnu_${randomBytes(18).toString('hex')}`;
  const adminActorId = idFor('prefect', 'simulator-admin-key');
  const now = options.now ?? Date.now;
  let windowStart = 0;
  let windowCount = 0;

  const rateLimitResponse = (): SimResponse => {
    const retryAfter = windowStart ? Math.max(1, Math.ceil((windowStart + 60_000 - now()) / 1000)) : 1;
    return { status: 429, headers: { 'retry-after': String(retryAfter) }, json: { detail: 'Rate limit exceeded. Please retry after the time given in the Retry-After header.' } };
  };
  const errorResponse = (status: number): SimResponse =>
    status === 422
      ? validationError(['body', 'limit'], 'Input should be less than or equal to 200', 'less_than_equal')
      : detail(status, ERROR_TEXT[status] ?? `HTTP ${status}`);

  function authenticate(req: SimRequest): PrefectCaller | undefined {
    const header = String(req.headers.authorization ?? '');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return undefined;
    const key = match[1];
    if (key === apiKey) return { actorId: adminActorId, name: ADMIN_ACTOR_NAME };
    const nowMs = Date.parse(org.now);
    for (const bot of org.prefect.bots) {
      const k = bot.apiKeys.find((x) => x.secret === key);
      if (!k) continue;
      if (k.expiration && Date.parse(k.expiration) <= nowMs) return undefined;
      return { actorId: bot.actorId, name: bot.name };
    }
    return undefined;
  }

  function overLimit(): boolean {
    if (!options.rateLimitPerMinute) return false;
    const t = now();
    if (!windowStart || t - windowStart >= 60_000) {
      windowStart = t;
      windowCount = 0;
    }
    windowCount += 1;
    return windowCount > options.rateLimitPerMinute;
  }

  const handler: SimHandler = (req) => {
    options.onRequest?.(req);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Buffer.byteLength(req.rawBody) > MAX_BODY_BYTES || declared > MAX_BODY_BYTES) return detail(413, 'Request body too large (limit 5 MiB)');
    if (WRITE_METHODS.has(req.method) && req.headers['content-length'] === undefined) return detail(411, 'Length Required');
    const segments = req.path.replace(/\/+$/, '').split('/').filter(Boolean);
    if (segments[0] !== 'api') return detail(404, 'Not Found');
    const caller = authenticate(req);
    if (!caller) return detail(401, ERROR_TEXT[401] ?? 'Unauthorized');
    if (overLimit()) return rateLimitResponse();
    if (segments[1] !== 'accounts' || segments.length < 3) return detail(404, 'Not Found');
    if (segments[2] !== org.prefect.accountId) return detail(404, 'Account not found.');
    const matched = matchRoute(req.method, segments.slice(3));
    if (matched === undefined) return detail(404, 'Not Found');
    if (matched === 'methodMismatch') return detail(405, 'Method Not Allowed');
    return matched.route.fn({
      org,
      p: org.prefect,
      req,
      params: matched.params,
      caller,
      auditMaxLimit: options.auditMaxLimit ?? 200,
      nextPageOrigin: options.nextPageOrigin,
    });
  };

  return Object.assign(handler, { apiKey, rateLimitResponse, errorResponse });
}

/** Starts the Prefect Cloud simulator on 127.0.0.1 and says how to reach it. */
export async function startPrefectSimulator(org: OrgModel, options: PrefectSimOptions = {}): Promise<RunningPrefectSim> {
  const handler = createPrefectSimHandler(org, options);
  const sim = await serveSimulator('prefect', { handler, rateLimitResponse: handler.rateLimitResponse, errorResponse: handler.errorResponse }, options);
  return Object.assign(sim, {
    credentials: { apiUrl: `${sim.origin}/api`, accountId: org.prefect.accountId, apiKey: handler.apiKey },
  });
}
