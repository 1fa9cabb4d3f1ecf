import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { openDatabase } from '../../electron/db/open-database';
import { factHash, factSlot, addHash } from '../../electron/collect/store/fact-digest';
import { factsAsOf } from '../../electron/collect/store/fact-queries';
import { registerFactHistory } from '../../electron/collect/store/history-codec';
import { runCollection } from '../../electron/collect/run-collection';
import { getCollection } from '../../electron/collect/store/collection-rows';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { fakeConnector, member, user } from '../collect/runner/fake-connector';
import type { SourceItem } from '../../electron/collect/connector';
import { linesContentHash } from '../../electron/collect/store/lines-content-hash';
import { referenceContentHash } from '../fixtures/content-hash-reference';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

interface OldFact {
  source_id: string;
  kind: string;
  bucket: number;
  key: string;
  valid_from: number;
  valid_to: number | null;
  value_json: string;
}

const userValue = (id: string, lifecycle: string) =>
  JSON.stringify({ id, userName: `${id}@x.io`, email: `${id}@x.io`, emails: [`${id}@x.io`], displayName: id, rawStatus: lifecycle.toUpperCase(), lifecycle, employeeId: null, department: null });
const memberValue = (g: string, u: string) => JSON.stringify({ groupId: g, memberId: u, memberType: 'user' });

/**
 * A schema-6 database as the schema-2 merge left it: three complete collections of an
 * okta source (users leave, change, and come back; memberships churn) plus a second source,
 * with the 4096-bucket digests of its open facts.
 */
