import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { getCollection } from '../../../electron/collect/store/collection-rows';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import { fakeConnector, member, user } from './fake-connector';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

/** The hash an auditor recomputes from the stored open facts (kind, bucket, key in binary order). */
function recomputed(db: ReturnType<typeof openDatabase>, sourceId: string): string {
  const expected = createHash('sha256');
  for (const r of db.prepare(`SELECT kind, key, value_json FROM facts WHERE source_id = ? AND valid_to IS NULL ORDER BY kind, bucket, key`).all(sourceId) as {
    kind: string;
    key: string;
    value_json: string;
  }[]) {
    expected.update(`${r.kind}\u0000${r.key}\u0000${r.value_json}\n`);
  }
  return expected.digest('hex');
}

describe('content hash', () => {
  it('orders non-ASCII keys as SQLite does, on a first read and on a re-read that changed something', async () => {
    const db = openDatabase(':memory:');
    // Many keys per bucket, mixing ASCII with keys whose UTF-16 and UTF-8 orders differ.
    const odd = ['é', 'z\uE000', 'z\uFFFD', 'z😀', 'z\uD7FF', 'z\u{10FFFF}', '日本', 'a😀b', 'a\uE001b', '\uFFFF', '😀'];
    const keys = Array.from({ length: 40_000 }, (_, i) => (i % 3 === 0 ? `${odd[i % odd.length]}${i}` : `u${i}`));
    const deps = { db, clock: new ManualClock('2026-01-01T00:00:00Z'), logger: silentLogger, createHttpClient: offline };
    const first = await runCollection(deps, [fakeConnector('okta', 'okta', { items: keys.map((k) => user(k, `${i2a(k)}@x.io`)) })], { trigger: 't', actor: 't' });
    expect(first.status).toBe('complete');
    expect(getCollection(db, first.collectionId)!.sources[0]!.contentHash).toBe(recomputed(db, 'okta'));
    const second = await runCollection(deps, [fakeConnector('okta', 'okta', { items: keys.slice(7).map((k) => user(k, `${i2a(k)}@y.io`)) })], { trigger: 't', actor: 't' });
    expect(second.status).toBe('complete');
    expect(getCollection(db, second.collectionId)!.sources[0]!.contentHash).toBe(recomputed(db, 'okta'));
  });

  it('is the SHA-256 of the source’s open facts in stored key order (kind, bucket, key), across chunk boundaries', async () => {
    const db = openDatabase(':memory:');
    const items = [
      ...Array.from({ length: 6000 }, (_, i) => user(`u${i}`, `u${i}@x.io`)),
      ...Array.from({ length: 6500 }, (_, i) => member(`g${i % 7}`, `u${i}`)),
    ];
    const deps = { db, clock: new ManualClock('2026-01-01T00:00:00Z'), logger: silentLogger, createHttpClient: offline };
    const outcome = await runCollection(deps, [fakeConnector('okta', 'okta', { items })], { trigger: 't', actor: 't' });
    const expected = createHash('sha256');
    for (const r of db.prepare(`SELECT kind, key, value_json FROM facts WHERE source_id = 'okta' AND valid_to IS NULL ORDER BY kind, bucket, key`).all() as {
      kind: string;
      key: string;
      value_json: string;
    }[]) {
      expected.update(`${r.kind}\u0000${r.key}\u0000${r.value_json}\n`);
    }
    expect(getCollection(db, outcome.collectionId)!.sources[0]!.contentHash).toBe(expected.digest('hex'));
  });
});

/** An email-safe stand-in for a key. */
function i2a(key: string): string {
  return [...key].map((c) => c.codePointAt(0)!.toString(36)).join('-');
}
