import { z } from 'zod';
import { HttpError } from '../../http/http-client';
import { sourceEventSchema, type SourceEvent } from '../../../../shared/domain/records';
import type { SourceItem } from '../../connector';
import { describeCall, isLimitRejection, parseJsonBody, prefectSend, type PrefectCall, type PrefectRequestSpec } from './prefect-http';
import { quarantineRaw } from './prefect-mappers';

const DAY_MS = 86_400_000;
/** One audit query may span at most 14 days (apis.md). */
export const AUDIT_WINDOW_MS = 14 * DAY_MS;
export const AUDIT_CURSOR = 'events.since';
/** The documented page size; some deployments refuse it, then we drop to Prefect OSS's 50. */
const AUDIT_PAGE_LIMITS = [200, 50];

export interface AuditReadOptions {
  accountId: string;
  now: Date;
  /** The stored cursor (ISO time), if any. */
  cursor: string | undefined;
  lookbackDays: number;
  /** Re-read this much before the cursor: events can land a little after they occurred; ids dedupe. */
  overlapMs: number;
  windowMs: number;
}

export interface AuditReadResult {
  events: number;
  pages: number;
  notes: string[];
}

const rawResource = z.record(z.string(), z.unknown());
const rawEvent = z.object({
  id: z.string().min(1),
  occurred: z.string().min(1),
  event: z.string().min(1),
  resource: rawResource.nullish(),
  related: z.array(rawResource).nullish(),
});
const rawPage = z.object({
  events: z.array(z.unknown()),
  total: z.number().nullish(),
  next_page: z.string().nullish(),
});

/**
 * Reads audit events from the stored cursor to now in windows of at most 14 days, following
 * `next_page` within each. Only the page token is taken from `next_page`: Prefect builds that
 * URL from what it sees behind its proxy (often `http://`), so the request goes to our own
 * API base and the key never travels anywhere else. After the last window the cursor moves
 * to that window's end (saved only if the collection commits).
 */
export async function* readAuditEvents(call: PrefectCall, options: AuditReadOptions): AsyncGenerator<SourceItem, AuditReadResult, void> {
  const notes: string[] = [];
  const nowMs = options.now.getTime();
  let sinceMs = nowMs - options.lookbackDays * DAY_MS;
  const cursorMs = options.cursor ? Date.parse(options.cursor) : NaN;
  if (options.cursor && Number.isNaN(cursorMs)) notes.push(`stored audit cursor "${options.cursor}" is not a time; read the last ${options.lookbackDays} days instead`);
  if (!Number.isNaN(cursorMs)) sinceMs = cursorMs - options.overlapMs;

  if (sinceMs > nowMs) notes.push(`stored audit cursor ${options.cursor ?? ''} is later than now; no audit window was read`);
  const retention = await readRetentionDays(call, options.accountId, notes);
  if (retention !== undefined) {
    const floor = nowMs - retention * DAY_MS;
    if (sinceMs < floor) {
      if (!Number.isNaN(cursorMs)) notes.push(`audit events between ${new Date(sinceMs).toISOString()} and ${new Date(floor).toISOString()} are past the account's ${retention}-day retention and could not be read`);
      sinceMs = floor;
    }
  }

  const path = `/accounts/${options.accountId}/events/filter`;
  let limitIndex = 0;
  let events = 0;
  let pages = 0;
  for (let windowStart = sinceMs; windowStart < nowMs; ) {
    const windowEnd = Math.min(windowStart + options.windowMs, nowMs);
    const lastWindow = windowEnd >= nowMs;
    const since = new Date(windowStart).toISOString();
    const until = new Date(windowEnd).toISOString();
    const where = `window ${since} to ${until}`;
    let spec: PrefectRequestSpec;
    let response;
    for (;;) {
      const limit = AUDIT_PAGE_LIMITS[limitIndex] ?? 50;
      spec = { method: 'POST', path, body: { filter: { occurred: { since, until } }, limit }, retry: true, what: 'audit events', where: `${where}, page 1` };
      try {
        response = await prefectSend(call, spec);
        break;
      } catch (error) {
        if (isLimitRejection(error) && limitIndex + 1 < AUDIT_PAGE_LIMITS.length) {
          limitIndex += 1;
          notes.push(`the events endpoint refused limit ${limit}; read audit events ${AUDIT_PAGE_LIMITS[limitIndex]} per page`);
          continue;
        }
        // No audit log for this key or plan: the identity records still stand; the cursor stays put.
        if (error instanceof HttpError && (error.status === 403 || error.status === 404)) {
          notes.push(`audit events not read: ${error.message}`);
          return { events, pages, notes };
        }
        throw error;
      }
    }
    let pageInWindow = 1;
    let seenInWindow = 0;
    let total: number | null = null;
    const tokens = new Set<string>();
    for (;;) {
      const page = parsePage(parseJsonBody(response, spec), spec);
      pages += 1;
      total = page.total ?? total;
      for (const raw of page.events) {
        seenInWindow += 1;
        // Both bounds are inclusive: an event exactly on a window's end belongs to the next window.
        if (!lastWindow && eventTime(raw) >= windowEnd) continue;
        const mapped = mapAuditEvent(raw);
        if (mapped.ok) {
          events += 1;
          yield { type: 'event', event: mapped.event };
        } else {
          yield { type: 'quarantine', kind: 'event', reason: mapped.reason, raw: quarantineRaw(raw), where: `Prefect ${describeCall(spec)}` };
        }
      }
      yield { type: 'progress', progress: { phase: 'audit events', pages, records: events, ...waited(call), message: `${since.slice(0, 10)} to ${until.slice(0, 10)}` } };
      if (!page.next_page) break;
      const token = pageToken(page.next_page);
      if (!token) throw new HttpError(`Prefect ${describeCall(spec)}: next_page has no page-token`, 'other');
      if (tokens.has(token)) throw new HttpError(`Prefect ${describeCall(spec)}: next_page repeats an earlier page token; stopping rather than looping`, 'other');
      tokens.add(token);
      pageInWindow += 1;
      spec = {
        method: 'GET',
        path: `${path}/next`,
        query: `page-token=${encodeURIComponent(token)}`,
        retry: true,
        what: 'audit events',
        where: `${where}, page ${pageInWindow}`,
      };
      response = await prefectSend(call, spec);
    }
    if (total !== null && total !== seenInWindow) {
      notes.push(`audit ${where}: Prefect reported ${total} events, ${seenInWindow} were returned`);
    }
    windowStart = windowEnd;
  }
  // The last window ends at `now`, so that is where the next read starts.
  yield { type: 'cursor', name: AUDIT_CURSOR, value: new Date(nowMs).toISOString() };
  return { events, pages, notes };
}

