import type { Db } from '../../db/open-database';
import type { RecordKind, RecordValue } from '../../../shared/domain/records';

export interface FactAsOf<K extends RecordKind = RecordKind> {
  sourceId: string;
  kind: K;
  key: string;
  value: RecordValue<K>;
  validFrom: number;
  validTo: number | null;
}

/**
 * The facts of one kind that held at collection C: the interval lookup every point-in-time
 * answer is built on.
 */
export function factsAsOf<K extends RecordKind>(db: Db, kind: K, collectionId: number, sourceId?: string): FactAsOf<K>[] {
  const statement = db.prepare(
    `SELECT key, value_json, valid_from, valid_to FROM facts
     WHERE source_id = ? AND kind = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`,
  );
  const out: FactAsOf<K>[] = [];
  // One range scan of the clustered key per source: (source_id, kind) is its prefix.
  for (const source of sourceId ? [sourceId] : knownSourceIds(db)) {
    for (const r of statement.iterate(source, kind, collectionId, collectionId) as IterableIterator<{
      key: string;
      value_json: string;
      valid_from: number;
      valid_to: number | null;
    }>) {
      out.push({ sourceId: source, kind, key: r.key, value: JSON.parse(r.value_json) as RecordValue<K>, validFrom: r.valid_from, validTo: r.valid_to });
    }
  }
  return out;
}

/** Every source that has ever been read. */
export function knownSourceIds(db: Db): string[] {
  return (db.prepare('SELECT DISTINCT source_id FROM collection_sources ORDER BY source_id').all() as { source_id: string }[]).map((r) => r.source_id);
}

/** Counts of open facts per source and kind: what the current state holds. */
export function openFactCounts(db: Db): { sourceId: string; kind: string; count: number }[] {
  return (db
    .prepare('SELECT s.source_id, s.kind, count(*) AS n FROM fact_open o JOIN fact_streams s ON s.id = o.stream GROUP BY s.source_id, s.kind ORDER BY s.source_id, s.kind')
    .all() as {
    source_id: string;
    kind: string;
    n: number;
  }[]).map((r) => ({ sourceId: r.source_id, kind: r.kind, count: r.n }));
}
