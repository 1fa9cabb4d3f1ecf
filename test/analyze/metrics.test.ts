import { describe, expect, it } from 'vitest';
import { orgMetricsSeries } from '../../electron/analyze/metrics';
import { refreshFindings } from '../../electron/analyze/findings/findings-store';
import { parsePolicy } from '../../electron/analyze/policy/policy-schema';
import { collect, harness, idpUser, member, plusDays, prefectBase } from './builders';

const D0 = '2026-05-01T06:00:00.000Z';

describe('organisation metrics', () => {
  it('counts active IdP accounts and Prefect members per complete collection, with open findings where recorded', async () => {
    const h = harness();
    const day = (users: [string, 'active' | 'suspended'][], members: [string, boolean][], outcome?: 'degraded') => [
      { id: 'okta', kind: 'okta' as const, items: users.map(([x, l]) => idpUser(`u-${x}`, `${x}@x.io`, { lifecycle: l })) },
      { id: 'prefect', kind: 'prefect' as const, items: [...prefectBase(), ...members.map(([x, active]) => member(x, `${x}@x.io`, { active }))], ...(outcome ? { outcome } : {}) },
    ];
    const c1 = await collect(h, D0, day([['ana', 'active'], ['bo', 'active']], [['ana', true], ['bo', true], ['zed', true]]));
    refreshFindings(h.db, h.clock, c1.id, parsePolicy({}));
    await collect(h, plusDays(D0, 1), day([['ana', 'active']], [['ana', true]], 'degraded'));
    const c3 = await collect(h, plusDays(D0, 2), day([['ana', 'active'], ['bo', 'suspended'], ['cy', 'active']], [['ana', true], ['bo', false]]));
    expect(orgMetricsSeries(h.db)).toEqual([
      { collectionId: c1.id, at: D0, idpActive: 2, idpSources: 1, prefectActive: 3, openFindings: { critical: 0, high: 1, medium: 0, low: 0 } },
      { collectionId: c3.id, at: plusDays(D0, 2), idpActive: 2, idpSources: 1, prefectActive: 1, openFindings: null },
    ]);
  });
});
