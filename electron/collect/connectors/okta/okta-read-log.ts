import type { SourceItem } from '../../connector';
import { OktaError } from './okta-errors';
import { mapOktaLogEvent, OKTA_EVENT_TYPES } from './okta-mapping';
import type { OktaPage, OktaSession } from './okta-session';

/** The name the System Log position is stored under between reads. */
export const OKTA_LOG_CURSOR = 'logs.next';
/** Okta refuses `since` more than 180 days back; keep a minute of margin for clock skew. */
const MAX_SINCE_MS = 180 * 86_400_000 - 60_000;
export const OKTA_LOG_PAGE = 1000;

export interface OktaLogOptions {
  /** First read only: how far back to start (default 90, Okta's retention). */
  lookbackDays: number;
  /** A safety stop for a log that never runs dry; the cursor still lets the next read continue. */
  maxPages: number;
}

/**
 * The System Log as a polling stream (no `until`, ascending): Okta always sends a `next`
 * link, even on an empty page, so the read stops at the first empty page and stores that
 * page's `next` URL as the cursor. The next read resumes from it and sees only new events.
 */
export async function* readOktaSystemLog(s: OktaSession, options: OktaLogOptions): AsyncGenerator<SourceItem, void, void> {
  s.state.phase = 'system log';
  const start = startUrl(s, options);
  let url = start.url;
  const seen = new Set<string>();
  let skippedTypes = 0;
  const interesting = new Set<string>(OKTA_EVENT_TYPES);
  for (let pageNo = 1; ; pageNo += 1) {
    const where = `Okta /api/v1/logs page ${pageNo}`;
    let page: OktaPage;
    try {
      page = yield* s.fetchPage(url, where, '/api/v1/logs');
    } catch (error) {
      // A stored cursor Okta no longer accepts (400) must not wedge every later read: start
      // again from the lookback window; events are deduplicated by uuid downstream.
      if (pageNo === 1 && start.resumed && error instanceof OktaError && error.status === 400) {
        s.state.notes.push(`Okta refused the stored System Log cursor (${error.oktaCode ?? 'HTTP 400'}); started again from the lookback window.`);
        url = freshUrl(s, options);
        page = yield* s.fetchPage(url, where, '/api/v1/logs');
      } else {
        throw error;
      }
    }
    for (const raw of page.items) {
      const mapped = mapOktaLogEvent(raw);
      if (!mapped.ok) {
        yield s.quarantine('event', mapped.reason, raw, where);
        continue;
      }
      const event = mapped.value;
      if (seen.has(event.id)) continue; // Okta may repeat an event across pages; uuid is its identity
      seen.add(event.id);
      if (!interesting.has(event.type)) {
        skippedTypes += 1;
        continue;
      }
      s.state.events += 1;
      yield { type: 'event', event };
    }
    yield s.progress();
    if (page.items.length === 0 || !page.next) {
      // An empty polling page: caught up. Its next link is where the next read starts. (A
      // bounded answer without a next link: re-polling this same URL continues from here.)
      yield { type: 'cursor', name: OKTA_LOG_CURSOR, value: page.next ?? url };
      break;
    }
    if (pageNo >= options.maxPages) {
      s.state.notes.push(`Stopped the Okta System Log after ${pageNo} pages; the next read continues from there.`);
      yield { type: 'cursor', name: OKTA_LOG_CURSOR, value: page.next };
      break;
    }
    url = page.next;
  }
  if (skippedTypes > 0) s.state.notes.push(`${skippedTypes} Okta System Log event(s) of other types were ignored.`);
}

/** Resume from the stored cursor when it belongs to this org's System Log; otherwise start at `since`. */
function startUrl(s: OktaSession, options: OktaLogOptions): { url: string; resumed: boolean } {
  const stored = s.ctx.cursors.get(OKTA_LOG_CURSOR);
  if (stored) {
    try {
      const u = new URL(stored);
      if (u.origin === new URL(s.baseUrl).origin && u.pathname === '/api/v1/logs') return { url: u.toString(), resumed: true };
    } catch {
      // fall through to a fresh start
    }
    s.state.notes.push('The stored Okta System Log cursor does not belong to this org; started again from the lookback window.');
  }
  return { url: freshUrl(s, options), resumed: false };
}

/** A polling query from `lookbackDays` ago (capped at 180 days), ascending, for the event types of interest. */
function freshUrl(s: OktaSession, options: OktaLogOptions): string {
  const nowMs = s.ctx.clock.now().getTime();
  const backMs = Math.min(Math.max(0, options.lookbackDays) * 86_400_000, MAX_SINCE_MS);
  const params = new URLSearchParams({
    since: new Date(nowMs - backMs).toISOString(),
    sortOrder: 'ASCENDING',
    limit: String(OKTA_LOG_PAGE),
    filter: OKTA_EVENT_TYPES.map((t) => `eventType eq "${t}"`).join(' or '),
  });
  return `${s.baseUrl}/api/v1/logs?${params.toString()}`;
}
