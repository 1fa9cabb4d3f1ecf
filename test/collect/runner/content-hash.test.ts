import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { getCollection } from '../../../electron/collect/store/collection-rows';
import { contentHashFromRows, leafHashes } from '../../../electron/collect/store/content-hash';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { SourceItem } from '../../../electron/collect/connector';
import { referenceContentHash } from '../../fixtures/content-hash-reference';
import { fakeConnector, member, user } from './fake-connector';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });
type TestDb = ReturnType<typeof openDatabase>;

function setup() {
  const db = openDatabase(':memory:');
  const deps = { db, clock: new ManualClock('2026-01-01T00:00:00Z'), logger: silentLogger, createHttpClient: offline };
  const poll = async (items: SourceItem[], verdict?: Parameters<typeof fakeConnector>[2]['verdict']) => {
    const outcome = await runCollection(deps, [fakeConnector('okta', 'okta', { items, ...(verdict ? { verdict } : {}) })], { trigger: 't', actor: 't' });
    return getCollection(db, outcome.collectionId)!;
  };
  return { db, poll };
}

/** Every kept leaf equals its bucket's leaf computed again from the rows, and no non-empty bucket lacks one. */
function expectKeptLeavesMatchRows(db: TestDb): void {
  for (const stream of db.prepare('SELECT id, kind, digest_level AS level FROM fact_streams').all() as { id: number; kind: string; level: number }[]) {
    const kept = db.prepare('SELECT bucket, sha256 FROM fact_digests WHERE stream = ? ORDER BY bucket').raw().all(stream.id) as [number, Buffer | null][];
    const fresh = leafHashes(db, stream, kept.map(([b]) => b));
    expect(kept.length).toBe(fresh.size);
    for (const [b, leaf] of kept) expect(leaf?.toString('hex'), `${stream.kind} bucket ${b}`).toBe(fresh.get(b)!.toString('hex'));
  }
}

