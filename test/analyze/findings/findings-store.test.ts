import { describe, expect, it } from 'vitest';
import { computeFindings } from '../../../electron/analyze/findings/compute-findings';
import { findingsOpenAt, getFinding, listFindings, openFindingsSeries, recordFindings, refreshFindings } from '../../../electron/analyze/findings/findings-store';
import { listLedger, verifyLedger } from '../../../electron/evidence/ledger';
import { AppError } from '../../../shared/api/result';
import { collect, harness, member, plusDays, prefectBase } from '../builders';
import { testPolicy } from './helpers';

const D0 = '2026-05-01T06:00:00.000Z';
const prefect = (members: string[], outcome?: 'degraded') => [
  { id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), ...members.map((x) => member(x, `${x}@outside.io`))], ...(outcome ? { outcome } : {}) },
];

describe('findings store', () => {
  it('opens, keeps, resolves (only on a complete collection) and reopens findings, with stable ids and the policy version', async () => {
    const h = harness();
    const policy = testPolicy();
    const c1 = await collect(h, D0, prefect(['zed', 'yan']));
    const first = refreshFindings(h.db, h.clock, c1.id, policy, { actor: 'scheduler' });
    expect(first).toMatchObject({ total: 2, opened: 2, resolved: 0, reopened: 0, policyVersion: 3 });

    const c2 = await collect(h, plusDays(D0, 1), prefect(['zed']));
    expect(refreshFindings(h.db, h.clock, c2.id, policy)).toMatchObject({ total: 1, opened: 0, resolved: 1 });

    // A degraded collection that does not show zed must not resolve anything: it is refused.
    const c3 = await collect(h, plusDays(D0, 2), prefect([], 'degraded'));
    expect(() => refreshFindings(h.db, h.clock, c3.id, policy)).toThrow(AppError);
    expect(() => recordFindings(h.db, h.clock, { ...computeFindings(h.db, c2.id, policy), collectionId: c3.id })).toThrow(/degraded/);
    expect(listFindings(h.db, { status: 'open' }).map((f) => f.subject.email)).toEqual(['zed@outside.io']);

    const c4 = await collect(h, plusDays(D0, 3), prefect([]));
    expect(refreshFindings(h.db, h.clock, c4.id, policy)).toMatchObject({ total: 0, resolved: 1 });
    const c5 = await collect(h, plusDays(D0, 4), prefect(['yan']));
    expect(refreshFindings(h.db, h.clock, c5.id, policy)).toMatchObject({ total: 1, reopened: 1, opened: 0 });

    const [yan] = listFindings(h.db, { email: 'yan@outside.io' });
    expect(yan).toMatchObject({ status: 'open', firstSeen: { collectionId: c1.id, at: D0 }, lastSeen: { collectionId: c5.id }, resolvedIn: null, policyVersion: 3 });
    const [zed] = listFindings(h.db, { email: 'zed@outside.io' });
    expect(zed).toMatchObject({ status: 'resolved', lastSeen: { collectionId: c2.id }, resolvedIn: { collectionId: c4.id, at: plusDays(D0, 3) } });
    expect(getFinding(h.db, yan!.id)!.history.map((e) => [e.collectionId, e.change])).toEqual([
      [c1.id, 'opened'],
      [c2.id, 'resolved'],
      [c5.id, 'reopened'],
    ]);

    // What was open at each recorded collection, answered after the fact.
    expect(findingsOpenAt(h.db, c2.id)!.map((f) => f.subject.email)).toEqual(['zed@outside.io']);
    expect(findingsOpenAt(h.db, c3.id)!.map((f) => f.subject.email)).toEqual(['zed@outside.io']);
    expect(findingsOpenAt(h.db, c4.id)).toEqual([]);
    expect(openFindingsSeries(h.db).map((s) => [s.collectionId, s.counts.high])).toEqual([
      [c1.id, 2],
      [c2.id, 1],
      [c4.id, 0],
      [c5.id, 1],
    ]);

    // History is not rewritten backwards.
    expect(() => refreshFindings(h.db, h.clock, c2.id, policy)).toThrow(/already recorded up to collection/);
    const actions = listLedger(h.db, { limit: 50 }).entries.filter((e) => e.action === 'findings.recorded');
    expect(actions).toHaveLength(4);
    expect(actions.at(-1)).toMatchObject({ actor: 'scheduler', subject: `collection ${c1.id}`, details: { opened: 2, policyVersion: 3 } });
    expect(verifyLedger(h.db).ok).toBe(true);
  });

  it('a finding seen again unchanged only moves its last seen; one seen again changed is rewritten', async () => {
    const h = harness();
    const policy = testPolicy();
    const withRole = (role: 'Member' | 'Admin') => [{ id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), member('zed', 'zed@outside.io', { role })] }];
    const c1 = await collect(h, D0, withRole('Member'));
    refreshFindings(h.db, h.clock, c1.id, policy);
    const [first] = listFindings(h.db);
    const c2 = await collect(h, plusDays(D0, 1), withRole('Member'));
    refreshFindings(h.db, h.clock, c2.id, policy);
    const [again] = listFindings(h.db);
    expect(again).toEqual({ ...first, lastSeen: { collectionId: c2.id, at: plusDays(D0, 1) } });
    // The account's role changes: what the finding says changes with it.
    const c3 = await collect(h, plusDays(D0, 2), withRole('Admin'));
    const computed = computeFindings(h.db, c3.id, policy).findings.find((f) => f.id === first!.id)!;
    expect(computed.evidence).not.toEqual(first!.evidence);
    refreshFindings(h.db, h.clock, c3.id, policy);
    const [changed] = listFindings(h.db);
    expect(changed).toMatchObject({ id: first!.id, firstSeen: first!.firstSeen, lastSeen: { collectionId: c3.id }, title: computed.title, evidence: computed.evidence, details: computed.details });
  });

  it('the findings open at a past collection read as they did then: no title, details or status from later', async () => {
    const h = harness();
    const policy = testPolicy();
    const cs: { id: number; status: string }[] = [];
    for (let day = 0; day < 4; day++) cs.push(await collect(h, plusDays(D0, day), prefect(['zed'])));
    const base = computeFindings(h.db, cs[0]!.id, policy);
    const f = base.findings[0]!;
    // What the rules would say on each day: the wording changes on day 2, a count on day 3, gone on day 4.
    const say = (i: number, title: string, n: number) => recordFindings(h.db, h.clock, { ...base, collectionId: cs[i]!.id, findings: [{ ...f, title, details: { n } }] });
    say(0, 'still has access past the deadline', 1);
    say(1, 'access was removed 103.7 h after leaving', 2);
    say(2, 'access was removed 103.7 h after leaving', 3);
    recordFindings(h.db, h.clock, { ...base, collectionId: cs[3]!.id, findings: [] });

    const at = (i: number) => findingsOpenAt(h.db, cs[i]!.id)!.map((x) => ({ title: x.title, details: x.details, status: x.status, last: x.lastSeen.collectionId, resolved: x.resolvedIn }));
    expect(at(0)).toEqual([{ title: 'still has access past the deadline', details: { n: 1 }, status: 'open', last: cs[0]!.id, resolved: null }]);
    expect(at(1)).toEqual([{ title: 'access was removed 103.7 h after leaving', details: { n: 2 }, status: 'open', last: cs[1]!.id, resolved: null }]);
    expect(at(2)).toEqual([{ title: 'access was removed 103.7 h after leaving', details: { n: 3 }, status: 'open', last: cs[2]!.id, resolved: null }]);
    expect(at(3)).toEqual([]);
    // Today the finding is resolved and reads as last recorded; a version starts only where the wording changed.
    expect(listFindings(h.db)).toMatchObject([{ status: 'resolved', title: 'access was removed 103.7 h after leaving', details: { n: 3 } }]);
    expect(h.db.prepare('SELECT from_collection AS c, title FROM finding_versions ORDER BY from_collection').all()).toEqual([
      { c: cs[0]!.id, title: 'still has access past the deadline' },
      { c: cs[1]!.id, title: 'access was removed 103.7 h after leaving' },
    ]);
  });

  it('recording the same collection again under a new policy updates it in place', async () => {
    const h = harness();
    const c1 = await collect(h, D0, prefect(['zed']));
    refreshFindings(h.db, h.clock, c1.id, testPolicy());
    const again = refreshFindings(h.db, h.clock, c1.id, testPolicy({ version: 4, breakGlassEmails: ['zed@outside.io'] }));
    expect(again).toMatchObject({ total: 0, resolved: 0 });
    expect(listFindings(h.db)).toEqual([]);
    const back = refreshFindings(h.db, h.clock, c1.id, testPolicy({ version: 5 }));
    expect(back).toMatchObject({ total: 1, opened: 1 });
    expect(listFindings(h.db)[0]).toMatchObject({ policyVersion: 5, status: 'open' });
  });
});
