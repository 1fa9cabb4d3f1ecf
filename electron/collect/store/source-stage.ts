import fs from 'node:fs';
import type { Db } from '../../db/open-database';
import type { SourceEvent, SourceRecord } from '../../../shared/domain/records';
import { redactDeep } from '../../platform/redact';
import { SlotDigests, factHash, factHashAscii, factSlot } from './fact-digest';
import type { RecordFile } from './record-file';
import { scratchFile } from './scratch-dir';

const BATCH = 2000;
let stageCounter = 0;

/**
 * A key as SQLite will store it: a lone surrogate (JSON from an API can carry "\ud800") becomes
 * U+FFFD on the way in. Its slot, the removal that names it and every later lookup must all
 * use that text, or a delta removal misses the row and the fact stays open. (Free for the
 * usual key: V8 knows a one-byte string has no surrogates.)
 */
function storedKey(key: string): string {
  return key.toWellFormed();
}

export interface QuarantinedItem {
  kind: string;
  location: string;
  reason: string;
  raw: unknown;
}

/** One staged record as read back. */
export interface StagedRecord {
  seq: number;
  slot: number;
  key: string;
  valueJson: string;
  /** The key is plain ASCII: JavaScript's string order is its UTF-8 order. */
  asciiKey: boolean;
}

/** What the stage holds for one kind: its index in the scratch file and the digests streamed for it. */
interface StagedKind {
  index: number;
  digests: SlotDigests;
}

/**
 * Holds one source's read while the connector streams, so memory stays flat however large
 * the source, and nothing touches the real tables until the whole collection commits.
 * Records go to an append-only binary scratch file (cheap), with slot digests
 * kept as they stream; at merge time only the slots whose digest moved are read back.
 * Events and removals go to TEMP tables, which take no lock on the main database.
 */
export class SourceStage {
  readonly table: string;
  private readonly file: RecordFile;
  private readonly staged = new Map<string, StagedKind>();
  private partitions = 0;
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
    this.file = scratchFile(`${this.table}.bin`);
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
    this.addEncoded(record.kind, record.key, JSON.stringify(record.value));
  }

  /** A record whose value is already serialized as its schema's parse would be (see record-encoder.ts). */
  addEncoded(kindName: string, sentKey: string, valueJson: string): void {
    const key = storedKey(sentKey);
    if (this.removedAt.size > 0 && this.removedAt.delete(`${kindName}\u0000${key}`)) {
      // Delta order matters: a record after a removal of the same key brings it back.
      this.flush();
      this.db.prepare(`DELETE FROM temp.${this.table}_removed WHERE kind = ? AND key = ?`).run(kindName, key);
    }
    const slot = factSlot(key);
    let kind = this.staged.get(kindName);
    if (!kind) {
      kind = { index: this.staged.size, digests: new SlotDigests() };
      this.staged.set(kindName, kind);
    }
    this.recordCount += 1;
    const ascii = this.file.append(this.recordCount, kind.index, slot, key, valueJson);
    // Hashing the bytes just written is cheaper than walking the strings (same value for ASCII).
    kind.digests.add(slot, ascii >= 0 ? factHashAscii(kindName, this.file.bytes, ascii, key.length, ascii + key.length + valueJson.length) : factHash(kindName, key, valueJson));
  }

  /** Delta reads only (removals are few): a removal after a record of the same key wins over it. */
  addRemoved(kind: string, sentKey: string): void {
    const key = storedKey(sentKey);
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
    this.file.flush();
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

  /** Kinds this read sent at least one record of. */
  kinds(): string[] {
    return [...this.staged.keys()];
  }

  /** The digests streamed for a kind (null when the read sent none of it). */
  digestsOf(kind: string): SlotDigests | null {
    return this.staged.get(kind)?.digests ?? null;
  }

  /**
   * Reads back the staged records of `kind` whose slot falls in one of `ranges` (inclusive
   * slot ranges, ascending) and that `wanted` accepts, one range at a time, so that memory holds one range's records:
   * `onRange(i, records)` gets them in arrival order. Records that a later delta removal
   * dropped are left out (and the digests marked stale). With several ranges the file is
   * first split into one file per range in a single pass.
   */
  readRanges(kind: string, ranges: readonly [number, number][], wanted: (slot: number) => boolean, onRange: (index: number, records: StagedRecord[]) => void): void {
    const staged = this.staged.get(kind);
    if (!staged || ranges.length === 0) return;
    this.flush();
    const collect = (file: RecordFile, lo: number, hi: number): StagedRecord[] => {
      const out: StagedRecord[] = [];
      file.scan(
        (k, slot) => k === staged.index && slot >= lo && slot <= hi && wanted(slot),
        (seq, slot, key, valueJson, asciiKey) => {
          if (this.removedAt.size > 0) {
            const removedAfter = this.removedAt.get(`${kind}\u0000${key}`);
            if (removedAfter !== undefined && removedAfter >= seq) {
              this.digestsStale = true;
              return;
            }
          }
          out.push({ seq, slot, key, valueJson, asciiKey });
        },
      );
      return out;
    };
    if (ranges.length === 1) {
      onRange(0, collect(this.file, ranges[0]![0], ranges[0]![1]));
      return;
    }
    const rangeOfSlot = new Int32Array(1 << 16).fill(-1);
    ranges.forEach(([lo, hi], i) => rangeOfSlot.fill(i, lo, hi + 1));
    const parts = ranges.map(() => {
      this.partitions += 1;
      return scratchFile(`${this.table}-part-${this.partitions}.bin`);
    });
    try {
      this.file.scan(
        (k, slot) => k === staged.index && rangeOfSlot[slot]! >= 0 && wanted(slot),
        null,
        (slot, bytes) => parts[rangeOfSlot[slot]!]!.appendRaw(bytes),
      );
      parts.forEach((part, i) => {
        const records = collect(part, ranges[i]![0], ranges[i]![1]);
        part.close();
        fs.rmSync(part.path, { force: true });
        onRange(i, records);
      });
    } finally {
      for (const part of parts) {
        part.close();
        fs.rmSync(part.path, { force: true });
      }
    }
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
    this.removed = [];
    this.events = [];
    this.file.close();
    this.staged.clear();
    fs.rmSync(this.file.path, { force: true });
    this.db.exec(`DROP TABLE IF EXISTS temp.${this.table}_removed; DROP TABLE IF EXISTS temp.${this.table}_events;`);
  }
}