describe('content hash (scheme 3: a SHA-256 per digest bucket over its facts and their starts, then one over those)', () => {
  it('is what an auditor recomputes from the open facts, with non-ASCII keys, on a first read and on re-reads that changed something', async () => {
    const { db, poll } = setup();
    // Many keys per bucket, mixing ASCII with keys whose UTF-16 and UTF-8 orders differ.
    const odd = ['é', 'z\uE000', 'z\uFFFD', 'z😀', 'z\uD7FF', 'z\u{10FFFF}', '日本', 'a😀b', 'a\uE001b', '\uFFFF', '😀'];
    const keys = Array.from({ length: 40_000 }, (_, i) => (i % 3 === 0 ? `${odd[i % odd.length]}${i}` : `u${i}`));
    const first = await poll(keys.map((k) => user(k, `${i2a(k)}@x.io`)));
    expect(first.status).toBe('complete');
    expect(first.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expectKeptLeavesMatchRows(db);
    // A few keys gone and a few values changed: only their buckets are re-hashed.
    const second = await poll(keys.slice(7).map((k, i) => user(k, `${i2a(k)}@${i % 1000 === 0 ? 'y' : 'x'}.io`)));
    expect([second.sources[0]!.factsOpened, second.sources[0]!.factsClosed]).toEqual([40, 47]);
    expect(second.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expect(second.sources[0]!.contentHash).not.toBe(first.sources[0]!.contentHash);
    expectKeptLeavesMatchRows(db);
    expect(contentHashFromRows(db, 'okta')).toBe(second.sources[0]!.contentHash);
  });

  it('stays right when a stream grows or shrinks past its digest level, and across kinds', async () => {
    const { db, poll } = setup();
    const users = (n: number, from = 0) => Array.from({ length: n }, (_, i) => user(`u${from + i}`, `u${from + i}@x.io`));
    const members = (n: number) => Array.from({ length: n }, (_, i) => member(`g${i % 7}`, `u${i}`));
    const levels = () => db.prepare('SELECT kind, digest_level FROM fact_streams ORDER BY kind').raw().all();
    const a = await poll([...users(300), ...members(500)]);
    expect(a.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    const before = levels();
    const b = await poll([...users(5000), ...members(500)]);
    expect(levels()).not.toEqual(before);
    expect(b.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expectKeptLeavesMatchRows(db);
    const c = await poll(users(40, 100));
    expect(c.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expectKeptLeavesMatchRows(db);
    // Nothing changed: the same hash, taken over without re-reading.
    const d = await poll(users(40, 100));
    expect(d.sources[0]!.contentHash).toBe(c.sources[0]!.contentHash);
  });

  it('stays right after a delta read (explicit removals, memberships ended with their user) and a partial read', async () => {
    const { db, poll } = setup();
    const users = Array.from({ length: 3000 }, (_, i) => user(`u${i}`, `u${i}@x.io`));
    const members = Array.from({ length: 3000 }, (_, i) => member(`g${i % 5}`, `u${i}`));
    await poll([...users, ...members]);
    const delta = await poll(
      [user('u1', 'u1@x.io', 'suspended'), { type: 'removed', kind: 'idp_user', key: 'u2' }, { type: 'removed', kind: 'idp_user', key: 'u2999' }, user('u9000', 'new@x.io')],
      { mode: 'delta' },
    );
    expect(delta.sources[0]!.factsClosed).toBe(5);
    expect(delta.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expectKeptLeavesMatchRows(db);
    const partial = await poll([user('u5', 'changed@x.io')], { complete: false });
    expect(partial.sources[0]!.status).toBe('degraded');
    expect(partial.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expectKeptLeavesMatchRows(db);
  });

  it('is taken again, not carried over, when a read that changed nothing re-cuts a stream at another digest level', async () => {
    const { db, poll } = setup();
    const level = (kind: string) => db.prepare('SELECT digest_level FROM fact_streams WHERE kind = ?').pluck().get(kind);
    // Delta removals end 900 of 1,000 memberships (their groups removed) without re-levelling the stream.
    const members = Array.from({ length: 1000 }, (_, i) => member(`g${i % 10}`, `u${i}`));
    await poll(members);
    const removed = await poll(Array.from({ length: 9 }, (_, g) => ({ type: 'removed' as const, kind: 'idp_group' as const, key: `g${g}` })), { mode: 'delta' });
    expect(removed.sources[0]!.factsClosed).toBe(900);
    expect(level('idp_group_member')).toBe(6);
    // A delta that re-sends one unchanged membership: nothing opened or closed, but the stream goes to level 3.
    const resent = await poll([member('g9', 'u9')], { mode: 'delta' });
    expect([resent.sources[0]!.factsOpened, resent.sources[0]!.factsClosed, level('idp_group_member')]).toEqual([0, 0, 3]);
    expect(resent.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expect(resent.sources[0]!.contentHash).toBe(contentHashFromRows(db, 'okta'));

    // A read that sends every key eight times: the first sizes the stream for 800 facts, a second one re-levels it.
    const { db: db2, poll: poll2 } = setup();
    const users = Array.from({ length: 100 }, (_, i) => user(`u${i}`, `u${i}@x.io`));
    const eightTimes = Array.from({ length: 8 }, () => users).flat();
    await poll2(eightTimes);
    const again = await poll2(eightTimes);
    expect([again.sources[0]!.factsOpened, again.sources[0]!.factsClosed]).toEqual([0, 0]);
    expect(again.sources[0]!.contentHash).toBe(referenceContentHash(db2, 'okta'));
    expect(again.sources[0]!.contentHash).toBe(contentHashFromRows(db2, 'okta'));
  });

  it('fills leaves a file from before schema 12 lacks, and does not carry a scheme-1 hash over to unchanged facts', async () => {
    const { db, poll } = setup();
    const items = Array.from({ length: 2000 }, (_, i) => user(`u${i}`, `u${i}@x.io`));
    const first = await poll(items);
    // As an upgraded file holds it: leaves empty, the last hash recorded under scheme 1.
    db.exec(`UPDATE fact_digests SET sha256 = NULL; UPDATE collection_sources SET content_hash = 'old', content_hash_scheme = 1`);
    const again = await poll(items);
    expect([again.sources[0]!.factsOpened, again.sources[0]!.factsClosed]).toEqual([0, 0]);
    expect(again.sources[0]!.contentHash).toBe(first.sources[0]!.contentHash);
    expect(db.prepare('SELECT count(*) FROM fact_digests WHERE sha256 IS NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT content_hash_scheme FROM collection_sources ORDER BY collection_id DESC LIMIT 1').pluck().get()).toBe(3);
    expectKeptLeavesMatchRows(db);
  });

  it("names each fact's start: a fact that closed and opened again with the same value hashes differently, and scheme 2 is still recomputed as it was", async () => {
    const { db, poll } = setup();
    const items = (n: number) => Array.from({ length: n }, (_, i) => user(`u${i}`, `u${i}@x.io`));
    const first = await poll(items(50));
    await poll(items(49)); // u49 leaves
    const back = await poll(items(50)); // and comes back, the same value, from collection 3
    expect(db.prepare(`SELECT valid_from FROM fact_open WHERE key = 'u49'`).pluck().get()).toBe(3);
    // The same facts with the same values as after the first poll: only a start differs.
    expect(back.sources[0]!.contentHash).not.toBe(first.sources[0]!.contentHash);
    expect(back.sources[0]!.contentHash).toBe(referenceContentHash(db, 'okta'));
    expect(contentHashFromRows(db, 'okta', 2)).toBe(referenceContentHash(db, 'okta', 2));
    expect(contentHashFromRows(db, 'okta', 2)).not.toBe(contentHashFromRows(db, 'okta'));
  });
});

/** An email-safe stand-in for a key. */
function i2a(key: string): string {
  return [...key].map((c) => c.codePointAt(0)!.toString(36)).join('-');
}
