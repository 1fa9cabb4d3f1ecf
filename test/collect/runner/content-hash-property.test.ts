import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { getCollection } from '../../../electron/collect/store/collection-rows';
import { contentHashFromRows, leafHashes } from '../../../electron/collect/store/content-hash';
import { verifyLedger } from '../../../electron/evidence/ledger';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { SourceItem } from '../../../electron/collect/connector';
import type { SourceRecord } from '../../../shared/domain/records';
import { referenceContentHash } from '../../fixtures/content-hash-reference';
import { fakeConnector } from './fake-connector';

/**
 * Random sequences of polls (full, partial and delta reads; growth and shrinkage across digest
 * levels; duplicate keys; removals that end memberships; reads that change nothing; files whose
 * leaves were never kept), each followed by the checks an auditor's recomputation makes: the
 * recorded content hash is the reference's and verify's, and every kept leaf is its bucket's.
 * CONTENT_HASH_SEQUENCES=500 runs a longer search.
 */
const SEQUENCES = Number(process.env.CONTENT_HASH_SEQUENCES ?? 16);
const FIRST_SEED = Number(process.env.CONTENT_HASH_SEED ?? 1);
const POLLS = 12;

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** Units whose UTF-16 and UTF-8 orders differ, astral characters, and lone surrogates (stored as U+FFFD). */
const ODD = ['é', '\uE000', '\uFFFD', '\uFFFF', '\uD7FF', '😀', '\u{10000}', '\u{10FFFF}', '日本', '\uD800', '\uDC00'];

const userRecord = (id: string, v: number): SourceRecord => ({
  kind: 'idp_user',
  key: id,
  value: { id, userName: `u${v}@x.io`, email: `u${v}@x.io`, emails: [`u${v}@x.io`], displayName: id, rawStatus: 'ACTIVE', lifecycle: 'active', employeeId: null, department: v % 3 ? null : `d${v}` },
});
const groupRecord = (id: string, v: number): SourceRecord => ({ kind: 'idp_group', key: id, value: { id, name: `n${v}`, description: null } });
const memberRecord = (g: string, u: string): SourceRecord => ({ kind: 'idp_group_member', key: `${g}:${u}`, value: { groupId: g, memberId: u, memberType: 'user' } });

type Db = ReturnType<typeof openDatabase>;

function keptLeafProblems(db: Db): string[] {
  const out: string[] = [];
  for (const stream of db.prepare('SELECT id, kind, digest_level AS level FROM fact_streams').all() as { id: number; kind: string; level: number }[]) {
    const kept = db.prepare('SELECT bucket, sha256 FROM fact_digests WHERE stream = ? ORDER BY bucket').raw().all(stream.id) as [number, Buffer | null][];
    const fresh = leafHashes(db, stream, Array.from({ length: 1 << stream.level }, (_, b) => b));
    if (kept.length !== fresh.size) out.push(`${stream.kind}: ${kept.length} digest rows, ${fresh.size} non-empty buckets`);
    for (const [b, leaf] of kept) if (leaf?.toString('hex') !== fresh.get(b)?.toString('hex')) out.push(`${stream.kind} bucket ${b}: kept leaf is not the rows'`);
  }
  return out;
}

