import os from 'node:os';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { appendLedger } from '../../evidence/ledger';
import type { CollectionStatus, CollectionSummary, SourceRunSummary } from '../../../shared/domain/collection';

interface CollectionRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: CollectionStatus;
  trigger: string;
  request_count: number;
  content_hash: string | null;
  error: string | null;
}

interface SourceRow {
  collection_id: number;
  source_id: string;
  kind: string;
  status: SourceRunSummary['status'];
  mode: 'full' | 'delta' | null;
  started_at: string;
  finished_at: string | null;
  pages: number;
  records: number;
  events: number;
  quarantined: number;
  requests: number;
  facts_opened: number;
  facts_closed: number;
  content_hash: string | null;
  notes_json: string;
  error: string | null;
}

/** Cursors the last committed collection stored for a source (Okta log position, Graph deltaLink...). */
export function readCursors(db: Db, sourceId: string): Map<string, string> {
  const rows = db.prepare('SELECT name, value FROM source_cursors WHERE source_id = ?').all(sourceId) as { name: string; value: string }[];
  return new Map(rows.map((r) => [r.name, r.value]));
}

/**
 * Marks runs left 'running' by a process that no longer exists (a crash, a kill -9) as
 * failed, and says so on the ledger. Runs of a live process (another window, a CLI
 * collect) are left alone.
 */
export function recoverInterruptedCollections(db: Db, clock: Clock, isAlive: (pid: number) => boolean = processIsAlive): number[] {
  const host = os.hostname();
  const stale = (db.prepare(`SELECT id, runner_pid, runner_host FROM collections WHERE status = 'running'`).all() as {
    id: number;
    runner_pid: number | null;
    runner_host: string | null;
  }[]).filter((r) => r.runner_host !== host || r.runner_pid === null || !isAlive(r.runner_pid));
  if (stale.length === 0) return [];
  db.transaction(() => {
    for (const row of stale) {
      const error = 'Interrupted: the process running this collection stopped before it finished. Nothing from it was stored.';
      db.prepare(`UPDATE collections SET status = 'failed', finished_at = ?, error = ? WHERE id = ?`).run(clock.now().toISOString(), error, row.id);
      appendLedger(db, clock, { actor: 'system', action: 'collection.interrupted', subject: `collection ${row.id}`, details: { collectionId: row.id, error } });
    }
  })();
  return stale.map((r) => r.id);
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The current snapshot: the newest collection that read every source completely. */
export function currentCollectionId(db: Db): number | null {
  const row = db.prepare(`SELECT id FROM collections WHERE status = 'complete' ORDER BY id DESC LIMIT 1`).get() as { id: number } | undefined;
  return row?.id ?? null;
}

export function listCollections(db: Db, options: { limit: number; beforeId?: number }): CollectionSummary[] {
  const rows = db
    .prepare('SELECT * FROM collections WHERE id < ? ORDER BY id DESC LIMIT ?')
    .all(options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit) as CollectionRow[];
  if (rows.length === 0) return [];
  const sources = db
    .prepare(`SELECT * FROM collection_sources WHERE collection_id BETWEEN ? AND ? ORDER BY source_id`)
    .all(rows.at(-1)!.id, rows[0]!.id) as SourceRow[];
  const byCollection = new Map<number, SourceRunSummary[]>();
  for (const s of sources) {
    const list = byCollection.get(s.collection_id) ?? [];
    list.push(toSourceSummary(s));
    byCollection.set(s.collection_id, list);
  }
  return rows.map((r) => toSummary(r, byCollection.get(r.id) ?? []));
}

export function getCollection(db: Db, id: number): CollectionSummary | null {
  const row = db.prepare('SELECT * FROM collections WHERE id = ?').get(id) as CollectionRow | undefined;
  if (!row) return null;
  const sources = db.prepare('SELECT * FROM collection_sources WHERE collection_id = ? ORDER BY source_id').all(id) as SourceRow[];
  return toSummary(row, sources.map(toSourceSummary));
}

function toSummary(r: CollectionRow, sources: SourceRunSummary[]): CollectionSummary {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null,
    requestCount: r.request_count,
    contentHash: r.content_hash,
    error: r.error,
    sources,
  };
}

function toSourceSummary(s: SourceRow): SourceRunSummary {
  return {
    sourceId: s.source_id,
    kind: s.kind,
    status: s.status,
    mode: s.mode,
    startedAt: s.started_at,
    finishedAt: s.finished_at,
    pages: s.pages,
    records: s.records,
    events: s.events,
    quarantined: s.quarantined,
    requests: s.requests,
    factsOpened: s.facts_opened,
    factsClosed: s.facts_closed,
    contentHash: s.content_hash,
    notes: JSON.parse(s.notes_json) as string[],
    error: s.error,
  };
}
