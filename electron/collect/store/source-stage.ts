import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/open-database';
import type { SourceEvent, SourceRecord } from '../../../shared/domain/records';
import { redactDeep } from '../../platform/redact';
import { BucketDigests, factBucket, factHash } from './fact-digest';

const BATCH = 2000;
const ROWS_PER_INSERT = 100;
const FILE_CHUNK = 1 << 20;
let stageCounter = 0;

export interface QuarantinedItem {
  kind: string;
  location: string;
  reason: string;
  raw: unknown;
}

/**
 * Holds one source's read while the connector streams, so memory stays flat however large
 * the source, and nothing touches the real tables until the whole collection commits.
 * Records go to an append-only scratch file (cheap), with bucket digests kept as they
 * stream; at merge time only the buckets whose digest moved are loaded into an indexed TEMP
 * table. Events and removals go to TEMP tables, which take no lock on the main database.
 */
export class SourceStage {
  readonly table: string;
  readonly digests = new BucketDigests();
  private readonly file: string;
  private readonly fd: number;
  private pending = '';
  /** Delta removals by key, with the record count at the time: an earlier staged record of that key is dropped. */
  private readonly removedAt = new Map<string, number>();
  private removed: [string, string][] = [];
  private events: SourceEvent[] = [];
  readonly quarantined: QuarantinedItem[] = [];
  readonly cursors = new Map<string, string>();
  /** Set when a removal dropped a staged record (delta reads): the streamed digests no longer match. */
  digestsStale = false;
  recordCount = 0;
  eventCount = 0;

  constructor(private readonly db: Db) {
    stageCounter += 1;
    this.table = `stage_${process.pid}_${stageCounter}`;
    this.file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'access-ledger-stage-')), 'records.jsonl');
    this.fd = fs.openSync(this.file, 'w+', 0o600);
    db.exec(`
      CREATE TEMP TABLE ${this.table}_removed (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TEMP TABLE ${this.table}_events (event_id TEXT PRIMARY KEY, occurred_at TEXT, type TEXT, actor_id TEXT, actor_name TEXT, target_ids_json TEXT, detail_json TEXT) WITHOUT ROWID;
    `);
  }

  /**
   * The value must come from its zod schema's parse: zod emits keys in schema order, so the
   * same value always serializes to the same JSON and compares equal from poll to poll.
   */
  addRecord(record: SourceRecord): void {
    if (this.removedAt.size > 0 && this.removedAt.delete(`${record.kind}\u0000${record.key}`)) {
      // Delta order matters: a record after a removal of the same key brings it back.
      this.flush();
      this.db.prepare(`DELETE FROM temp.${this.table}_removed WHERE kind = ? AND key = ?`).run(record.kind, record.key);
    }
    const valueJson = JSON.stringify(record.value);
    const bucket = factBucket(record.key);
    this.digests.add(record.kind, bucket, factHash(record.kind, record.key, valueJson));
    // One line per record; key and value are JSON, so neither can hold a raw tab or newline.
    this.pending += `${record.kind}\t${bucket}\t${JSON.stringify(record.key)}\t${valueJson}\n`;
    this.recordCount += 1;
    if (this.pending.length >= FILE_CHUNK) this.writePending();
  }

  /** Delta reads only (removals are few): a removal after a record of the same key wins over it. */
  addRemoved(kind: string, key: string): void {
    this.removedAt.set(`${kind}\u0000${key}`, this.recordCount);
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
    this.writePending();
    if (!this.removed.length && !this.events.length) return;
    const { insertRemoved, insertEvent } = this.statements();
    this.db.transaction(() => {
      for (const r of this.removed) insertRemoved.run(r[0], r[1]);
      for (const e of this.events) {
        insertEvent.run(e.id, e.occurredAt, e.type, e.actorId, e.actorName, JSON.stringify(e.targetIds), JSON.stringify(redactDeep(e.detail)));
      }
    })();
    this.removed = [];
    this.events = [];
  }

  private writePending(): void {
    if (!this.pending) return;
    fs.writeSync(this.fd, this.pending);
    this.pending = '';
  }

  /**
   * Loads the staged records of the given buckets (all when `buckets` is null) into
   * `temp.<table>_load (seq, kind, bucket, key, value_json)`, in arrival order. Records that
   * a later delta removal dropped are left out (and the digests marked stale).
   */
  load(buckets: Set<string> | null): string {
    this.flush();
    const table = `temp.${this.table}_load`;
    this.db.exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (seq INTEGER NOT NULL, kind TEXT NOT NULL, bucket INTEGER NOT NULL, key TEXT NOT NULL, value_json TEXT NOT NULL);`);
    if (buckets && buckets.size === 0) return table;
    const insertMany = this.db.prepare(`INSERT INTO ${table} VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?)').join(', ')}`);
    const insertOne = this.db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?)`);
    let rows: (string | number)[] = [];
    let seq = 0;
    const put = (line: string) => {
      const t1 = line.indexOf('\t');
      const t2 = line.indexOf('\t', t1 + 1);
      const t3 = line.indexOf('\t', t2 + 1);
      const kind = line.slice(0, t1);
      const bucketText = line.slice(t1 + 1, t2);
      seq += 1;
      if (buckets && !buckets.has(`${kind}\u0000${bucketText}`)) return;
      const key = JSON.parse(line.slice(t2 + 1, t3)) as string;
      if (this.removedAt.size > 0) {
        const removedAfter = this.removedAt.get(`${kind}\u0000${key}`);
        if (removedAfter !== undefined && removedAfter >= seq) {
          this.digestsStale = true;
          return;
        }
      }
      rows.push(seq, kind, Number(bucketText), key, line.slice(t3 + 1));
      if (rows.length === ROWS_PER_INSERT * 5) {
        insertMany.run(rows);
        rows = [];
      }
    };
    this.db.transaction(() => {
      const buffer = Buffer.alloc(FILE_CHUNK * 4);
      let carry = '';
      let position = 0;
      for (;;) {
        const read = fs.readSync(this.fd, buffer, 0, buffer.length, position);
        if (read === 0) break;
        position += read;
        const text = carry + buffer.toString('utf8', 0, read);
        const lines = text.split('\n');
        carry = lines.pop()!;
        for (const line of lines) put(line);
      }
      if (carry) put(carry);
      for (let i = 0; i < rows.length; i += 5) insertOne.run(rows.slice(i, i + 5));
    })();
    return table;
  }

  private prepared?: ReturnType<SourceStage['prepareStatements']>;
  private statements() {
    this.prepared ??= this.prepareStatements();
    return this.prepared;
  }
  private prepareStatements() {
    return {
      insertRemoved: this.db.prepare(`INSERT OR IGNORE INTO temp.${this.table}_removed (kind, key) VALUES (?, ?)`),
      insertEvent: this.db.prepare(
        `INSERT OR IGNORE INTO temp.${this.table}_events (event_id, occurred_at, type, actor_id, actor_name, target_ids_json, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  drop(): void {
    this.prepared = undefined;
    this.pending = '';
    this.removed = [];
    this.events = [];
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
    this.db.exec(
      `DROP TABLE IF EXISTS temp.${this.table}_load; DROP TABLE IF EXISTS temp.${this.table}_removed; DROP TABLE IF EXISTS temp.${this.table}_events; DROP TABLE IF EXISTS temp.${this.table}_dirty; DROP TABLE IF EXISTS temp.${this.table}_dirty_facts;`,
    );
  }
}
