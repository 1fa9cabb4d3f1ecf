import type { Migration } from '../migrate';
import { factSlot } from '../../collect/store/fact-digest';
import { HISTORY_BLOCK_ROWS, packHistory, registerFactHistory, type HistoryRow } from '../../collect/store/history-codec';

/**
 * Compact fact storage. Schema 2 kept every version of every fact as one row with its
 * source id and kind as text, which made a year of history about four times one snapshot.
 * Now:
 * - a (source, kind) pair is a small integer stream id (fact_streams);
 * - open facts, the ones every current answer and every merge reads, stay plain rows keyed
 *   by (stream, slot, key) (fact_open);
 * - closed versions never change again: each collection's closures per stream are packed into
 *   deflated blocks (fact_history, see collect/store/history-codec.ts);
 * - digests are kept per stream at a level that follows its size (fact_digests).
 * `facts` becomes a view with schema 2's columns, so every reader keeps its SQL.
 *
 * The old rows are converted: open facts copied, closed ones packed per (stream, valid_to),
 * and the 4096-bucket digests kept as level 12 (a level-12 bucket is a schema-2 bucket).
 */
export const migration007: Migration = {
  version: 7,
  name: '007-compact-facts',
  // The old facts table was most of the file.
  vacuumAfter: true,
  up(db) {
    registerFactHistory(db);
    db.function('fact_slot_007', { deterministic: true }, (key: unknown) => factSlot(String(key)));
    db.exec(`
      CREATE TABLE fact_streams (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        -- Digests are kept for 2^digest_level buckets of the stream's slots.
        digest_level INTEGER NOT NULL,
        UNIQUE (source_id, kind)
      ) STRICT;

      -- The open version of each key. valid_from is always the collection that wrote it (the
      -- merge is the only writer), so it carries no foreign key check per row.
      CREATE TABLE fact_open (
        stream INTEGER NOT NULL,
        slot INTEGER NOT NULL,
        key TEXT NOT NULL,
        valid_from INTEGER NOT NULL,
        value_json TEXT NOT NULL,
        PRIMARY KEY (stream, slot, key)
      ) STRICT, WITHOUT ROWID;

      -- Closed versions, packed per stream and closing collection (valid_to). A rowid table:
      -- a block of a few kilobytes stays on its page (a WITHOUT ROWID cell spills past ~1 KB
      -- into an overflow page of its own), and blocks are appended in valid_to order. The
      -- small unique index finds a stream's blocks closed after C ("what held at C") without
      -- touching any block.
      CREATE TABLE fact_history (
        id INTEGER PRIMARY KEY,
        valid_to INTEGER NOT NULL,
        stream INTEGER NOT NULL,
        part INTEGER NOT NULL,
        versions INTEGER NOT NULL,
        packed BLOB NOT NULL,
        UNIQUE (stream, valid_to, part)
      ) STRICT;

      CREATE TABLE fact_digests (
        stream INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        digest INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (stream, bucket)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO fact_streams (source_id, kind, digest_level)
        SELECT source_id, kind, 12 FROM (SELECT DISTINCT source_id, kind FROM facts UNION SELECT source_id, kind FROM fact_buckets) ORDER BY source_id, kind;
      INSERT INTO fact_digests (stream, bucket, digest, count)
        SELECT s.id, b.bucket, b.digest, b.count FROM fact_buckets b JOIN fact_streams s ON s.source_id = b.source_id AND s.kind = b.kind;
      INSERT INTO fact_open (stream, slot, key, valid_from, value_json)
        SELECT s.id, fact_slot_007(f.key), f.key, f.valid_from, f.value_json FROM facts f JOIN fact_streams s ON s.source_id = f.source_id AND s.kind = f.kind
        WHERE f.valid_to IS NULL ORDER BY 1, 2, 3;

      CREATE TEMP TABLE closed_007 AS
        SELECT s.id AS stream, f.valid_to, fact_slot_007(f.key) AS slot, f.valid_from, f.key, f.value_json
        FROM facts f JOIN fact_streams s ON s.source_id = f.source_id AND s.kind = f.kind
        WHERE f.valid_to IS NOT NULL ORDER BY 2, 1, 3, 5;
    `);
    packClosed(db);
    db.exec(`
      -- Derived access (006) orders principals by their fact's place in the store, which is
      -- now (slot, key): the derived rows are dropped, reads use the engine until the next
      -- complete collection derives them again (they are derived data only).
      DELETE FROM access_principals;
      DELETE FROM access_actors;
      DELETE FROM access_shapes;
      DELETE FROM access_derivations;
      DELETE FROM access_derivation_state;
      DROP TABLE temp.closed_007;
      DROP TABLE facts;
      DROP TABLE fact_buckets;

      -- Schema 2's facts, for readers: open rows as they are, closed ones unpacked. Rows come
      -- as sorted runs (open rows, then each history block), not in one order: a reader that
      -- needs the store's order sorts by (slot, key) (see fact-queries.ts, inStoreOrder).
      CREATE VIEW facts (source_id, kind, bucket, key, valid_from, valid_to, value_json, slot) AS
        SELECT s.source_id, s.kind, o.slot >> 4, o.key, o.valid_from, NULL, o.value_json, o.slot
          FROM fact_streams s JOIN fact_open o ON o.stream = s.id
        UNION ALL
        SELECT s.source_id, s.kind, r.slot >> 4, r.key, r.valid_from, h.valid_to, r.value_json, r.slot
          FROM fact_streams s JOIN fact_history h ON h.stream = s.id JOIN fact_history_rows(h.packed) r;
    `);
  },
};

/** Packs the old closed rows, a page at a time, into blocks per (stream, valid_to). */
function packClosed(db: Parameters<Migration['up']>[0]): void {
  const page = db.prepare(`SELECT rowid, stream, valid_to, slot, valid_from, key, value_json FROM temp.closed_007 WHERE rowid > ? ORDER BY rowid LIMIT 5000`);
  const insert = db.prepare('INSERT INTO fact_history (stream, valid_to, part, versions, packed) VALUES (?, ?, ?, ?, ?)');
  let group: { stream: number; validTo: number; part: number; rows: HistoryRow[] } | null = null;
  const flush = () => {
    if (group && group.rows.length > 0) {
      insert.run(group.stream, group.validTo, group.part, group.rows.length, packHistory(group.rows));
      group.part += 1;
      group.rows = [];
    }
  };
  let after = 0;
  for (;;) {
    const rows = page.all(after) as { rowid: number; stream: number; valid_to: number; slot: number; valid_from: number; key: string; value_json: string }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      if (!group || group.stream !== r.stream || group.validTo !== r.valid_to) {
        flush();
        group = { stream: r.stream, validTo: r.valid_to, part: 0, rows: [] };
      }
      group.rows.push({ slot: r.slot, validFrom: r.valid_from, key: r.key, valueJson: r.value_json });
      if (group.rows.length >= HISTORY_BLOCK_ROWS) flush();
    }
    after = rows.at(-1)!.rowid;
  }
  flush();
}
