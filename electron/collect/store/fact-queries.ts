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
 * answer is built on. In the store's order, (slot, key), whether a version is still open or
 * was unpacked from history: analyses that visit records in order (identity building, who an
 * ambiguous address joins) must give the same answer for C whenever they are asked.
 */
export function factsAsOf<K extends RecordKind>(db: Db, kind: K, collectionId: number, sourceId?: string): FactAsOf<K>[] {
  const statement = db
    .prepare(`SELECT slot, key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`)
    .raw();
  const out: FactAsOf<K>[] = [];
  for (const source of sourceId ? [sourceId] : knownSourceIds(db)) {
    const rows = statement.all(source, kind, collectionId, collectionId) as StoreRow[];
    for (const [, key, json, from, to] of inStoreOrder(rows)) {
      out.push({ sourceId: source, kind, key, value: JSON.parse(json) as RecordValue<K>, validFrom: from, validTo: to });
    }
  }
  return out;
}

/** A raw `SELECT slot, key, value_json, valid_from, valid_to FROM facts` row. */
export type StoreRow = [slot: number, key: string, valueJson: string, validFrom: number, validTo: number | null];

/**
 * Sorts rows of the facts view into the store's order, (slot, key). The view returns sorted
 * runs (open rows, then history blocks), so this is a merge of runs, and about n comparisons
 * when everything is open.
 */
export function inStoreOrder<R extends [number, string, ...unknown[]]>(rows: R[]): R[] {
  return rows.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
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
