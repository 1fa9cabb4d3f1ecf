import os from 'node:os';
import { createHash } from 'node:crypto';
import type { Db } from '../../../electron/db/open-database';
import type { Clock } from '../../../electron/platform/clock';
import { appendLedger } from '../../../electron/evidence/ledger';
import { canonicalJson } from '../../../shared/canonical-json';
import { recordSchemas, type RecordKind, type SourceKind, type SourceRecord } from '../../../shared/domain/records';
import { factBucket, factHash } from '../../../electron/collect/store/fact-digest';
import type { DayDelta } from './daily-org';

const MOD = 2 ** 52;

/**
 * Writes one day's poll of a full-reading organisation straight into the store, without
 * streaming the unchanged million records through the runner: the changes are known (the
 * synthetic organisation produced them), so only they are folded in. What lands is what
 * runCollection() writes for a complete full read of every source (history-writer.test.ts
 * builds the same history both ways and compares every table): the collection and its source
 * rows with the same counts, the fact intervals, the bucket digests, content
 * hashes (recomputed from memory: see contentHash) and the ledger entry.
 *
 * Bench-only: it knows the store's current table layout, so a change of that layout shows up
 * as a failing equivalence test rather than a silently different benchmark.
 */
export class HistoryWriter {
  /** pairKey of (source, kind, bucket) -> digest and count of the open facts. */
  private readonly digests = new Map<string, { digest: number; count: number }>();
  /** Per source: kind\0key -> value JSON of the open fact. */
  private readonly open = new Map<string, Map<string, string>>();
  /** Per source: the open facts by (kind, bucket), with their hashed text cached until the bucket changes. */
  private readonly chunks = new Map<string, Map<string, Chunk>>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sources: readonly { sourceId: string; kind: SourceKind }[],
  ) {
    for (const r of db.prepare('SELECT source_id, kind, bucket, digest, count FROM fact_buckets').all() as {
      source_id: string;
      kind: string;
      bucket: number;
      digest: number;
      count: number;
    }[]) {
      this.digests.set(`${r.source_id}\u0000${r.kind}\u0000${r.bucket}`, { digest: r.digest, count: r.count });
    }
    for (const s of sources) {
      const map = new Map<string, string>();
      this.chunks.set(s.sourceId, new Map());
      for (const [kind, bucket, key, json] of db
        .prepare('SELECT kind, bucket, key, value_json FROM facts WHERE source_id = ? AND valid_to IS NULL')
        .raw()
        .iterate(s.sourceId) as IterableIterator<[string, number, string, string]>) {
        map.set(`${kind}\u0000${key}`, json);
        this.chunk(s.sourceId, kind, bucket).facts.set(key, json);
      }
      this.open.set(s.sourceId, map);
    }
  }

  /** One complete collection at the clock's time: the day's changes per source, and each source's state after them. */
  writeDay(deltas: Map<string, DayDelta>, state: ReadonlyMap<string, ReadonlyMap<string, SourceRecord>>, trigger = 'bench'): number {
    const { db, clock } = this;
    const startedAt = clock.now().toISOString();
    const collectionId = Number(
      db
        .prepare(`INSERT INTO collections (started_at, status, trigger, runner_pid, runner_host) VALUES (?, 'running', ?, ?, ?)`)
        .run(startedAt, trigger, process.pid, os.hostname()).lastInsertRowid,
    );
    db.transaction(() => {
      const hashes: Record<string, string> = {};
      const counts = { records: 0, events: 0, quarantined: 0, factsOpened: 0, factsClosed: 0 };
      for (const s of this.sources) {
        const { opened, closed } = this.apply(s.sourceId, collectionId, deltas.get(s.sourceId) ?? { upserts: [], removals: [] }, state.get(s.sourceId) ?? new Map());
        const previous = (
          db.prepare('SELECT content_hash FROM collection_sources WHERE source_id = ? AND content_hash IS NOT NULL ORDER BY collection_id DESC LIMIT 1').get(s.sourceId) as
            | { content_hash: string }
            | undefined
        )?.content_hash;
        const contentHash = opened === 0 && closed === 0 && previous ? previous : this.contentHash(s.sourceId);
        hashes[s.sourceId] = contentHash;
        const records = this.open.get(s.sourceId)!.size;
        counts.records += records;
        counts.factsOpened += opened;
        counts.factsClosed += closed;
        db.prepare(
          `INSERT INTO collection_sources (collection_id, source_id, kind, status, mode, started_at, finished_at, pages, records, events,
             quarantined, requests, facts_opened, facts_closed, content_hash, notes_json, error)
           VALUES (?, ?, ?, 'complete', 'full', ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, '[]', NULL)`,
        ).run(collectionId, s.sourceId, s.kind, startedAt, clock.now().toISOString(), Math.ceil(records / 200), records, opened, closed, contentHash);
      }
      const contentHash = createHash('sha256').update(canonicalJson(hashes)).digest('hex');
      const finishedAt = clock.now().toISOString();
      db.prepare(`UPDATE collections SET status = 'complete', finished_at = ?, request_count = 0, counts_json = ?, content_hash = ? WHERE id = ?`).run(
        finishedAt,
        JSON.stringify(counts),
        contentHash,
        collectionId,
      );
      appendLedger(db, clock, {
        actor: 'bench',
        action: 'collection.completed',
        subject: `collection ${collectionId}`,
        details: { collectionId, status: 'complete', startedAt, finishedAt, requests: 0, contentHash, sourceHashes: hashes, ...counts },
      });
    })();
    return collectionId;
  }

  /** Folds one source's changes in: closes replaced and removed versions, opens new ones, moves the digests. */
  private apply(sourceId: string, collectionId: number, delta: DayDelta, current: ReadonlyMap<string, SourceRecord>): { opened: number; closed: number } {
    const open = this.open.get(sourceId)!;
    // The day's end state of every key it touched (a key changed twice in a day is one new version).
    const final = new Map<string, { kind: RecordKind; key: string; json: string | null }>();
    for (const r of [...delta.removals, ...delta.upserts]) {
      const k = `${r.kind}\u0000${r.key}`;
      if (final.has(k)) continue;
      const now = current.get(k);
      final.set(k, { kind: r.kind, key: r.key, json: now ? JSON.stringify(recordSchemas[now.kind].parse(now.value)) : null });
    }
    const close = this.db.prepare('UPDATE facts SET valid_to = ? WHERE source_id = ? AND kind = ? AND bucket = ? AND key = ? AND valid_to IS NULL');
    const insert = this.db.prepare('INSERT INTO facts (source_id, kind, bucket, key, valid_from, value_json) VALUES (?, ?, ?, ?, ?, ?)');
    let opened = 0;
    let closed = 0;
    for (const [k, { kind, key, json }] of final) {
      const old = open.get(k);
      if (old === json) continue;
      const bucket = factBucket(key);
      const slot = `${sourceId}\u0000${kind}\u0000${bucket}`;
      const d = this.digests.get(slot) ?? { digest: 0, count: 0 };
      const chunk = this.chunk(sourceId, kind, bucket);
      chunk.text = null;
      if (old !== undefined) {
        chunk.facts.delete(key);
        closed += close.run(collectionId, sourceId, kind, bucket, key).changes;
        d.digest = (d.digest - factHash(kind, key, old) + MOD) % MOD;
        d.count -= 1;
        open.delete(k);
      }
      if (json !== null) {
        insert.run(sourceId, kind, bucket, key, collectionId, json);
        chunk.facts.set(key, json);
        opened += 1;
        d.digest = (d.digest + factHash(kind, key, json)) % MOD;
        d.count += 1;
        open.set(k, json);
      }
      this.digests.set(slot, d);
      if (d.count === 0) this.db.prepare('DELETE FROM fact_buckets WHERE source_id = ? AND kind = ? AND bucket = ?').run(sourceId, kind, bucket);
      else {
        this.db
          .prepare(
            `INSERT INTO fact_buckets (source_id, kind, bucket, digest, count) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT(source_id, kind, bucket) DO UPDATE SET digest = excluded.digest, count = excluded.count`,
          )
          .run(sourceId, kind, bucket, d.digest, d.count);
      }
    }
    return { opened, closed };
  }

  private chunk(sourceId: string, kind: string, bucket: number): Chunk {
    const chunks = this.chunks.get(sourceId)!;
    const id = `${kind}\u0000${bucket}`;
    let chunk = chunks.get(id);
    if (!chunk) {
      chunk = { kind, bucket, facts: new Map(), text: null };
      chunks.set(id, chunk);
    }
    return chunk;
  }

  /**
   * sourceContentHash() computed from memory: the same bytes (kind, key and value of each open
   * fact in the store's key order), but only changed buckets are re-assembled. Keys are
   * compared as UTF-16 code units, which is SQLite's byte order for the ASCII keys used here.
   */
  private contentHash(sourceId: string): string {
    const hash = createHash('sha256');
    const chunks = [...this.chunks.get(sourceId)!.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.bucket - b.bucket));
    for (const chunk of chunks) {
      if (chunk.text === null) {
        const keys = [...chunk.facts.keys()].sort();
        chunk.text = keys.map((k) => `${chunk.kind}\u0000${k}\u0000${chunk.facts.get(k)!}\n`).join('');
      }
      hash.update(chunk.text);
    }
    return hash.digest('hex');
  }
}

interface Chunk {
  kind: string;
  bucket: number;
  facts: Map<string, string>;
  text: string | null;
}
