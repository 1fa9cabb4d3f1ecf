import type { IdpEvent, OrgModel } from '../org/org-model';
import type { SimRequest, SimResponse } from '../sim-server';
import { oktaErrorResponse } from './okta-sim-errors';
import type { OktaIds } from './okta-sim-render';
import { decodeCursor, encodeCursor, linkHeader, nextUrl, parseLimit, relocate, scan } from './okta-sim-paging';

const DAY_MS = 86_400_000;

/**
 * GET /api/v1/logs as apis.md and Okta's System Log reference describe it: `since` (at most
 * 180 days back; 90 days retained), `until`, opaque `after`, `filter`, `sortOrder`, `limit`
 * (default 100, max 1000). A polling request (no `until`, ascending) always carries a `next`
 * link, even on an empty page; positions follow the order events were recorded in the org
 * (Okta's "persistence time"), so a late event is not skipped by a client resuming a cursor.
 * Times are the org's simulated time (org.now).
 */
export function handleOktaLogs(req: SimRequest, org: OrgModel, render: (e: IdpEvent) => unknown, ids: OktaIds, cap: number): SimResponse {
  const q = req.query;
  const limit = parseLimit(q.get('limit'), 100, cap, 0);
  if (limit === null) return oktaErrorResponse(400, 'E0000001', "Api validation failed: 'limit': must be an integer between 0 and 1000.");
  const sortOrder = q.get('sortOrder') ?? 'ASCENDING';
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') return oktaErrorResponse(400, 'E0000001', "Api validation failed: 'sortOrder': must be ASCENDING or DESCENDING.");
  const nowMs = Date.parse(org.now);
  const until = q.get('until');
  const untilMs = until === null ? null : Date.parse(until);
  if (untilMs !== null && Number.isNaN(untilMs)) return badDate('until');
  const since = q.get('since');
  let sinceMs: number | null = since === null ? null : Date.parse(since);
  if (sinceMs !== null && Number.isNaN(sinceMs)) return badDate('since');
  if (sinceMs !== null && sinceMs < nowMs - 180 * DAY_MS) {
    return oktaErrorResponse(400, 'E0000053', 'Invalid parameter: The since parameter is over 180 days prior to the current day.');
  }
  const after = q.get('after');
  if (sinceMs === null && after === null) sinceMs = (untilMs ?? nowMs) - 7 * DAY_MS; // Okta's default: 7 days before until
  const filter = parseLogFilter(q.get('filter'), ids);
  if (filter === 'invalid') return oktaErrorResponse(400, 'E0000053', `Invalid filter '${q.get('filter') ?? ''}': this simulator supports eventType/target.id/actor.id eq "..." joined by or.`);
  const retainedFrom = nowMs - 90 * DAY_MS;
  const matches = (e: IdpEvent): boolean => {
    const t = Date.parse(e.published);
    if (t > nowMs || t < retainedFrom) return false;
    if (sinceMs !== null && t < sinceMs) return false;
    if (untilMs !== null && t >= untilMs) return false;
    return filter === null || filter(e);
  };

  const polling = untilMs === null && sortOrder === 'ASCENDING';
  // Polling follows recording order (persistence time); bounded answers are ordered by published.
  const list = polling ? org.idpEvents : [...org.idpEvents].sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0));
  const step = sortOrder === 'ASCENDING' ? 1 : -1;
  let start = step === 1 ? 0 : list.length - 1;
  if (after !== null) {
    const cursor = decodeCursor(after);
    if (!cursor) return oktaErrorResponse(400, 'E0000001', "Api validation failed: 'after': the cursor is not valid.");
    start = relocate(list, cursor, (e) => e.uuid, (e) => e.published) + step;
  }
  const page = scan(list, start, step, limit, matches);
  const last = list[page.lastIndex];
  const cursor = encodeCursor({ i: page.lastIndex, k: last?.uuid ?? '', ...(last ? { p: last.published } : {}) });
  const next = polling || page.more ? nextUrl(req.url, cursor, polling) : null;
  return {
    status: 200,
    headers: { 'content-type': 'application/json', link: linkHeader(req.url.toString(), next) },
    json: page.items.map(render),
  };
}

function badDate(field: string): SimResponse {
  return oktaErrorResponse(400, 'E0000001', `Api validation failed: '${field}': The date format in your query is not recognized. Please enter dates using ISO8601 string format.`, [
    `${field}: The date format in your query is not recognized. Please enter dates using ISO8601 string format.`,
  ]);
}

/**
 * The filter subset the connectors use: `attr eq "value"` terms (eventType, target.id,
 * actor.id), optionally parenthesised, joined by `or`. null = no filter.
 */
export function parseLogFilter(raw: string | null, ids: OktaIds): ((e: IdpEvent) => boolean) | null | 'invalid' {
  if (raw === null || raw.trim() === '') return null;
  let text = raw.trim();
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1);
  const terms = text.split(/\s+or\s+/i);
  const tests: ((e: IdpEvent) => boolean)[] = [];
  for (const term of terms) {
    const m = /^\(?\s*(eventType|target\.id|actor\.id)\s+eq\s+"([^"]*)"\s*\)?$/i.exec(term.trim());
    if (!m) return 'invalid';
    const attr = (m[1] ?? '').toLowerCase();
    const value = m[2] ?? '';
    if (attr === 'eventtype') tests.push((e) => e.eventType === value);
    else if (attr === 'actor.id') tests.push((e) => e.actorId !== null && (ids.user(e.actorId) === value || e.actorId === value));
    else tests.push((e) => (e.personId !== null && ids.user(e.personId) === value) || (e.groupId !== null && ids.group(e.groupId) === value));
  }
  return (e) => tests.some((t) => t(e));
}
