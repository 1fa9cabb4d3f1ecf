import os from 'node:os';
import { createHash } from 'node:crypto';
import type { Db } from '../../../electron/db/open-database';
import type { Clock } from '../../../electron/platform/clock';
import { appendLedger } from '../../../electron/evidence/ledger';
import { closedVersionsHash } from '../../../electron/collect/store/closed-versions-hash';
import { eventsHash } from '../../../electron/collect/store/events-hash';
import { canonicalJson } from '../../../shared/canonical-json';
import { recordSchemas, type RecordKind, type SourceKind, type SourceRecord } from '../../../shared/domain/records';
import { SLOT_BITS, addHash, factHash, factSlot, levelFor } from '../../../electron/collect/store/fact-digest';
import { HistoryWriter as StoreHistoryWriter } from '../../../electron/collect/store/history-writer';
import { CONTENT_HASH_SCHEME, contentHashFromLeaves, leafHashes } from '../../../electron/collect/store/content-hash';
import { compareUtf8 } from '../../../electron/collect/store/key-order';
import type { DayDelta } from './daily-org';

const MOD = 2 ** 52;

/**
 * Writes one day's poll of a full-reading organisation straight into the store, without
 * streaming the unchanged million records through the runner: the changes are known (the
 * synthetic organisation produced them), so only they are folded in. What lands is what
 * runCollection() writes for a complete full read of every source (history-writer.test.ts
 * builds the same history both ways and compares every table): the collection and its source
 * rows with the same counts, the fact intervals, the bucket digests and their leaf hashes, the
 * content hashes and the ledger entry.
 *
 * Bench-only: it knows the store's current table layout, so a change of that layout shows up
 * as a failing equivalence test rather than a silently different benchmark.
 */