function waited(call: PrefectCall): { waitingMs?: number } {
  if (call.waitedMs <= 0) return {};
  const ms = call.waitedMs;
  call.waitedMs = 0;
  return { waitingMs: ms };
}

/** GET /accounts/{aid} for `audit_log_retention_days`; a refusal is a note, not a failure. */
async function readRetentionDays(call: PrefectCall, accountId: string, notes: string[]): Promise<number | undefined> {
  const spec: PrefectRequestSpec = { method: 'GET', path: `/accounts/${accountId}`, retry: true, what: 'the account' };
  try {
    const body = parseJsonBody(await prefectSend(call, spec), spec) as { audit_log_retention_days?: unknown } | null;
    const days = body?.audit_log_retention_days;
    if (typeof days === 'number' && Number.isFinite(days) && days > 0) return days;
    notes.push('the account does not state audit_log_retention_days; the lookback was not capped');
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) throw error;
    notes.push(`could not read the account's audit retention (${error instanceof Error ? error.message : String(error)}); the lookback was not capped`);
  }
  return undefined;
}

function parsePage(parsed: unknown, spec: PrefectRequestSpec) {
  const p = rawPage.safeParse(parsed);
  if (!p.success) {
    const what = p.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new HttpError(`Prefect ${describeCall(spec)}: not an events page ({events, total, next_page}): ${what}`, 'other');
  }
  return p.data;
}

/** The page token inside `next_page`, which may be absolute, relative, or on another host. */
export function pageToken(nextPage: string): string | null {
  try {
    return new URL(nextPage, 'http://placeholder.invalid').searchParams.get('page-token');
  } catch {
    return null;
  }
}

const ACTOR_PREFIX = 'prefect-cloud.actor.';

/**
 * A Prefect event as a SourceEvent. The actor is the related resource with role "actor";
 * its `prefect-cloud.actor.<uuid>` id is reduced to the uuid, which is the memberships'
 * `actor_id`. Targets keep Prefect's own resource ids (`prefect-cloud.<resource>.<id>`), which
 * say what kind of thing each is. The payload is not kept: it is not documented and may
 * carry things we must not store.
 */
export function mapAuditEvent(raw: unknown): { ok: true; event: SourceEvent } | { ok: false; reason: string } {
  const p = rawEvent.safeParse(raw);
  if (!p.success) return { ok: false, reason: p.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ') };
  const e = p.data;
  const resourceId = str(e.resource?.['prefect.resource.id']);
  const related = (e.related ?? []).map((r) => ({
    id: str(r['prefect.resource.id']),
    role: str(r['prefect.resource.role']),
    name: str(r['prefect.resource.name']) ?? str(r['prefect-cloud.name']) ?? str(r['prefect-cloud.email']),
  }));
  // Canonical ISO (UTC, milliseconds), as the other connectors store times, so events from every
  // source sort as text; Prefect may send microseconds or "+00:00". Its own text stays in the detail.
  const occurredMs = /(?:Z|[+-]\d\d:?\d\d)$/i.test(e.occurred) ? Date.parse(e.occurred) : NaN;
  if (Number.isNaN(occurredMs)) return { ok: false, reason: `occurred: "${e.occurred.slice(0, 40)}" is not an ISO 8601 time with a zone` };
  const occurredAt = new Date(occurredMs).toISOString();
  const actor = related.find((r) => r.role === 'actor');
  const targetIds = [...new Set([resourceId, ...related.filter((r) => r !== actor).map((r) => r.id)].filter((x): x is string => !!x))];
  const event = {
    id: e.id,
    occurredAt,
    type: e.event,
    actorId: actor?.id ? (actor.id.startsWith(ACTOR_PREFIX) ? actor.id.slice(ACTOR_PREFIX.length) : actor.id) : null,
    actorName: actor?.name ?? null,
    targetIds,
    detail: {
      resourceId,
      resourceName: str(e.resource?.['prefect.resource.name']),
      related: related.filter((r) => r !== actor).map((r) => ({ id: r.id, role: r.role, name: r.name })),
      ...(occurredAt !== e.occurred ? { occurred: e.occurred } : {}),
    },
  };
  const checked = sourceEventSchema.safeParse(event);
  if (!checked.success) return { ok: false, reason: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, event: checked.data };
}

function eventTime(raw: unknown): number {
  const occurred = raw && typeof raw === 'object' ? (raw as { occurred?: unknown }).occurred : undefined;
  return typeof occurred === 'string' ? Date.parse(occurred) : NaN;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}
