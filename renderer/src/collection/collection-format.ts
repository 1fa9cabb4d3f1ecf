import type { CollectionStatus, CollectionStatusReport, CollectionSummary, SourceRunStatus } from '../../../shared/domain/collection';
import type { SourceConfig } from '../../../shared/domain/source-config';
import { formatTimestamp } from '../format';

/**
 * Display helpers for collections and connections. Counts are summed from the per-source rows
 * the API returns, so the history and the detail view can never disagree.
 */

/** "850 ms", "1.9 s", "2 min 05 s", "1 h 02 min": precise for short runs, readable for long ones. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Thousands separators, independent of the browser's locale (screenshots and tests stay stable). */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 request", "87 requests", "1,514 records". */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

export interface CollectionTotals {
  records: number;
  events: number;
  quarantined: number;
  factsOpened: number;
  factsClosed: number;
}

export function collectionTotals(collection: CollectionSummary): CollectionTotals {
  const totals: CollectionTotals = { records: 0, events: 0, quarantined: 0, factsOpened: 0, factsClosed: 0 };
  for (const s of collection.sources) {
    totals.records += s.records;
    totals.events += s.events;
    totals.quarantined += s.quarantined;
    totals.factsOpened += s.factsOpened;
    totals.factsClosed += s.factsClosed;
  }
  return totals;
}

export const STATUS_LABELS: Record<CollectionStatus | SourceRunStatus, string> = {
  running: 'Running',
  reading: 'Reading',
  complete: 'Complete',
  degraded: 'Degraded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Not stored',
};

/** Why a collection did not become current, in one line: its error, a source's, or its quarantine. */
export function collectionProblem(collection: CollectionSummary): string {
  if (collection.error) return collection.error;
  const failing = collection.sources.find((s) => s.error);
  if (failing) return `${failing.sourceId}: ${failing.error}`;
  const quarantined = collectionTotals(collection).quarantined;
  if (quarantined > 0) return `${formatCount(quarantined)} record${quarantined === 1 ? '' : 's'} quarantined`;
  const incomplete = collection.sources.filter((s) => s.status !== 'complete').map((s) => s.sourceId);
  return incomplete.length ? `not read completely: ${incomplete.join(', ')}` : 'not every source was read completely';
}

const OUTCOME_VERB: Record<CollectionStatus, string> = {
  running: 'is still running',
  complete: 'completed',
  degraded: 'was degraded',
  failed: 'failed',
  cancelled: 'was cancelled',
};

/**
 * The stale-data warning: when the newest collection is not the current snapshot, everything
 * shown comes from an older one, and an auditor must be told which and why. Null when the
 * data is current (or a run is still going).
 */
export function staleNotice(report: Pick<CollectionStatusReport, 'current' | 'latest'>): string | null {
  const { current, latest } = report;
  if (!latest || latest.status === 'running' || (current && latest.id === current.id)) return null;
  const run = `the latest run ${latest.id} (${formatTimestamp(latest.startedAt)}) ${OUTCOME_VERB[latest.status]}: ${collectionProblem(latest)}`;
  if (!current) return `There is no complete collection yet; ${run}`;
  return `Data is from collection ${current.id} (${formatTimestamp(current.finishedAt ?? current.startedAt)}); ${run}`;
}

/** Where a connection reads from, for the connections list. */
export function connectionEndpoint(connection: SourceConfig): string {
  switch (connection.kind) {
    case 'okta':
    case 'scim':
      return connection.url;
    case 'prefect':
      return `${connection.url ?? 'https://api.prefect.cloud/api'} (account ${connection.accountId})`;
    case 'entra':
      return `tenant ${connection.tenantId}${connection.graphUrl ? ` at ${connection.graphUrl}` : ''}`;
    case 'hr_csv':
      return connection.path;
  }
}

/** The credential names a connection needs (the `...Env` fields of its auth). */
export function credentialNames(connection: SourceConfig): string[] {
  if (!('auth' in connection)) return [];
  return Object.entries(connection.auth as Record<string, unknown>)
    .filter(([key, value]) => key.endsWith('Env') && typeof value === 'string')
    .map(([, value]) => value as string);
}
