import type { CollectionSummary, QuarantinePage } from '../../shared/domain/collection';

/** A collection as a few readable lines for the terminal. */
export function formatCollection(c: CollectionSummary): string {
  const seconds = c.durationMs !== null ? `${(c.durationMs / 1000).toFixed(1)} s` : 'unfinished';
  const head = `Collection ${c.id}: ${c.status.toUpperCase()} in ${seconds}, ${c.requestCount} requests${c.contentHash ? `, content ${c.contentHash.slice(0, 16)}…` : ''}`;
  const lines = [head];
  if (c.error) lines.push(c.status === 'degraded' ? `  ${c.error}` : `  error: ${c.error}`);
  for (const s of c.sources) {
    lines.push(
      `  ${s.sourceId.padEnd(14)} ${(s.status === 'skipped' ? 'not stored' : s.status).padEnd(10)} ${s.mode ?? '-'} ${s.records} records, ${s.events} new events, ${s.quarantined} quarantined, +${s.factsOpened}/-${s.factsClosed} facts, ${s.requests} requests${s.error ? ` — ${s.error}` : ''}`,
    );
    for (const note of s.notes) lines.push(`      note: ${note}`);
  }
  if (c.status === 'degraded' && !c.error) lines.push('  Degraded: some records were quarantined or a source could not vouch for completeness; no access was inferred as removed.');
  if (c.status === 'failed' || c.status === 'cancelled') lines.push('  Nothing from this run was stored; the previous snapshot stays current.');
  return lines.join('\n') + '\n';
}

/** What a collection refused, one line each (where, then why), so "degraded" can be acted on. */
export function formatQuarantine(page: QuarantinePage): string {
  if (page.total === 0) return '';
  const shown = page.items.length < page.total ? `the first ${page.items.length} of ${page.total}` : `${page.total}`;
  const lines = [`Quarantined (${shown}; stored with the collection, none of it counted as access):`];
  for (const q of page.items) lines.push(`  ${q.sourceId} ${q.kind} ${q.location}: ${q.reason}`);
  return lines.join('\n') + '\n';
}
