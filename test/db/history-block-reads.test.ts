import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { historyBlocksRead, packHistory, registerFactHistory } from '../../electron/collect/store/history-codec';
import { factSlot } from '../../electron/collect/store/fact-digest';

/**
 * The facts view unpacks a history block only when a condition on the block (its stream and
 * valid_to) lets it through. Reads of "what changed between P and C" state that every wanted
 * row has valid_to NULL or after P, so a year of history is not unpacked for one day's change.
 */
describe('history blocks read by window queries', () => {
  it('a between-P-and-C query with the implied valid_to bound unpacks only the blocks closed after P', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations);
    registerFactHistory(db);
    for (let c = 1; c <= 12; c++) db.prepare(`INSERT INTO collections (id, started_at, finished_at, status, trigger) VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 'complete', 't')`).run(c);
    db.prepare(`INSERT INTO fact_streams (id, source_id, kind, digest_level) VALUES (1, 'prefect', 'prefect_member', 0)`).run();
    // One version closed at each collection 2..11, one open since 11.
    for (let c = 2; c <= 11; c++) {
      const key = `m${c}`;
      db.prepare('INSERT INTO fact_history (stream, valid_to, part, versions, packed) VALUES (1, ?, 0, 1, ?)').run(c, packHistory([{ slot: factSlot(key), validFrom: c - 1, key, valueJson: `{"n":${c}}` }]));
    }
    db.prepare(`INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES (1, ?, 'm12', 11, '{"n":12}')`).run(factSlot('m12'));
    const window = (implied: boolean) =>
      db
        .prepare(
          `SELECT key FROM facts WHERE source_id = 'prefect' AND kind = 'prefect_member' ${implied ? 'AND (valid_to IS NULL OR valid_to > @p)' : ''}
           AND ((valid_from > @p AND valid_from <= @c) OR (valid_to > @p AND valid_to <= @c)) ORDER BY key`,
        )
        .pluck();
    const count = (f: () => unknown) => {
      const before = historyBlocksRead();
      const value = f();
      return { value, blocks: historyBlocksRead() - before };
    };
    const plain = count(() => window(false).all({ p: 10, c: 11 }));
    const bounded = count(() => window(true).all({ p: 10, c: 11 }));
    expect(bounded.value).toEqual(plain.value);
    expect(bounded.value).toEqual(['m11', 'm12']);
    expect(plain.blocks).toBe(10);
    expect(bounded.blocks).toBe(1);
    db.close();
  });
});
