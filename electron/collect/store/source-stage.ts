import type { Db } from '../../db/open-database';
import type { SourceEvent, SourceRecord } from '../../../shared/domain/records';
import { redactDeep } from '../../platform/redact';

const BATCH = 2000;
const ROWS_PER_INSERT = 100;
let stageCounter = 0;

export interface QuarantinedItem {
  kind: string;
  location: string;
  reason: string;
  raw: unknown;
}

/**
 * Holds one source's read in TEMP tables while the connector streams, so memory stays flat
 * however large the source, and nothing touches the real tables until the whole collection
 * commits. Writes are batched into short transactions on the temp schema only, which take no
 * lock on the main database file.
 */
export class SourceStage {
  readonly table: string;
  private records: [string, string, string][] = [];
  private removed: [string, string][] = [];
  private events: SourceEvent[] = [];
  readonly quarantined: QuarantinedItem[] = [];
  readonly cursors = new Map<string, string>();
  private readonly removedKeys = new Set<string>();
  recordCount = 0;
  eventCount = 0;

  constructor(private readonly db: Db) {
    stageCounter += 1;
    this.table = `stage_${process.pid}_${stageCounter}`;
    db.exec(`
      -- Appended in arrival order (cheap); indexed once, when the merge needs it.
      CREATE TEMP TABLE ${this.table}_facts (kind TEXT NOT NULL, key TEXT NOT NULL, value_json TEXT NOT NULL);
      CREATE TEMP TABLE ${this.table}_removed (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TEMP TABLE ${this.table}_events (event_id TEXT PRIMARY KEY, occurred_at TEXT, type TEXT, actor_id TEXT, actor_name TEXT, target_ids_json TEXT, detail_json TEXT) WITHOUT ROWID;
    `);
  }

  /**
   * The value must come from its zod schema's parse: zod emits keys in schema order, so the
   * same value always serializes to the same JSON and compares equal from poll to poll.
   */
  addRecord(record: SourceRecord): void {
    if (this.removedKeys.size > 0 && this.removedKeys.has(`${record.kind}\u0000${record.key}`)) {
      // Delta order matters: a record after a removal of the same key brings it back.
      this.flush();
      this.removedKeys.delete(`${record.kind}\u0000${record.key}`);
      this.db.prepare(`DELETE FROM temp.${this.table}_removed WHERE kind = ? AND key = ?`).run(record.kind, record.key);
    }
    this.records.push([record.kind, record.key, JSON.stringify(record.value)]);
    this.recordCount += 1;
    if (this.records.length >= BATCH) this.flush();
  }

  /** Delta reads only (removals are few): a removal after a record of the same key wins over it. */
  addRemoved(kind: string, key: string): void {
    this.flush();
    this.db.prepare(`DELETE FROM temp.${this.table}_facts WHERE kind = ? AND key = ?`).run(kind, key);
    this.removedKeys.add(`${kind}\u0000${key}`);
    this.removed.push([kind, key]);
    if (this.removed.length >= BATCH) this.flush();
  }

  addEvent(event: SourceEvent): void {
    this.events.push(event);
    this.eventCount += 1;
    if (this.events.length >= BATCH) this.flush();
  }

  addQuarantine(item: QuarantinedItem): void {
    // Keep the raw item small and secret-free: it is evidence of what was refused, not a copy of the source.
    let raw = JSON.stringify(redactDeep(item.raw ?? null)) ?? 'null';
    if (raw.length > 4096) raw = JSON.stringify({ truncated: raw.slice(0, 4000) });
    this.quarantined.push({ ...item, raw });
  }

  flush(): void {
    if (!this.records.length && !this.removed.length && !this.events.length) return;
    const { insertFacts, insertFact, insertRemoved, insertEvent } = this.statements();
    this.db.transaction(() => {
      // Many rows per statement: the per-call cost of a prepared statement dominates otherwise.
      let i = 0;
      for (; i + ROWS_PER_INSERT <= this.records.length; i += ROWS_PER_INSERT) {
        insertFacts.run(this.records.slice(i, i + ROWS_PER_INSERT).flat());
      }
      for (; i < this.records.length; i++) insertFact.run(this.records[i]![0], this.records[i]![1], this.records[i]![2]);
      for (const r of this.removed) insertRemoved.run(r[0], r[1]);
      for (const e of this.events) {
        insertEvent.run(e.id, e.occurredAt, e.type, e.actorId, e.actorName, JSON.stringify(e.targetIds), JSON.stringify(redactDeep(e.detail)));
      }
    })();
    this.records = [];
    this.removed = [];
    this.events = [];
  }

  /**
   * Makes the staged facts ready for the merge: one index built in a single sort, and only
   * the last copy of a key kept if a source sent it twice.
   */
  prepareForMerge(): void {
    this.flush();
    const index = `CREATE UNIQUE INDEX temp.${this.table}_facts_key ON ${this.table}_facts (kind, key)`;
    try {
      this.db.exec(index);
    } catch {
      // Rare: a key arrived twice with different values. Keep the last; then index.
      this.db.exec(`
        DELETE FROM temp.${this.table}_facts WHERE rowid NOT IN (SELECT max(rowid) FROM temp.${this.table}_facts GROUP BY kind, key);
        ${index};
      `);
    }
  }

  private prepared?: ReturnType<SourceStage['prepareStatements']>;
  private statements() {
    this.prepared ??= this.prepareStatements();
    return this.prepared;
  }
  private prepareStatements() {
    return {
      insertFact: this.db.prepare(`INSERT INTO temp.${this.table}_facts (kind, key, value_json) VALUES (?, ?, ?)`),
      insertFacts: this.db.prepare(
        `INSERT INTO temp.${this.table}_facts (kind, key, value_json) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?)').join(', ')}`,
      ),
      insertRemoved: this.db.prepare(`INSERT OR IGNORE INTO temp.${this.table}_removed (kind, key) VALUES (?, ?)`),
      insertEvent: this.db.prepare(
        `INSERT OR IGNORE INTO temp.${this.table}_events (event_id, occurred_at, type, actor_id, actor_name, target_ids_json, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  drop(): void {
    this.prepared = undefined;
    this.records = [];
    this.removed = [];
    this.events = [];
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.table}_facts; DROP TABLE IF EXISTS temp.${this.table}_removed; DROP TABLE IF EXISTS temp.${this.table}_events;`);
  }
}
