import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/api/open-core';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { refreshFindings } from '../../electron/analyze/findings/findings-store';
import { currentPolicy } from '../../electron/analyze/policy/policy-store';
import type { FindingsAnswer } from '../../shared/domain/analysis';
import { collect, hrEmployee, idpUser, member, prefectBase, type Harness } from '../analyze/builders';
import { noHttp } from '../fixtures/no-http';

/**
 * With no policy ever saved (version 0, the built-in default: no group→role mappings, no duty
 * pairs) the rules measured against those cannot fire. The findings answer must say which
 * rules were not judged and why, or "no role drift" reads as a clean result.
 */
const ctx = { transport: 'direct' as const, actor: 'lead@example.test' };

let core: Core;
let clock: ManualClock;
let c1: number;

beforeAll(async () => {
  clock = new ManualClock('2026-05-01T06:00:00.000Z');
  core = openCore({ databasePath: ':memory:', clock, logger: silentLogger });
  const h: Harness = { db: core.db, clock, deps: { db: core.db, clock, logger: silentLogger, createHttpClient: noHttp } };
  c1 = (
    await collect(h, '2026-05-01T06:00:00.000Z', [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io')] },
      { id: 'okta', kind: 'okta', items: [idpUser('u-ana', 'ana@x.io', { employeeId: 'E1' })] },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io')] },
    ])
  ).id;
  refreshFindings(core.db, clock, c1, currentPolicy(core.db));
  clock.set('2026-05-02T12:00:00.000Z');
}, 60_000);

afterAll(async () => {
  await core?.close();
});

const findings = (args: Record<string, unknown>) => core.service.call('listFindings', args, ctx) as Promise<FindingsAnswer>;

describe('findings judged under the built-in default policy', () => {
  it('name the rules it could not judge and why, in every form of the answer', async () => {
    const expected = [
      { rules: ['role-drift', 'expected-access-missing'], reason: 'no-mappings', because: 'the policy has no group→role mappings' },
      { rules: ['sod-conflict'], reason: 'no-sod-pairs', because: 'the policy has no segregation-of-duties pairs' },
    ];
    for (const args of [{}, { status: 'open' }, { status: 'all' }, { at: '2026-05-01' }]) {
      const answer = await findings(args);
      expect(answer.judged, JSON.stringify(args)).toBe(true);
      expect(answer.policyVersion, JSON.stringify(args)).toBe(0);
      expect(answer.notJudged, JSON.stringify(args)).toEqual(expected);
    }
    // Nothing judged (before the first collection): nothing to qualify.
    expect(await findings({ at: '2026-04-01' })).toEqual({ asOf: null, judged: false, policyVersion: null, notJudged: [], findings: [] });
    // The ledger entry cites version 0, which has no row in policy_versions: the built-in default.
    const ledger = await core.service.call('listLedger', { limit: 50 }, ctx);
    const recorded = ledger.entries.find((e) => e.action === 'findings.recorded')!;
    expect((recorded.details as { policyVersion: number }).policyVersion).toBe(0);
    expect((await core.service.call('getPolicy', {}, ctx)).actor).toBe('built-in');
  });

  it('once the policy has mappings, only what it still lacks is reported; with duty pairs too, nothing', async () => {
    const before = await core.service.call('getPolicy', {}, ctx);
    const mapped = { ...before.policy, mappings: [{ idpGroup: 'prefect-data', accountRole: 'Member' }] };
    expect(await core.service.call('savePolicy', { policy: mapped, note: 'map the data group', expectedVersion: 0 }, ctx)).toMatchObject({ version: 1, rejudged: true });
    const now = await findings({});
    expect(now.policyVersion).toBe(1);
    expect(now.notJudged).toEqual([{ rules: ['sod-conflict'], reason: 'no-sod-pairs', because: 'the policy has no segregation-of-duties pairs' }]);
    const paired = { ...mapped, sodPairs: [{ a: { team: 'deployers' }, b: { team: 'approvers' } }] };
    expect(await core.service.call('savePolicy', { policy: paired, note: 'duties', expectedVersion: 1 }, ctx)).toMatchObject({ version: 2, rejudged: true });
    expect(await findings({ at: '2026-05-01' })).toMatchObject({ judged: true, policyVersion: 2, notJudged: [] });
  });
});
