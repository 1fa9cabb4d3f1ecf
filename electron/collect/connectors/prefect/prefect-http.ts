import { HttpError, type HttpClient, type HttpRequest, type HttpResponse } from '../../http/http-client';
import { redact } from '../../../platform/redact';

/** Prefect silently truncates identity lists at 200: never ask for more, never stop on a full page. */
export const PREFECT_PAGE_SIZE = 200;

/**
 * Prefect Cloud's API base as the connector uses it: `<origin>/api`, nothing after it.
 * Accepts what people paste: `https://api.prefect.cloud`, `.../api`, `.../api/`, or a full
 * workspace URL (`.../api/accounts/<aid>/workspaces/<wid>`, the usual PREFECT_API_URL), the
 * same normalization Prefect's Terraform provider applies. The docs write the audit route as
 * `/api/accounts/{aid}/events/filter`: that is this base plus `/accounts/{aid}/events/filter`.
 */
export function normalizePrefectApiUrl(apiUrl: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    throw new Error(`Prefect API URL "${apiUrl}" is not a URL (expected e.g. https://api.prefect.cloud/api)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Prefect API URL "${apiUrl}" must start with https://`);
  }
  let path = url.pathname.replace(/\/+$/, '');
  const accounts = path.indexOf('/accounts/');
  if (accounts >= 0) path = path.slice(0, accounts);
  if (!path.endsWith('/api')) path = `${path}/api`;
  return `${url.origin}${path}`;
}

/** What every Prefect call shares: the client, the auth header, the per-account rate-limit key. */
export interface PrefectCall {
  http: HttpClient;
  signal: AbortSignal;
  base: string;
  apiKey: string;
  rateLimitKey: string;
  /** Milliseconds spent waiting (rate limit or backoff) since the caller last reset it. */
  waitedMs: number;
}

export interface PrefectRequestSpec {
  method: HttpRequest['method'];
  /** Path under the API base, e.g. /accounts/<aid>/bots/filter (no query secrets). */
  path: string;
  query?: string;
  body?: unknown;
  retry: boolean;
  /** What we were reading, in words, for 403 messages: "account memberships". */
  what: string;
  /** Where in the read, e.g. "offset 400"; shown in every error. */
  where?: string;
}

/** Sends one request; any non-2xx becomes an HttpError a person can act on. */
export async function prefectSend(call: PrefectCall, spec: PrefectRequestSpec): Promise<HttpResponse> {
  const url = `${call.base}${spec.path}${spec.query ? `?${spec.query}` : ''}`;
  const label = describeCall(spec);
  let response: HttpResponse;
  try {
    response = await call.http.request(
      {
        method: spec.method,
        url,
        headers: { authorization: `Bearer ${call.apiKey}` },
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        signal: call.signal,
        retry: spec.retry,
        rateLimitKey: call.rateLimitKey,
      },
      { onWait: ({ ms }) => void (call.waitedMs += ms) },
    );
  } catch (error) {
    if (error instanceof HttpError) throw new HttpError(redact(`Prefect ${label}: ${error.message}`), error.kind, error.status, error.proxy);
    throw new HttpError(redact(`Prefect ${label}: ${String(error)}`), 'other');
  }
  if (response.status >= 200 && response.status < 300) return response;
  throw new HttpError(describeFailure(response, spec), 'http', response.status);
}

/** Parses a JSON body, naming the endpoint and page when it is not JSON. */
export function parseJsonBody(response: HttpResponse, spec: PrefectRequestSpec): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    const preview = response.text.slice(0, 60).replace(/\s+/g, ' ');
    throw new HttpError(redact(`Prefect ${describeCall(spec)}: body is not JSON (starts with "${preview}")`), 'other', response.status);
  }
}

export function describeCall(spec: Pick<PrefectRequestSpec, 'method' | 'path' | 'where'>): string {
  return `${spec.method} ${spec.path}${spec.where ? ` (${spec.where})` : ''}`;
}

function describeFailure(response: HttpResponse, spec: PrefectRequestSpec): string {
  const label = describeCall(spec);
  // Prefect's own sentence ends with a full stop; ours follows it.
  const detail = errorDetail(response.text).replace(/\.+$/, '');
  const suffix = detail ? `: ${detail}` : '';
  switch (response.status) {
    case 401:
      return redact(`Prefect rejected the API key (401 on ${label})${suffix}. Check that the key is current and belongs to this account.`);
    case 403:
      return redact(`Prefect: the key lacks permission to read ${spec.what} (403 on ${label})${suffix}. Use an account Admin's or Owner's key, or a service account with that role.`);
    case 404:
      return redact(`Prefect ${label}: not found (404)${suffix}. Check the account id and the API URL.`);
    case 422:
      return redact(`Prefect ${label}: the request was refused as invalid (422)${suffix}`);
    case 429:
      return redact(`Prefect ${label}: still rate limited (429) after retrying; the account's request budget is exhausted${suffix}`);
    default:
      return redact(`Prefect ${label}: HTTP ${response.status}${suffix}`);
  }
}

/**
 * Prefect errors are FastAPI's: `{"detail": "text"}` or, for validation,
 * `{"detail": [{"loc": ["body", "limit"], "msg": "...", "type": "..."}]}`.
 */
export function errorDetail(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trim().slice(0, 200);
  }
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d: { loc?: unknown; msg?: unknown }) => {
        const loc = Array.isArray(d?.loc) ? d.loc.join('.') : '';
        return `${loc ? `${loc}: ` : ''}${typeof d?.msg === 'string' ? d.msg : JSON.stringify(d)}`;
      })
      .join('; ');
  }
  return text.trim().slice(0, 200);
}

/** True when a 422's detail points at the body's `limit` field. */
export function isLimitRejection(error: unknown): boolean {
  return error instanceof HttpError && error.status === 422 && /\blimit\b/.test(error.message);
}

export interface FilterPage {
  items: unknown[];
  offset: number;
  /** 1-based page number within this collection. */
  page: number;
}

/**
 * Reads one `POST .../filter` collection with limit 200 and an offset loop, ending only on a
 * page shorter than 200 (a full page may be the server's silent cap, never the end). Pages
 * are yielded as they arrive so nothing holds a whole collection.
 */
export async function* filterPages(
  call: PrefectCall,
  options: { path: string; what: string; body?: Record<string, unknown> },
): AsyncGenerator<FilterPage, { pages: number; items: number }, void> {
  let offset = 0;
  let page = 0;
  let items = 0;
  for (;;) {
    const spec: PrefectRequestSpec = {
      method: 'POST',
      path: options.path,
      body: { ...(options.body ?? {}), limit: PREFECT_PAGE_SIZE, offset },
      retry: true,
      what: options.what,
      where: `offset ${offset}`,
    };
    const response = await prefectSend(call, spec);
    const parsed = parseJsonBody(response, spec);
    if (!Array.isArray(parsed)) {
      const got = parsed === null ? 'null' : typeof parsed === 'object' ? 'an object' : typeof parsed;
      throw new HttpError(redact(`Prefect ${describeCall(spec)}: expected a JSON array of ${options.what}, got ${got}`), 'other', response.status);
    }
    if (parsed.length > PREFECT_PAGE_SIZE) {
      throw new HttpError(`Prefect ${describeCall(spec)}: returned ${parsed.length} items for limit ${PREFECT_PAGE_SIZE}; refusing a page we cannot place`, 'other');
    }
    page += 1;
    items += parsed.length;
    yield { items: parsed, offset, page };
    if (parsed.length < PREFECT_PAGE_SIZE) return { pages: page, items };
    offset += parsed.length;
  }
}
