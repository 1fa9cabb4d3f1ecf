import { AppError } from '../../../shared/api/result';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { appendLedger } from '../../evidence/ledger';

/**
 * Which sources a collection has to read to be complete: every source the newest complete
 * collection read, unless it was retired. A run without one of them cannot speak for it, and
 * as "the current snapshot" it would show everything that source holds as gone (all of a
 * Prefect account's access removed, every leaver finding resolved). Such a run is degraded.
 */
export interface MissingSource {
  sourceId: string;
  /** The newest complete collection that read it. */
  lastReadIn: number;
}

export function missingSources(db: Db, readIds: readonly string[]): MissingSource[] {
  const read = new Set(readIds);
  const rows = db
    .prepare(
      `SELECT s.source_id AS sourceId, s.collection_id AS lastReadIn FROM collection_sources s
       WHERE s.collection_id = (SELECT max(id) FROM collections WHERE status = 'complete')
         AND s.source_id NOT IN (SELECT source_id FROM retired_sources)
       ORDER BY s.source_id`,
    )
    .all() as MissingSource[];
  return rows.filter((r) => !read.has(r.sourceId));
}

/** The collection's error text for sources it did not read: what is missing and the two ways out. */
export function describeMissing(missing: readonly MissingSource[]): string {
  const list = missing.map((m) => `"${m.sourceId}" (last read by collection ${m.lastReadIn})`).join(', ');
  return (
    `This run did not read ${list}, so it cannot say what ${missing.length === 1 ? 'that source holds' : 'those sources hold'} now ` +
    `and does not become the current snapshot. Put the source back in the configuration, or, if it is gone for good, retire it ` +
    `(Settings › Connections lists it with a Retire button, or \`access-ledger retire --source ID\`): its history stays.`
  );
}

/** A source read again is back in service. Inside the collection's write transaction. */
export function unretire(db: Db, readIds: readonly string[]): void {
  const remove = db.prepare('DELETE FROM retired_sources WHERE source_id = ?');
  for (const id of readIds) remove.run(id);
}

export interface Retirement {
  sourceId: string;
  lastReadIn: number | null;
  retiredAt: string;
  /** It was retired before: nothing was written (the ledger keeps the first retirement). */
  alreadyRetired: boolean;
}

/** Takes a source out of service on purpose (on the ledger). Refuses a source never read; a second retirement is a no-op. */
export function retireSource(db: Db, clock: Clock, actor: string, sourceId: string, reason: string | null = null): Retirement {
  return db
    .transaction((): Retirement => {
      const before = db.prepare('SELECT last_read_in AS lastReadIn, retired_at AS retiredAt FROM retired_sources WHERE source_id = ?').get(sourceId) as
        | { lastReadIn: number | null; retiredAt: string }
        | undefined;
      if (before) return { sourceId, ...before, alreadyRetired: true };
      if (db.prepare('SELECT 1 FROM collection_sources WHERE source_id = ? LIMIT 1').get(sourceId) === undefined) {
        const ids = (db.prepare('SELECT DISTINCT source_id FROM collection_sources ORDER BY source_id').pluck().all() as string[]).join(', ') || 'none yet';
        throw new AppError('NOT_FOUND', `No source "${sourceId}" was ever read (sources read so far: ${ids}).`);
      }
      const lastReadIn = (
        db
          .prepare(`SELECT max(s.collection_id) AS c FROM collection_sources s JOIN collections c ON c.id = s.collection_id WHERE s.source_id = ? AND c.status = 'complete'`)
          .get(sourceId) as { c: number | null }
      ).c;
      const retiredAt = clock.now().toISOString();
      db.prepare(`INSERT INTO retired_sources (source_id, retired_at, actor, last_read_in, reason) VALUES (?, ?, ?, ?, ?)`).run(sourceId, retiredAt, actor, lastReadIn, reason);
      appendLedger(db, clock, { actor, action: 'source.retired', subject: sourceId, details: { sourceId, lastReadIn, reason } });
      return { sourceId, lastReadIn, retiredAt, alreadyRetired: false };
    })
    .immediate();
}
