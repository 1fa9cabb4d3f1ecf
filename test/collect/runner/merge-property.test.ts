import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { factsAsOf } from '../../../electron/collect/store/fact-queries';
import { addHash, factHash } from '../../../electron/collect/store/fact-digest';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import { createRng } from '../../../electron/simulate/org/rng';
import { fakeConnector, member, user } from './fake-connector';
import type { SourceItem } from '../../../electron/collect/connector';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

/**
 * Random polls against the bucketed merge: after every complete poll the open facts must be
 * exactly what that poll sent, and every earlier poll must still read back as it was.
 */
describe('merge keeps every snapshot exact', () => {
  it('over 25 random polls with adds, removals, value changes and duplicates', async () => {
    const db = openDatabase(':memory:');
    const deps = { db, clock: new ManualClock('2026-01-01T00:00:00Z'), logger: silentLogger, createHttpClient: offline };
    const rng = createRng(1234);
    let users = new Map<string, 'active' | 'suspended'>();
    let members = new Set<string>();
    for (let i = 0; i < 3000; i++) users.set(`u${i}`, 'active');
    for (let i = 0; i < 4000; i++) members.add(`g${i % 17}:u${i % 3000}`);
    const expected = new Map<number, string[]>();
    for (let poll = 0; poll < 25; poll++) {
      if (poll > 0) {
        users = new Map(users);
        members = new Set(members);
        // Every fourth poll moves most of the organisation (the whole-source merge path).
        const changes = poll % 4 === 2 ? rng.int(3000, 5000) : rng.int(0, 400);
        for (let c = 0; c < changes; c++) {
          const id = `u${rng.int(0, 3600)}`;
          const roll = rng.int(0, 3);
          if (roll === 0) users.delete(id);
          else users.set(id, roll === 1 ? 'active' : 'suspended');
          const m = `g${rng.int(0, 20)}:${id}`;
          if (rng.int(0, 1) === 0) members.delete(m);
          else members.add(m);
        }
      }
      const items: SourceItem[] = [...users].map(([id, lifecycle]) => user(id, `${id}@x.io`, lifecycle));
      for (const m of members) items.push(member(m.split(':')[0]!, m.split(':')[1]!));
      if (poll % 5 === 3) items.push(items[0]!); // a key sent twice
      const outcome = await runCollection(deps, [fakeConnector('okta', 'okta', { items })], { trigger: 't', actor: 't' });
      expect(outcome.status).toBe('complete');
      expected.set(
        outcome.collectionId,
        [...[...users].map(([id, l]) => `idp_user|${id}|${l}`), ...[...members].map((m) => `idp_group_member|${m}`)].sort(),
      );
      deps.clock.advance(86_400_000);
    }
    for (const [collectionId, want] of expected) {
      const got = [
        ...factsAsOf(db, 'idp_user', collectionId).map((f) => `idp_user|${f.key}|${f.value.lifecycle}`),
        ...factsAsOf(db, 'idp_group_member', collectionId).map((f) => `idp_group_member|${f.key}`),
      ].sort();
      expect(got, `collection ${collectionId}`).toEqual(want);
    }
    const open = (db.prepare('SELECT count(*) AS n FROM facts WHERE valid_to IS NULL').get() as { n: number }).n;
    const buckets = (db.prepare('SELECT sum(count) AS n FROM fact_digests').get() as { n: number }).n;
    expect(buckets).toBe(open);
    // Every stored digest is exactly the open facts' (a wrong one would hide changes).
    const recomputed = new Map<string, { digest: number; count: number }>();
    for (const r of db.prepare('SELECT o.stream, s.kind, s.digest_level AS level, o.slot, o.key, o.value_json FROM fact_open o JOIN fact_streams s ON s.id = o.stream').all() as {
      stream: number; kind: string; level: number; slot: number; key: string; value_json: string;
    }[]) {
      const id = `${r.stream}:${r.slot >> (16 - r.level)}`;
      const d = recomputed.get(id) ?? { digest: 0, count: 0 };
      recomputed.set(id, { digest: addHash(d.digest, factHash(r.kind, r.key, r.value_json)), count: d.count + 1 });
    }
    const stored = new Map((db.prepare('SELECT stream, bucket, digest, count FROM fact_digests').all() as { stream: number; bucket: number; digest: number; count: number }[]).map((r) => [`${r.stream}:${r.bucket}`, { digest: r.digest, count: r.count }]));
    expect(stored).toEqual(recomputed);
  });
});