function oldDatabase(file: string): OldFact[] {
  const db = new Database(file);
  migrate(db, allMigrations.slice(0, 6));
  const facts: OldFact[] = [];
  const add = (source: string, kind: string, key: string, from: number, to: number | null, value: string) =>
    facts.push({ source_id: source, kind, bucket: factSlot(key) >> 4, key, valid_from: from, valid_to: to, value_json: value });
  for (let c = 1; c <= 3; c++) db.prepare(`INSERT INTO collections (id, started_at, finished_at, status, trigger) VALUES (?, ?, ?, 'complete', 't')`).run(c, `2026-01-0${c}T00:00:00Z`, `2026-01-0${c}T00:01:00Z`);
  for (let i = 0; i < 300; i++) {
    const id = `u${i}`;
    if (i % 10 === 0) {
      // Suspended in collection 2, active again in 3.
      add('okta', 'idp_user', id, 1, 2, userValue(id, 'active'));
      add('okta', 'idp_user', id, 2, 3, userValue(id, 'suspended'));
      add('okta', 'idp_user', id, 3, null, userValue(id, 'active'));
    } else if (i % 7 === 0) {
      add('okta', 'idp_user', id, 1, 3, userValue(id, 'active')); // gone in 3
    } else {
      add('okta', 'idp_user', id, 1, null, userValue(id, 'active'));
    }
    add('okta', 'idp_group_member', `g${i % 5}:${id}`, i % 3 === 0 ? 2 : 1, i % 11 === 0 ? 3 : null, memberValue(`g${i % 5}`, id));
  }
  add('okta', 'idp_user', 'ü-ñ😀', 1, null, userValue('ü-ñ😀', 'active'));
  add('hr', 'hr_employee', 'E1', 1, null, JSON.stringify({ employeeId: 'E1', email: 'a@x.io', name: 'A', status: 'active', hireDate: null, terminationDate: null, department: null }));
  const insert = db.prepare('INSERT INTO facts (source_id, kind, bucket, key, valid_from, valid_to, value_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const begin = db.prepare('BEGIN');
  begin.run();
  for (const f of facts) insert.run(f.source_id, f.kind, f.bucket, f.key, f.valid_from, f.valid_to, f.value_json);
  const digests = new Map<string, { source: string; kind: string; bucket: number; digest: number; count: number }>();
  for (const f of facts.filter((x) => x.valid_to === null)) {
    const id = `${f.source_id}|${f.kind}|${f.bucket}`;
    const d = digests.get(id) ?? { source: f.source_id, kind: f.kind, bucket: f.bucket, digest: 0, count: 0 };
    d.digest = addHash(d.digest, factHash(f.kind, f.key, f.value_json));
    d.count += 1;
    digests.set(id, d);
  }
  for (const d of digests.values()) db.prepare('INSERT INTO fact_buckets VALUES (?, ?, ?, ?, ?)').run(d.source, d.kind, d.bucket, d.digest, d.count);
  // Derived access of schema 6, ordered by the old buckets.
  db.prepare(`INSERT INTO access_shapes (id, json) VALUES (1, '[]')`).run();
  db.prepare(`INSERT INTO access_principals (source_id, ord, fact_key, valid_from, body) VALUES ('prefect', 4095, 'm1', 1, '[]')`).run();
  db.prepare(`INSERT INTO access_actors (source_id, actor_id, ord, fact_key) VALUES ('prefect', 'a1', 4095, 'm1')`).run();
  db.prepare(`INSERT INTO access_derivations VALUES (1, 'k', '2026-01-01T00:00:00Z', 1, 1, 0, 5)`).run();
  db.prepare(`INSERT INTO access_derivation_state VALUES (1, 'k', 1)`).run();
  db.prepare('COMMIT').run();
  db.close();
  return facts;
}

const sortFacts = (rows: OldFact[]) =>
  [...rows].sort((a, b) => (a.source_id + a.kind + a.key).localeCompare(b.source_id + b.kind + b.key) || a.valid_from - b.valid_from);

describe('migration 007: compact facts', () => {
  it('converts every version of every fact, open and closed, and the facts view reads them back unchanged', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-m007-')), 'old.db');
    const before = oldDatabase(file);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(allMigrations.length);
    // The old table's pages were given back: the upgraded file was vacuumed.
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    const after = db.prepare('SELECT source_id, kind, bucket, key, valid_from, valid_to, value_json FROM facts').all() as OldFact[];
    expect(sortFacts(after)).toEqual(sortFacts(before));
    // The old tables are gone; closed versions live only in packed blocks.
    expect(db.prepare(`SELECT type FROM sqlite_schema WHERE name = 'facts'`).get()).toEqual({ type: 'view' });
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'fact_buckets'`).get()).toEqual({ n: 0 });
    expect((db.prepare('SELECT sum(versions) AS n FROM fact_history').get() as { n: number }).n).toBe(before.filter((f) => f.valid_to !== null).length);
    // Point-in-time reads of old collections still see what held then.
    const asOf2 = factsAsOf(db, 'idp_user', 2, 'okta');
    expect(asOf2.find((f) => f.key === 'u10')?.value.lifecycle).toBe('suspended');
    expect(asOf2.some((f) => f.key === 'u7')).toBe(true);
    expect(factsAsOf(db, 'idp_user', 3, 'okta').some((f) => f.key === 'u7')).toBe(false);
    // Open and unpacked versions come back in one order, the store's (slot, key).
    const order = asOf2.map((f) => [factSlot(f.key), f.key] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
    expect(new Set(asOf2.map((f) => f.validTo === null)).size).toBe(2);
    // Derived access keyed by the old order is dropped, to be derived again.
    for (const table of ['access_principals', 'access_actors', 'access_shapes', 'access_derivations', 'access_derivation_state']) {
      expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    db.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('keeps the digests, so the next identical poll adds nothing and hashes the same facts the same way', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'al-m007-')), 'old.db');
    const before = oldDatabase(file);
    const open = before.filter((f) => f.source_id === 'okta' && f.valid_to === null);
    const expectedHash = createHash('sha256');
    for (const f of [...open].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.bucket - b.bucket || Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))))) {
      expectedHash.update(`${f.kind}\u0000${f.key}\u0000${f.value_json}\n`);
    }
    const db = openDatabase(file);
    // The converted facts hash as the old table's did (scheme 1, the definition of the time).
    expect(linesContentHash(db, 'okta')).toBe(expectedHash.digest('hex'));
    const digestRows = (db.prepare('SELECT count(*) AS n FROM fact_digests').get() as { n: number }).n;
    expect(digestRows).toBeGreaterThan(0);
    const items: SourceItem[] = open.map((f) => {
      const v = JSON.parse(f.value_json) as { groupId?: string; memberId?: string; lifecycle?: 'active' | 'suspended' };
      return f.kind === 'idp_user' ? user(f.key, `${f.key}@x.io`, v.lifecycle) : member(v.groupId!, v.memberId!);
    });
    const deps = { db, clock: new ManualClock('2026-01-04T00:00:00Z'), logger: silentLogger, createHttpClient: offline };
    const outcome = await runCollection(deps, [fakeConnector('okta', 'okta', { items })], { trigger: 't', actor: 't' });
    expect(outcome.status).toBe('complete');
    const source = getCollection(db, outcome.collectionId)!.sources[0]!;
    expect([source.factsOpened, source.factsClosed]).toEqual([0, 0]);
    // The first collection since records the current scheme, its leaves computed from the converted rows.
    expect(source.contentHash).toBe(referenceContentHash(db, 'okta'));
    // A change after the migration closes into the packed history like any other.
    const changed = items.filter((i) => !(i.type === 'record' && i.record.key === 'u1'));
    const next = await runCollection(deps, [fakeConnector('okta', 'okta', { items: changed })], { trigger: 't', actor: 't' });
    const row = getCollection(db, next.collectionId)!.sources[0]!;
    expect([row.factsOpened, row.factsClosed]).toEqual([0, 1]);
    expect(db.prepare(`SELECT valid_from, valid_to FROM facts WHERE source_id = 'okta' AND kind = 'idp_user' AND key = 'u1'`).all()).toEqual([{ valid_from: 1, valid_to: next.collectionId }]);
    db.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('reads a kind as of a collection through the keys: open rows by stream, history blocks by stream and valid_to', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations);
    registerFactHistory(db);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    const asOf = plan(`SELECT key, value_json FROM facts WHERE source_id = 's' AND kind = 'idp_user' AND valid_from <= 5 AND (valid_to IS NULL OR valid_to > 5)`);
    expect(asOf).toMatch(/SEARCH o USING PRIMARY KEY \(stream=\?\)/);
    expect(asOf).toMatch(/SEARCH h USING INDEX sqlite_autoindex_fact_history_1 \(stream=\?\)/);
    expect(asOf).not.toMatch(/SCAN (o|h)\b/);
    const ended = plan(`SELECT key FROM facts WHERE source_id = 's' AND kind = 'prefect_member' AND valid_to IS NOT NULL AND valid_to <= 9 AND valid_to >= 4`);
    expect(ended).toMatch(/SEARCH h USING INDEX sqlite_autoindex_fact_history_1 \(stream=\? AND valid_to>\? AND valid_to<\?\)/);
    db.close();
  });
});
