import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core } from '../../electron/api/open-core';
import { runDemo, type DemoResult } from '../../electron/simulate/demo/run-demo';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { accessAt } from '../../electron/analyze/point-in-time';
import type { ApiResult } from '../../shared/api/result';

/**
 * The analysis channels end to end: a real demo history (simulators, connectors, five daily
 * collections), then every question asked through service.dispatch exactly as the renderer
 * and the bridge ask it, arguments validated by the contract.
 */
const END = new Date('2026-06-05T12:00:00.000Z');
let dir: string;
let demo: DemoResult;
let core: Core;
const ctx = { transport: 'direct' as const, actor: 'auditor@example.test' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-analysis-channels-'));
  const file = path.join(dir, 'demo.db');
  demo = await runDemo({ databasePath: file, people: 50, days: 5, seed: 7, endDate: END, logger: silentLogger });
  // "Now" is a day after the last poll, so absent times mean the newest collection.
  core = openCore({ databasePath: file, clock: new ManualClock('2026-06-06T12:00:00.000Z'), logger: silentLogger });
}, 120_000);

afterAll(async () => {
  await core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = <T>(channel: string, args: unknown): Promise<ApiResult<T>> => core.service.dispatch(channel, args, ctx) as Promise<ApiResult<T>>;
async function ok<T>(channel: Parameters<Core['service']['call']>[0], args: unknown): Promise<T> {
  return (await core.service.call(channel, args, ctx)) as T;
}

describe('analysis channels', () => {
  it('snapshotTimes lists every complete collection, oldest first', async () => {
    const points = await ok<{ collectionId: number; at: string }[]>('snapshotTimes', {});
    expect(points).toHaveLength(demo.collections);
    expect(points.map((p) => p.collectionId)).toEqual([...points.map((p) => p.collectionId)].sort((a, b) => a - b));
    expect(points.at(-1)!.at.startsWith('2026-06-05')).toBe(true);
  });

  it('accessAt answers from the collection that proves T, pages the rows, and a bare date means the end of that day', async () => {
    const page = await ok<{ collectionId: number; collectedAt: string; uncertainty: { from: string; to: string | null }; total: number; rows: unknown[] }>('accessAt', {
      at: '2026-06-03',
      limit: 7,
      offset: 3,
    });
    const engine = accessAt(core.db, new Date('2026-06-03T23:59:59.999Z'));
    expect(page.collectionId).toBe(engine.collectionId);
    expect(page.collectedAt.startsWith('2026-06-03')).toBe(true);
    expect(page.uncertainty.to?.startsWith('2026-06-04')).toBe(true);
    expect(page.total).toBe(engine.rows.length);
    expect(page.rows).toEqual(JSON.parse(JSON.stringify(engine.rows.slice(3, 10))));
  });

  it('refuses a time that is not one, naming the argument, and a time before the first poll with NOT_FOUND', async () => {
    const bad = await call('accessAt', { at: 'yesterday' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_ARGUMENT');
      expect(bad.error.message).toMatch(/^accessAt: at: must be an ISO date/);
    }
    const early = await call('listPeople', { at: '2020-01-01' });
    expect(early.ok).toBe(false);
    if (!early.ok) {
      expect(early.error.code).toBe('NOT_FOUND');
      expect(early.error.message).toMatch(/first one finished at 2026-06-01/);
    }
  });

  it('listPeople has a row per person and one per unknown Prefect account, with findings counted', async () => {
    const people = await ok<{ rows: { identityId: string | null; email: string | null; leaver: boolean; prefectActive: boolean; openFindings: number }[] }>('listPeople', {});
    expect(people.rows.length).toBeGreaterThanOrEqual(50);
    const unknown = people.rows.filter((r) => r.identityId === null);
    expect(unknown.length).toBeGreaterThan(0);
    // The planted leaver who is still active in Prefect is a leaver, active, with an open finding.
    const stillActive = people.rows.filter((r) => r.leaver && r.prefectActive);
    expect(stillActive.length).toBeGreaterThan(0);
    expect(stillActive.some((r) => r.openFindings > 0)).toBe(true);
    // Findings counted per person add up to at most the open findings (some are about bots and keys).
    const open = await ok<{ findings: unknown[] }>('listFindings', {});
    expect(people.rows.reduce((n, r) => n + r.openFindings, 0)).toBeLessThanOrEqual(open.findings.length);
  });

  it('personAt and personTimeline answer for one person by address', async () => {
    const people = await ok<{ rows: { identityId: string | null; email: string | null; prefectActive: boolean; workspaceCount: number }[] }>('listPeople', {});
    const someone = people.rows.find((r) => r.identityId && r.email && r.prefectActive && r.workspaceCount > 0)!;
    const person = await ok<{ identity: { identityId: string } | null; accounts: { workspaces: { grants: { kind: string; evidence: unknown[] }[] }[] }[] }>('personAt', {
      email: someone.email!.toUpperCase(),
    });
    expect(person.identity?.identityId).toBe(someone.identityId);
    const grants = person.accounts.flatMap((a) => a.workspaces.flatMap((w) => w.grants));
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.every((g) => g.evidence.length > 0)).toBe(true);
    const timeline = await ok<{ identityId: string | null; events: unknown[] }>('personTimeline', { email: someone.email! });
    expect(timeline.identityId).toBe(someone.identityId);
    expect(timeline.events.length).toBeGreaterThan(0);
    // An address no source ever held is refused by name, not answered with an empty history.
    const nobody = await call('personTimeline', { email: 'nobody@nowhere.example' });
    expect(nobody.ok ? null : nobody.error).toEqual({ code: 'NOT_FOUND', message: 'No person or Prefect account has had the address nobody@nowhere.example in any collection.' });
  });

  it('diffAccess compares two times and idpVsPrefect one', async () => {
    const diff = await ok<{ from: { collectionId: number }; to: { collectionId: number }; changes: unknown[]; counts: Record<string, number> }>('diffAccess', {
      from: '2026-06-01',
      to: '2026-06-05',
    });
    expect(diff.from.collectionId).toBeLessThan(diff.to.collectionId);
    expect(Object.values(diff.counts).reduce((a, b) => a + b, 0)).toBe(diff.changes.length);
    // One grouping only: each change once, the counts whole.
    type Group = { changes: unknown[] };
    const total = diff.changes.length;
    for (const groups of ['person', 'workspace'] as const) {
      const one = await ok<{ changes: unknown[]; byPerson: Group[]; byWorkspace: Group[]; counts: Record<string, number> }>('diffAccess', { from: '2026-06-01', to: '2026-06-05', groups });
      const shown = groups === 'person' ? one.byPerson : one.byWorkspace;
      const other = groups === 'person' ? one.byWorkspace : one.byPerson;
      expect(one.changes).toEqual([]);
      expect(other).toEqual([]);
      expect(shown.reduce((n, g) => n + g.changes.length, 0)).toBe(total);
      expect(one.counts).toEqual(diff.counts);
    }
    expect(total).toBeGreaterThan(0);
    expect((await call('diffAccess', { from: '2026-06-01', to: '2026-06-05', groups: 'all' })).ok).toBe(false);
    const missing = await call('diffAccess', { from: '2026-06-01' });
    expect(missing.ok).toBe(false);
    const side = await ok<{ activeInPrefectNotInIdp: { reason: string }[] }>('idpVsPrefect', {});
    expect(side.activeInPrefectNotInIdp.some((r) => r.reason === 'no-identity')).toBe(true);
  });

  it('orgMetrics has a point per complete collection; revocationLatencies measures leavers against the deadline', async () => {
    const metrics = await ok<{ idpActive: number; prefectActive: number; openFindings: unknown }[]>('orgMetrics', {});
    expect(metrics).toHaveLength(demo.collections);
    expect(metrics.every((m) => m.idpActive > 0 && m.prefectActive > 0 && m.openFindings !== null)).toBe(true);
    const policy = await ok<{ policy: { offboardingDeadlineHours: number } }>('getPolicy', {});
    const report = await ok<{ deadlineHours: number; leavers: { latency: { state: string; latencyHours: { min: number } } }[] }>('revocationLatencies', {});
    expect(report.deadlineHours).toBe(policy.policy.offboardingDeadlineHours);
    expect(report.leavers.some((l) => l.latency.state === 'still-active')).toBe(true);
  });

  it('listFindings at a time reads the history; getFinding has the evidence and NOT_FOUND for an unknown id', async () => {
    const atFirst = await ok<{ asOf: { collectionId: number } | null; judged: boolean; findings: { id: string; severity: string }[] }>('listFindings', { at: '2026-06-01' });
    expect(atFirst.judged).toBe(true);
    expect(atFirst.asOf?.collectionId).toBeGreaterThan(0);
    const critical = await ok<{ findings: { severity: string }[] }>('listFindings', { severity: 'critical' });
    expect(critical.findings.every((f) => f.severity === 'critical')).toBe(true);
    const one = await ok<{ id: string; evidence: unknown[]; history: unknown[] }>('getFinding', { id: atFirst.findings[0]!.id });
    expect(one.evidence.length).toBeGreaterThan(0);
    expect(one.history.length).toBeGreaterThan(0);
    const none = await call('getFinding', { id: 'no-such-finding' });
    expect(none.ok ? null : none.error.code).toBe('NOT_FOUND');
    const beforeAny = await ok<{ asOf: unknown; judged: boolean; findings: unknown[] }>('listFindings', { at: '2020-01-01' });
    expect(beforeAny).toEqual({ asOf: null, judged: false, policyVersion: null, notJudged: [], findings: [] });
  });

  it('savePolicy versions the policy, lands on the ledger and re-judges the newest snapshot under it', async () => {
    const before = await ok<{ policy: { version: number; dormancyDays: number } & Record<string, unknown> }>('getPolicy', {});
    const next = { ...before.policy, dormancyDays: before.policy.dormancyDays + 1 };
    const saved = await ok<{ version: number; changed: boolean; rejudged: boolean }>('savePolicy', { policy: next, note: 'tighter review', expectedVersion: before.policy.version });
    expect(saved).toEqual({ version: before.policy.version + 1, changed: true, rejudged: true });
    const ledger = await ok<{ entries: { action: string; actor: string }[] }>('listLedger', { limit: 5 });
    expect(ledger.entries.some((e) => e.action === 'policy.saved' && e.actor === ctx.actor)).toBe(true);
    const open = await ok<{ findings: { policyVersion: number }[] }>('listFindings', {});
    expect(open.findings.every((f) => f.policyVersion === saved.version)).toBe(true);
    // An editor working from the old version is told, not silently overwritten.
    const stale = await call('savePolicy', { policy: { ...next, dormancyDays: 5 }, expectedVersion: before.policy.version });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    const invalid = await call('savePolicy', { policy: { ...next, dormancyDays: -1 } });
    expect(invalid.ok ? null : invalid.error.message).toMatch(/policy\.dormancyDays/);
  });

  it('a manual identity link ties an unknown account to a person, on the ledger, and clearing it undoes that', async () => {
    const people = await ok<{ rows: { identityId: string | null; email: string | null }[] }>('listPeople', {});
    const unknownEmail = people.rows.find((r) => r.identityId === null && r.email)!.email!;
    const unknown = await ok<{ accounts: { sourceId: string; actorId: string }[] }>('personAt', { email: unknownEmail });
    const account = unknown.accounts[0]!;
    const target = people.rows.find((r) => r.identityId !== null)!.identityId!;
    const link = { subjectKind: 'prefect-user', sourceId: account.sourceId, subjectId: account.actorId, identityId: target, reason: 'contractor, confirmed by their manager' };
    const made = await ok<{ mode: string; actor: string }>('setIdentityLink', { ...link, mode: 'link' });
    expect(made).toMatchObject({ mode: 'link', actor: ctx.actor });
    const after = await ok<{ rows: { identityId: string | null; email: string | null }[] }>('listPeople', {});
    expect(after.rows.some((r) => r.identityId === null && r.email === unknownEmail)).toBe(false);
    expect(await ok<unknown[]>('listIdentityLinks', {})).toHaveLength(1);
    const cleared = await ok<{ cleared: boolean }>('clearIdentityLink', link);
    expect(cleared).toEqual({ cleared: true });
    const again = await ok<{ rows: { identityId: string | null; email: string | null }[] }>('listPeople', {});
    expect(again.rows.some((r) => r.identityId === null && r.email === unknownEmail)).toBe(true);
    const ledger = await ok<{ entries: { action: string }[] }>('listLedger', { limit: 10 });
    const actions = ledger.entries.map((e) => e.action);
    expect(actions).toContain('identity.link-cleared');
    expect(actions.some((a) => a.startsWith('identity.link'))).toBe(true);
  });
});
