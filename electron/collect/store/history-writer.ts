import type { Db } from '../../db/open-database';
import { statement } from './statements';
import { HISTORY_BLOCK_ROWS, packHistory, type HistoryRow } from './history-codec';

/**
 * Collects the versions one collection closes, per stream, and writes them to fact_history
 * as packed blocks of at most HISTORY_BLOCK_ROWS versions (so memory stays bounded however
 * much a poll closes).
 */
export class HistoryWriter {
  private readonly pending = new Map<number, { part: number; rows: HistoryRow[] }>();
  private readonly insert;

  constructor(db: Db, private readonly collectionId: number) {
    this.insert = statement(db, 'INSERT INTO fact_history (stream, valid_to, part, versions, packed) VALUES (?, ?, ?, ?, ?)');
  }

  add(stream: number, row: HistoryRow): void {
    let entry = this.pending.get(stream);
    if (!entry) {
      entry = { part: 0, rows: [] };
      this.pending.set(stream, entry);
    }
    entry.rows.push(row);
    if (entry.rows.length >= HISTORY_BLOCK_ROWS) this.write(stream, entry);
  }

  finish(): void {
    for (const [stream, entry] of this.pending) this.write(stream, entry);
    this.pending.clear();
  }

  private write(stream: number, entry: { part: number; rows: HistoryRow[] }): void {
    if (entry.rows.length === 0) return;
    this.insert.run(stream, this.collectionId, entry.part, entry.rows.length, packHistory(entry.rows));
    entry.part += 1;
    entry.rows = [];
  }
}
