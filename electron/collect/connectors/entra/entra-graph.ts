import { HttpError, type HttpResponse } from '../../http/http-client';
import type { ConnectorContext } from '../../connector';
import { EntraError, describeGraphFailure, isResyncSignal, parseGraphError } from './entra-errors';
import type { EntraTokenSource } from './entra-token';

/** One page of a Graph collection, checked for shape. */
export interface GraphPage {
  value: unknown[];
  nextLink?: string;
  deltaLink?: string;
}

export type PageOutcome =
  | { kind: 'page'; page: GraphPage; waitedMs: number }
  /** Graph says the delta state is gone (410, syncStateNotFound, resyncRequired): start over with a full read. */
  | { kind: 'resync'; reason: string };

export interface GraphReaderConfig {
  /** Origin of the Graph API (e.g. https://graph.microsoft.com); links elsewhere are refused. */
  graphOrigin: string;
  tenantId: string;
  pageSize: number;
  tokens: EntraTokenSource;
}

export interface GraphReader {
  /** Fetches one page. `where` names it in errors, e.g. "/v1.0/users/delta page 3". */
  fetchPage(url: string, resource: 'users' | 'groups', where: string): Promise<PageOutcome>;
}

/**
 * Fetches Graph pages with the cached token, refreshing it once on a 401, and classifies
 * every answer: a page, a resync signal, or an error that says what to fix.
 */
export function createGraphReader(ctx: ConnectorContext, config: GraphReaderConfig): GraphReader {
  async function send(url: string, where: string, onWait: (ms: number) => void): Promise<HttpResponse> {
    const token = await config.tokens.token(ctx);
    try {
      return await ctx.http.request(
        {
          method: 'GET',
          url,
          headers: {
            authorization: `Bearer ${token}`,
            // Graph's user/group delta ignores $top; the page size is asked for with this preference
            // (Graph caps it, at 200 objects per page at the time of writing).
            prefer: `odata.maxpagesize=${config.pageSize}`,
          },
          signal: ctx.signal,
          // Graph throttles per tenant (and per app in the tenant), not per host.
          rateLimitKey: `entra:${config.tenantId}`,
        },
        { onWait: (info) => onWait(info.ms) },
      );
    } catch (error) {
      if (error instanceof HttpError) throw new HttpError(`Entra ${where}: ${error.message}`, error.kind, error.status, error.proxy);
      throw error;
    }
  }

  return {
    async fetchPage(url, resource, where) {
      assertSameOrigin(url, config.graphOrigin, where);
      let waitedMs = 0;
      const onWait = (ms: number) => {
        waitedMs += ms;
      };
      let response = await send(url, where, onWait);
      if (response.status === 401) {
        // Tokens can be revoked or expire early: one fresh token, then give up with the reason.
        config.tokens.invalidate();
        response = await send(url, where, onWait);
      }
      if (response.status === 200) return { kind: 'page', page: parseGraphPage(response.text, where, config.graphOrigin), waitedMs };
      const error = parseGraphError(response.text);
      if (isResyncSignal(response.status, error)) {
        return { kind: 'resync', reason: `HTTP ${response.status}${error?.code ? ` ${error.code}` : ''} on ${where}` };
      }
      throw describeGraphFailure(where, resource, response.status, response.text);
    },
  };
}

/** Parses and checks a collection page; a page we cannot read fails the read, naming the page. */
export function parseGraphPage(text: string, where: string, graphOrigin?: string): GraphPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EntraError(`Entra ${where}: body is not JSON (${text.length} bytes)`, 'malformed', 200);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new EntraError(`Entra ${where}: body is not a JSON object`, 'malformed', 200);
  const body = parsed as Record<string, unknown>;
  if (!Array.isArray(body.value)) throw new EntraError(`Entra ${where}: page has no "value" array`, 'malformed', 200);
  const page: GraphPage = { value: body.value };
  for (const [field, key] of [['@odata.nextLink', 'nextLink'], ['@odata.deltaLink', 'deltaLink']] as const) {
    const link = body[field];
    if (link === undefined || link === null) continue;
    if (typeof link !== 'string' || !isHttpUrl(link)) throw new EntraError(`Entra ${where}: ${field} is not a URL`, 'malformed', 200);
    if (graphOrigin) assertSameOrigin(link, graphOrigin, `${where} ${field}`);
    page[key] = link;
  }
  return page;
}

/** Never send the bearer token to a host other than the configured Graph endpoint. */
function assertSameOrigin(url: string, graphOrigin: string, where: string): void {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw new EntraError(`Entra ${where}: not a valid URL`, 'malformed');
  }
  if (origin !== graphOrigin) {
    throw new EntraError(`Entra ${where}: link points to ${origin}, not the configured Graph host ${graphOrigin}; refusing to send the access token there`, 'malformed');
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
