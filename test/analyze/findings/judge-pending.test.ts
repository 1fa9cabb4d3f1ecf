import { describe, expect, it } from 'vitest';
import { judgePendingCollections, newestJudgedAt, nextToJudge } from '../../../electron/analyze/findings/judge-pending';
import { listFindings, refreshFindings } from '../../../electron/analyze/findings/findings-store';
import { currentPolicy, savePolicy } from '../../../electron/analyze/policy/policy-store';
import { listLedger } from '../../../electron/evidence/ledger';
import { collect, harness, member, plusDays, prefectBase } from '../builders';

const D0 = '2026-05-01T06:00:00.000Z';
const prefect = (members: string[]) => [{ id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), ...members.map((x) => member(x, `${x}@outside.io`))] }];
const judgedCollections = (h: ReturnType<typeof harness>) =>
  (h.db.prepare('SELECT collection_id AS c, policy_version AS v FROM finding_runs ORDER BY collection_id').all() as { c: number; v: number }[]).map((r) => [r.c, r.v]);

describe('judging the collections not judged yet (the background job after a collection)', () => {
  it('judges only the newest collection of a history that was never judged, then each new one in order', async () => {
    const h = harness();
    const c1 = await collect(h, D0, prefect(['zed']));
    const c2 = await collect(h, plusDays(D0, 1), prefect(['zed', 'yan']));
    expect(nextToJudge(h.db)).toBe(c2.id);
    expect(judgePendingCollections(h.db, h.clock).map((o) => o.collectionId)).toEqual([c2.id]);
    expect(judgedCollections(h).map(([c]) => c)).toEqual([c2.id]);
    expect(c1.id).toBeLessThan(c2.id);
    const finishedAt = (id: number) => (h.db.prepare('SELECT finished_at FROM collections WHERE id = ?').pluck().get(id) as string);
    expect(newestJudgedAt(h.db)?.toISOString()).toBe(finishedAt(c2.id));

    // Collections completed while the worker was busy are all judged, oldest first.
    const c3 = await collect(h, plusDays(D0, 2), prefect(['yan']));
    const c4 = await collect(h, plusDays(D0, 3), prefect([]));
    // Until the worker catches up, "the findings now" are those of the newest judged collection.
    expect(newestJudgedAt(h.db)?.toISOString()).toBe(finishedAt(c2.id));
    const outcomes = judgePendingCollections(h.db, h.clock, { actor: 'worker' });
    expect(outcomes.map((o) => [o.collectionId, o.resolved])).toEqual([
      [c3.id, 1],
      [c4.id, 1],
    ]);
    expect(listFindings(h.db, { status: 'open' })).toEqual([]);
    expect(listLedger(h.db, { limit: 50 }).entries.filter((e) => e.action === 'findings.recorded' && e.actor === 'worker')).toHaveLength(2);
    expect(nextToJudge(h.db)).toBeNull();
    expect(newestJudgedAt(h.db)?.toISOString()).toBe(finishedAt(c4.id));
    expect(judgePendingCollections(h.db, h.clock)).toEqual([]);
  });

  it('a new database judges every collection completed since the process started, even when the worker starts late', async () => {
    const h = harness();
    // Three collections complete before the worker first runs (it was still starting up).
    const c1 = await collect(h, D0, prefect(['zed']));
    const c2 = await collect(h, plusDays(D0, 1), prefect(['zed', 'yan']));
    const c3 = await collect(h, plusDays(D0, 2), prefect(['yan']));
    expect(nextToJudge(h.db)).toBe(c3.id);
    expect(nextToJudge(h.db, c1.id)).toBe(c1.id);
    expect(judgePendingCollections(h.db, h.clock, { completedSince: c1.id }).map((o) => o.collectionId)).toEqual([c1.id, c2.id, c3.id]);
    // Once something is judged, the rest follows from it.
    const c4 = await collect(h, plusDays(D0, 3), prefect([]));
    expect(nextToJudge(h.db, c1.id)).toBe(c4.id);
  });

  it('does not record over a newer judgement, and judges again when the policy changed while it computed', async () => {
    const h = harness();
    const c1 = await collect(h, D0, prefect(['zed']));
    judgePendingCollections(h.db, h.clock);
    const c2 = await collect(h, plusDays(D0, 1), prefect(['zed']));
    const c3 = await collect(h, plusDays(D0, 2), prefect(['zed']));
    // A policy save re-judges the newest collection at once (on the thread that saved it).
    const v2 = savePolicy(h.db, h.clock, { ...currentPolicy(h.db), version: undefined, dormancyDays: 45 }, 'lead').version;
    refreshFindings(h.db, h.clock, c3.id, currentPolicy(h.db));
    // The worker, still behind, finds nothing older to record over it.
    expect(judgePendingCollections(h.db, h.clock)).toEqual([]);
    // c1 under the default policy (version 0), c3 under the saved one; c2 stays unjudged.
    expect(judgedCollections(h)).toEqual([
      [c1.id, 0],
      [c3.id, v2],
    ]);
    expect(c2.id).toBeGreaterThan(c1.id);

    // The policy changes while a collection is being judged: the result under the old policy is
    // not recorded; the collection is judged under the new one.
    const c4 = await collect(h, plusDays(D0, 3), prefect(['zed']));
    let saved = 0;
    let reads = 0;
    const realPrepare = h.db.prepare.bind(h.db);
    const spy = (sql: string) => {
      // The first read of finding_runs picks the collection; the second is the check inside the
      // write transaction, after the findings were computed: the moment to change the policy.
      if (sql.includes('FROM finding_runs') && ++reads === 2) {
        saved = savePolicy(h.db, h.clock, { ...currentPolicy(h.db), version: undefined, dormancyDays: 60 }, 'lead').version;
      }
      return realPrepare(sql);
    };
    (h.db as unknown as { prepare: typeof spy }).prepare = spy;
    const outcomes = judgePendingCollections(h.db, h.clock);
    (h.db as unknown as { prepare: typeof realPrepare }).prepare = realPrepare;
    expect(saved).toBeGreaterThan(v2);
    expect(outcomes.map((o) => [o.collectionId, o.policyVersion])).toEqual([[c4.id, saved]]);
    expect(judgedCollections(h).at(-1)).toEqual([c4.id, saved]);
  });
});
