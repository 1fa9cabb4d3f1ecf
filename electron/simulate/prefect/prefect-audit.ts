import { randomUUID } from 'node:crypto';
import type { OrgModel, PrefectAuditEvent, PrefectModel } from '../org/org-model';
import type { SimRequest, SimResponse } from '../sim-server';
import { detail, objectBody, validationError, type Json } from './prefect-filter';

/** Who called: the account-level admin key, or a service account by one of its keys. */
export interface PrefectCaller {
  actorId: string;
  name: string;
}

/** What every route handler gets. */
export interface PrefectRouteContext {
  org: OrgModel;
  p: PrefectModel;
  req: SimRequest;
  params: Record<string, string>;
  caller: PrefectCaller;
  /** Events endpoint: largest accepted `limit` (Prefect Cloud documents 200; Prefect OSS caps at 50). */
  auditMaxLimit: number;
  /** Origin written into `next_page`; Prefect writes what it sees behind its proxy. */
  nextPageOrigin: string | undefined;
}

const DAY_MS = 86_400_000;
export const AUDIT_MAX_SPAN_MS = 14 * DAY_MS;

/** Records a write the way Prefect's audit log would, and marks the organisation changed. */
export function recordWrite(
  ctx: PrefectRouteContext,
  event: string,
  resource: { kind: string; id: string; name?: string | null },
  related: { kind: string; id: string; role: string; name?: string | null }[] = [],
): void {
  const entry: PrefectAuditEvent = {
    id: randomUUID(),
    occurred: ctx.org.now,
    event: `prefect-cloud.${event}`,
    resourceId: `prefect-cloud.${resource.kind}.${resource.id}`,
    resourceName: resource.name ?? null,
    related: [
      { id: `prefect-cloud.actor.${ctx.caller.actorId}`, role: 'actor', name: ctx.caller.name },
      ...related.map((r) => ({ id: `prefect-cloud.${r.kind}.${r.id}`, role: r.role, name: r.name ?? null })),
    ],
  };
  ctx.p.auditEvents.push(entry);
  touchOrg(ctx.org);
}

export function touchOrg(org: OrgModel): void {
  org.version += 1;
}

export function renderEvent(e: PrefectAuditEvent): Json {
  return {
    id: e.id,
    occurred: e.occurred,
    event: e.event,
    resource: { 'prefect.resource.id': e.resourceId, ...(e.resourceName ? { 'prefect.resource.name': e.resourceName } : {}) },
    related: e.related.map((r) => ({ 'prefect.resource.id': r.id, 'prefect.resource.role': r.role, ...(r.name ? { 'prefect.resource.name': r.name } : {}) })),
    payload: {},
    received: e.occurred,
    follows: null,
  };
}

interface EventQuery {
  since: number;
  until: number;
  prefixes: string[] | null;
  order: 'ASC' | 'DESC';
  limit: number;
  offset: number;
}

function runQuery(p: PrefectModel, q: EventQuery): { page: PrefectAuditEvent[]; total: number } {
  const matched = p.auditEvents.filter((e) => {
    const t = Date.parse(e.occurred);
    if (t < q.since || t > q.until) return false;
    return !q.prefixes || q.prefixes.some((x) => e.event.startsWith(x));
  });
  const dir = q.order === 'ASC' ? 1 : -1;
  matched.sort((a, b) => dir * (Date.parse(a.occurred) - Date.parse(b.occurred) || a.id.localeCompare(b.id)));
  return { page: matched.slice(q.offset, q.offset + q.limit), total: matched.length };
}

function answer(ctx: PrefectRouteContext, q: EventQuery): SimResponse {
  const { page, total } = runQuery(ctx.p, q);
  let nextPage: string | null = null;
  if (q.offset + page.length < total) {
    const token = Buffer.from(JSON.stringify({ ...q, offset: q.offset + page.length })).toString('base64url');
    const origin = ctx.nextPageOrigin ?? `http://${String(ctx.req.headers.host ?? '127.0.0.1')}`;
    nextPage = `${origin}/api/accounts/${ctx.p.accountId}/events/filter/next?page-token=${token}`;
  }
  return { status: 200, json: { events: page.map(renderEvent), total, next_page: nextPage } };
}

/** POST /api/accounts/{aid}/events/filter: `{filter: {occurred: {since, until}, event: {prefix}}, limit}`. */
export function eventsFilter(ctx: PrefectRouteContext): SimResponse {
  const body = objectBody(ctx.req);
  if (!body.ok) return body.response;
  const limitRaw = body.value.limit;
  let limit = Math.min(50, ctx.auditMaxLimit);
  if (limitRaw !== undefined && limitRaw !== null) {
    if (typeof limitRaw !== 'number' || !Number.isInteger(limitRaw)) return validationError(['body', 'limit'], 'Input should be a valid integer', 'int_type', limitRaw);
    if (limitRaw < 0) return validationError(['body', 'limit'], 'Input should be greater than or equal to 0', 'greater_than_equal', limitRaw);
    if (limitRaw > ctx.auditMaxLimit) return validationError(['body', 'limit'], `Input should be less than or equal to ${ctx.auditMaxLimit}`, 'less_than_equal', limitRaw);
    limit = limitRaw;
  }
  const filter = (body.value.filter ?? {}) as Json;
  if (typeof filter !== 'object' || Array.isArray(filter)) return validationError(['body', 'filter'], 'Input should be a valid dictionary', 'dict_type');
  const occurred = (filter.occurred ?? {}) as Json;
  const now = Date.parse(ctx.org.now);
  const until = parseTime(occurred.until, now);
  if (until === null) return validationError(['body', 'filter', 'occurred', 'until'], 'Input should be a valid datetime', 'datetime_parsing', occurred.until);
  const since = parseTime(occurred.since, until - DAY_MS);
  if (since === null) return validationError(['body', 'filter', 'occurred', 'since'], 'Input should be a valid datetime', 'datetime_parsing', occurred.since);
  if (until < since) return validationError(['body', 'filter', 'occurred'], 'until must not be before since', 'value_error');
  if (until - since > AUDIT_MAX_SPAN_MS) {
    return validationError(['body', 'filter', 'occurred'], 'Audit log queries may span at most 14 days; narrow occurred.since/until', 'value_error');
  }
  const eventFilter = (filter.event ?? {}) as Json;
  const prefixes = Array.isArray(eventFilter.prefix) ? eventFilter.prefix.filter((x): x is string => typeof x === 'string') : null;
  const order = filter.order === 'ASC' ? 'ASC' : 'DESC';
  return answer(ctx, { since, until, prefixes, order, limit, offset: 0 });
}

/** GET .../events/filter/next?page-token=...: the same query, further on. */
export function eventsNext(ctx: PrefectRouteContext): SimResponse {
  const token = ctx.req.query.get('page-token');
  if (!token) return validationError(['query', 'page-token'], 'Field required', 'missing');
  let q: EventQuery;
  try {
    q = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as EventQuery;
    if (typeof q.since !== 'number' || typeof q.until !== 'number' || typeof q.offset !== 'number' || typeof q.limit !== 'number') throw new Error('shape');
  } catch {
    return detail(403, 'Invalid page token');
  }
  return answer(ctx, q);
}

function parseTime(v: unknown, fallback: number): number | null {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}
