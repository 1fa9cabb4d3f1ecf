import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { getCollection } from '../../../electron/collect/store/collection-rows';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import { fakeConnector, member, user } from './fake-connector';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

describe('content hash', () => {
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