async function sequence(seed: number): Promise<number> {
  const r = random(seed);
  const db = openDatabase(':memory:');
  const deps = { db, clock: new ManualClock('2026-01-01T00:00:00Z'), logger: silentLogger, createHttpClient: offline };
  const users = new Map<string, number>();
  const groups = new Map<string, number>();
  const members = new Set<string>();
  let next = 0;
  const newId = (prefix: string) => `${prefix}${r.chance(0.15) ? r.pick(ODD) : ''}${(next += 1)}`;
  const log: string[] = [];
  let settle = false;
  for (let p = 0; p < POLLS; p++) {
    // The world moves: a jump in size (digest levels change), a little churn, or nothing at all.
    // After a read that ended many facts, often one that changes nothing (a stream can be left sized for far more).
    const action = p === 0 ? 'resize' : settle && r.chance(0.6) ? 'quiet' : r.pick(['resize', 'churn', 'quiet'] as const);
    if (action === 'resize') {
      const size = r.pick([0, 5, 40, 300, 1200]);
      while (users.size > size) users.delete([...users.keys()][r.int(users.size)]!);
      while (users.size < size) users.set(newId('u'), r.int(1000));
      while (groups.size > Math.round(size / 50)) groups.delete([...groups.keys()][r.int(groups.size)]!);
      while (groups.size < Math.round(size / 50)) groups.set(newId('g'), r.int(1000));
    } else if (action === 'churn') {
      for (let i = r.int(6); i > 0; i--) users.set(newId('u'), r.int(1000));
      for (const k of [...users.keys()]) if (r.chance(0.02)) users.delete(k);
      else if (r.chance(0.03)) users.set(k, r.int(1000));
      if (r.chance(0.3)) groups.set(newId('g'), r.int(1000));
      for (const k of [...groups.keys()]) if (r.chance(0.05)) groups.delete(k);
    }
    if (action !== 'quiet') {
      for (const m of [...members]) {
        const [g, u] = m.split('\u0000') as [string, string];
        if (!groups.has(g) || !users.has(u) || r.chance(0.03)) members.delete(m);
      }
      const gs = [...groups.keys()];
      const us = [...users.keys()];
      if (gs.length && us.length) for (let i = r.int(us.length * 2); i > 0; i--) members.add(`${r.pick(gs)}\u0000${r.pick(us)}`);
    }
    // A quiet poll sends what is stored, unchanged: a read that opens and closes nothing.
    const truth: SourceRecord[] =
      action === 'quiet'
        ? (db.prepare(`SELECT kind, key, value_json FROM facts WHERE source_id = 'okta' AND valid_to IS NULL`).all() as { kind: string; key: string; value_json: string }[]).map(
            (f) => ({ kind: f.kind, key: f.key, value: JSON.parse(f.value_json) as unknown }) as SourceRecord,
          )
        : [
            ...[...users].map(([k, v]) => userRecord(k, v)),
            ...[...groups].map(([k, v]) => groupRecord(k, v)),
            ...[...members].map((m) => memberRecord(...(m.split('\u0000') as [string, string]))),
          ];
    const mode = r.pick(['full', 'partial', 'delta'] as const);
    let items: SourceItem[];
    let verdict: { complete?: boolean; mode?: 'delta' } | undefined;
    if (mode === 'full') items = truth.map((record) => ({ type: 'record', record }));
    else if (mode === 'partial') {
      items = truth.filter(() => r.chance(0.6)).map((record) => ({ type: 'record', record }));
      verdict = { complete: false };
    } else {
      // What the world lost, as removals (memberships go with their user or group), and a sample re-sent, changed or not.
      items = [];
      const live = new Set(truth.map((t) => `${t.kind}\u0000${t.key}`));
      for (const s of db.prepare(`SELECT kind, key FROM facts WHERE source_id = 'okta' AND valid_to IS NULL AND kind != 'idp_group_member'`).all() as { kind: 'idp_user' | 'idp_group'; key: string }[]) {
        if (!live.has(`${s.kind}\u0000${s.key}`) && r.chance(0.8)) items.push({ type: 'removed', kind: s.kind, key: s.key });
      }
      for (const record of truth) if (r.chance(0.3)) items.push({ type: 'record', record });
      if (action !== 'quiet' && truth.length && r.chance(0.3)) {
        // Removed, then (sometimes) back in the same read.
        const t = r.pick(truth);
        items.push({ type: 'removed', kind: t.kind, key: t.key });
        if (r.chance(0.5)) items.push({ type: 'record', record: t });
      }
      verdict = { mode: 'delta' };
    }
    if (items.length && r.chance(0.25)) {
      // The same key sent again (sometimes many times, sometimes with another value: the last one holds).
      const extra = r.int(items.length * (r.chance(0.3) ? 8 : 2));
      for (let i = 0; i < extra; i++) {
        const it = r.pick(items);
        items.push(action !== 'quiet' && it.type === 'record' && it.record.kind === 'idp_user' && r.chance(0.2) ? { type: 'record', record: userRecord(it.record.key, r.int(1000)) } : it);
      }
    }
    for (let i = items.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    if (r.chance(0.08)) {
      // As a file upgraded to schema 12 holds it: no leaves kept, the last hash under scheme 1.
      db.exec('UPDATE fact_digests SET sha256 = NULL; UPDATE collection_sources SET content_hash_scheme = 1');
      log.push('(leaves dropped)');
    }
    const outcome = await runCollection(deps, [fakeConnector('okta', 'okta', { items, ...(verdict ? { verdict } : {}) })], { trigger: 't', actor: 't' });
    const source = getCollection(db, outcome.collectionId)!.sources[0]!;
    settle = source.factsClosed > 50;
    const levels = db.prepare('SELECT kind, digest_level FROM fact_streams ORDER BY kind').raw().all();
    log.push(`${action} ${mode} ${items.length} items: +${source.factsOpened} -${source.factsClosed}, levels ${JSON.stringify(levels)}`);
    const context = `seed ${seed}, poll ${p}:\n${log.join('\n')}`;
    const reference = referenceContentHash(db, 'okta');
    expect(contentHashFromRows(db, 'okta'), context).toBe(reference);
    expect(source.contentHash, context).toBe(reference);
    expect(keptLeafProblems(db), context).toEqual([]);
  }
  // Re-marked files aside (they record scheme 1 under scheme-3 entries), the ledger agrees.
  expect(verifyLedger(db).disagreements.filter((d) => !/is marked as scheme/.test(d)), `seed ${seed}`).toEqual([]);
  db.close();
  return POLLS;
}

describe('content hash over random sequences of polls', () => {
  it(`is what an auditor recomputes after every poll of ${SEQUENCES} sequences of ${POLLS}`, async () => {
    let polls = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEQUENCES; seed++) polls += await sequence(seed);
    expect(polls).toBe(SEQUENCES * POLLS);
  }, Math.max(60_000, SEQUENCES * 2_000));
});