export class HistoryWriter {
  /** Per source: kind -> its stream (id, digest level) and the digests of its open facts at that level. */
  private readonly streams = new Map<string, Map<string, Stream>>();
  /** Per source: kind\0key -> value JSON of the open fact. */
  private readonly open = new Map<string, Map<string, string>>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sources: readonly { sourceId: string; kind: SourceKind }[],
  ) {
    for (const s of sources) {
      const streams = new Map<string, Stream>();
      for (const r of db.prepare('SELECT id, kind, digest_level AS level FROM fact_streams WHERE source_id = ?').all(s.sourceId) as { id: number; kind: string; level: number }[]) {
        const stream: Stream = { ...r, digest: new Float64Array(1 << r.level), count: new Uint32Array(1 << r.level), dirty: new Set() };
        for (const [b, d, n] of db.prepare('SELECT bucket, digest, count FROM fact_digests WHERE stream = ?').raw().iterate(r.id) as IterableIterator<[number, number, number]>) {
          stream.digest[b] = d;
          stream.count[b] = n;
        }
        streams.set(r.kind, stream);
      }
      this.streams.set(s.sourceId, streams);
      const map = new Map<string, string>();
      for (const [kind, key, json] of db
        .prepare('SELECT s.kind, o.key, o.value_json FROM fact_open o JOIN fact_streams s ON s.id = o.stream WHERE s.source_id = ?')
        .raw()
        .iterate(s.sourceId) as IterableIterator<[string, string, string]>) {
        map.set(`${kind}\u0000${key}`, json);
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
      const closedHashes: Record<string, string> = {};
      const eventHashes: Record<string, string> = {};
      const counts = { records: 0, events: 0, quarantined: 0, factsOpened: 0, factsClosed: 0 };
      for (const s of this.sources) {
        const { opened, closed } = this.apply(s.sourceId, collectionId, deltas.get(s.sourceId) ?? { upserts: [], removals: [] }, state.get(s.sourceId) ?? new Map());
        const previous = (
          db.prepare('SELECT content_hash FROM collection_sources WHERE source_id = ? AND content_hash IS NOT NULL AND content_hash_scheme = ? ORDER BY collection_id DESC LIMIT 1').get(s.sourceId, CONTENT_HASH_SCHEME) as
            | { content_hash: string }
            | undefined
        )?.content_hash;
        // As the runner: the leaves of the buckets written are kept (writeDigests), the hash is taken from them.
        const contentHash = opened === 0 && closed === 0 && previous ? previous : contentHashFromLeaves(db, s.sourceId);
        hashes[s.sourceId] = contentHash;
        closedHashes[s.sourceId] = closedVersionsHash(db, s.sourceId, collectionId);
        eventHashes[s.sourceId] = eventsHash(db, s.sourceId, collectionId);
        const records = this.open.get(s.sourceId)!.size;
        counts.records += records;
        counts.factsOpened += opened;
        counts.factsClosed += closed;
        db.prepare(
          `INSERT INTO collection_sources (collection_id, source_id, kind, status, mode, started_at, finished_at, pages, records, events,
             quarantined, requests, facts_opened, facts_closed, content_hash, content_hash_scheme, notes_json, error)
           VALUES (?, ?, ?, 'complete', 'full', ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '[]', NULL)`,
        ).run(collectionId, s.sourceId, s.kind, startedAt, clock.now().toISOString(), Math.ceil(records / 200), records, opened, closed, contentHash, CONTENT_HASH_SCHEME);
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
        details: { collectionId, status: 'complete', startedAt, finishedAt, requests: 0, contentHash, sourceHashes: hashes, contentHashScheme: CONTENT_HASH_SCHEME, closedVersionsSha256: closedHashes, eventsSha256: eventHashes, ...counts },
      });
    })();
    return collectionId;
  }

  /**
   * Folds one source's changes in as the merge does (collect/store/merge-source.ts): per
   * stream in kind order, keys in (slot, key) order; a replaced or removed version is packed
   * into the collection's history blocks, the open row replaced or deleted, the digests moved,
   * and a stream's digest level rebuilt when its size drifts two levels away.
   */
  private apply(sourceId: string, collectionId: number, delta: DayDelta, current: ReadonlyMap<string, SourceRecord>): { opened: number; closed: number } {
    const open = this.open.get(sourceId)!;
    const streams = this.streams.get(sourceId)!;
    // The day's end state of every key it touched (a key changed twice in a day is one new version).
    const final = new Map<string, { kind: RecordKind; key: string; slot: number; json: string | null }>();
    for (const r of [...delta.removals, ...delta.upserts]) {
      const k = `${r.kind}\u0000${r.key}`;
      if (final.has(k)) continue;
      const now = current.get(k);
      final.set(k, { kind: r.kind, key: r.key, slot: factSlot(r.key), json: now ? JSON.stringify(recordSchemas[now.kind].parse(now.value)) : null });
    }
    const changes = [...final.values()].sort((a, b) => compareUtf8(a.kind, b.kind) || a.slot - b.slot || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const history = new StoreHistoryWriter(this.db, collectionId);
    const find = this.db.prepare('SELECT valid_from FROM fact_open WHERE stream = ? AND slot = ? AND key = ?').pluck();
    const remove = this.db.prepare('DELETE FROM fact_open WHERE stream = ? AND slot = ? AND key = ?');
    const insert = this.db.prepare('INSERT INTO fact_open (stream, slot, key, valid_from, value_json) VALUES (?, ?, ?, ?, ?)');
    let opened = 0;
    let closed = 0;
    for (const { kind, key, slot, json } of changes) {
      const k = `${kind}\u0000${key}`;
      const old = open.get(k);
      if (old === json || (old === undefined && json === null)) continue;
      let stream = streams.get(kind);
      if (!stream) {
        const level = levelFor(changes.filter((c) => c.kind === kind && c.json !== null).length);
        const id = Number(this.db.prepare('INSERT INTO fact_streams (source_id, kind, digest_level) VALUES (?, ?, ?)').run(sourceId, kind, level).lastInsertRowid);
        stream = { id, kind, level, digest: new Float64Array(1 << level), count: new Uint32Array(1 << level), dirty: new Set() };
        streams.set(kind, stream);
      }
      const b = slot >> (SLOT_BITS - stream.level);
      stream.dirty.add(b);
      if (old !== undefined) {
        history.add(stream.id, { slot, validFrom: find.get(stream.id, slot, key) as number, key, valueJson: old });
        remove.run(stream.id, slot, key);
        stream.digest[b] = (stream.digest[b]! - factHash(kind, key, old) + MOD) % MOD;
        stream.count[b]! -= 1;
        open.delete(k);
        closed += 1;
      }
      if (json !== null) {
        insert.run(stream.id, slot, key, collectionId, json);
        stream.digest[b] = addHash(stream.digest[b]!, factHash(kind, key, json));
        stream.count[b]! += 1;
        open.set(k, json);
        opened += 1;
      }
    }
    history.finish();
    for (const stream of streams.values()) if (stream.dirty.size > 0) this.writeDigests(sourceId, stream);
    return { opened, closed };
  }

  /** Writes a stream's changed buckets; re-levels it (from its open facts) when its size moved two levels away. */
  private writeDigests(sourceId: string, stream: Stream): void {
    const upsert = this.db.prepare(
      `INSERT INTO fact_digests (stream, bucket, digest, count, sha256) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(stream, bucket) DO UPDATE SET digest = excluded.digest, count = excluded.count, sha256 = excluded.sha256`,
    );
    const remove = this.db.prepare('DELETE FROM fact_digests WHERE stream = ? AND bucket = ?');
    let leaves = leafHashes(this.db, stream, [...stream.dirty].sort((a, b) => a - b));
    const write = (b: number) => (stream.count[b] === 0 ? remove.run(stream.id, b) : upsert.run(stream.id, b, stream.digest[b], stream.count[b], leaves.get(b) ?? null));
    for (const b of stream.dirty) write(b);
    stream.dirty.clear();
    const total = stream.count.reduce((sum, n) => sum + n, 0);
    const wanted = levelFor(total);
    if (Math.abs(wanted - stream.level) < 2) return;
    this.db.prepare('UPDATE fact_streams SET digest_level = ? WHERE id = ?').run(wanted, stream.id);
    stream.level = wanted;
    stream.digest = new Float64Array(1 << wanted);
    stream.count = new Uint32Array(1 << wanted);
    const prefix = `${stream.kind}\u0000`;
    for (const [k, json] of this.open.get(sourceId)!) {
      if (!k.startsWith(prefix)) continue;
      const key = k.slice(prefix.length);
      const b = factSlot(key) >> (SLOT_BITS - wanted);
      stream.digest[b] = addHash(stream.digest[b]!, factHash(stream.kind, key, json));
      stream.count[b]! += 1;
    }
    this.db.prepare('DELETE FROM fact_digests WHERE stream = ?').run(stream.id);
    const nonEmpty = Array.from(stream.count.keys()).filter((b) => stream.count[b]! > 0);
    leaves = leafHashes(this.db, stream, nonEmpty);
    for (const b of nonEmpty) write(b);
  }
}

interface Stream {
  id: number;
  kind: string;
  level: number;
  digest: Float64Array;
  count: Uint32Array;
  /** Buckets changed by the day being written. */
  dirty: Set<number>;
}
