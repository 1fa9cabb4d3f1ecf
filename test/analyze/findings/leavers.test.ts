import { describe, expect, it } from 'vitest';
import { collect, event, harness, hrEmployee, idpUser, member, plusDays, prefectBase, type SourceScript } from '../builders';
import { findings, summary, testPolicy } from './helpers';
import { ruleContextFor } from '../../../electron/analyze/findings/compute-findings';
import { leaverLatencies } from '../../../electron/analyze/findings/rules/offboarding-deadline-missed';
import type { Policy } from '../../../electron/analyze/policy/policy-schema';
import type { Harness } from '../builders';

const D0 = '2026-05-01T06:00:00.000Z';

describe('leaver-still-active', () => {
  it('flags terminated or IdP-disabled people with an active membership, and nobody else', async () => {
    const h = harness();
    const c = await collect(h, D0, [
      {
        id: 'hr',
        kind: 'hr_csv',
        items: [
          hrEmployee('E1', 'bo@x.io', { status: 'terminated', terminationDate: '2026-04-10' }),
          hrEmployee('E2', 'dee@x.io', { status: 'terminated', terminationDate: '2026-04-10' }),
          hrEmployee('E3', 'fay@x.io', { status: 'leave' }),
          hrEmployee('E4', 'gil@x.io'),
        ],
      },
      {
        id: 'okta',
        kind: 'okta',
        items: [
          idpUser('u-cy', 'cy@x.io', { lifecycle: 'suspended' }),
          idpUser('u-gil', 'gil@x.io', { lifecycle: 'deprovisioned' }),
        ],
      },
      {
        id: 'entra',
        kind: 'entra',
        items: [idpUser('e-gil', 'gil@x.io')],
      },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          member('bo', 'bo@x.io', { role: 'Admin' }),
          member('cy', 'cy@x.io'),
          // Near misses: an inactive membership grants nothing; HR leave is not leaving;
          // Gil is deprovisioned in Okta but active in Entra (a rehire keeps one live account).
          member('dee', 'dee@x.io', { active: false }),
          member('fay', 'fay@x.io'),
          member('gil', 'gil@x.io'),
        ],
      },
    ]);
    const list = findings(h, c.id);
    expect(summary(list, 'leaver-still-active')).toEqual(['leaver-still-active bo@x.io', 'leaver-still-active cy@x.io']);
    const bo = list.find((f) => f.rule === 'leaver-still-active' && f.subject.email === 'bo@x.io')!;
    expect(bo).toMatchObject({ severity: 'critical', policyVersion: 3, collectionId: c.id, subject: { type: 'identity', identityId: 'emp:E1', membershipId: 'm-bo' } });
    expect(bo.title).toMatch(/HR: terminated 2026-04-10.*still an active Admin/);
    expect(bo.evidence.map((e) => `${e.sourceId}/${e.kind}/${e.key}`)).toEqual(['hr/hr_employee/E1', 'prefect/prefect_member/m-bo']);
    expect(bo.evidence[0]).toMatchObject({ collections: { from: c.id, to: null }, excerpt: { status: 'terminated', terminationDate: '2026-04-10' } });
  });

  it('never flags a break-glass account', async () => {
    const h = harness();
    const c = await collect(h, D0, [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'glass@x.io', { status: 'terminated', terminationDate: '2026-01-01' })] },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('glass', 'glass@x.io', { role: 'Owner' })] },
    ]);
    expect(summary(findings(h, c.id, testPolicy({ breakGlassEmails: ['GLASS@x.io'] })))).toEqual([]);
    expect(summary(findings(h, c.id), 'leaver-still-active')).toEqual(['leaver-still-active glass@x.io']);
  });
});

describe('offboarding-deadline-missed', () => {
  /** Day n's collection: HR terminates people on 2026-05-01; Prefect memberships disappear when listed. */
  const day = (n: number, prefectMembers: string[], extra: Partial<Record<'prefect', SourceScript['items']>> = {}): SourceScript[] => [
    {
      id: 'hr',
      kind: 'hr_csv',
      items:
        n === 0
          ? [hrEmployee('E1', 'ana@x.io'), hrEmployee('E2', 'bo@x.io'), hrEmployee('E3', 'cy@x.io'), hrEmployee('E4', 'dan@x.io')]
          : [
              hrEmployee('E1', 'ana@x.io', { status: 'terminated', terminationDate: '2026-05-01' }),
              hrEmployee('E2', 'bo@x.io', { status: 'terminated', terminationDate: '2026-05-01' }),
              hrEmployee('E3', 'cy@x.io', { status: 'terminated', terminationDate: '2026-05-01' }),
              hrEmployee('E4', 'dan@x.io', { status: 'terminated', terminationDate: '2026-05-01' }),
            ],
    },
    { id: 'prefect', kind: 'prefect', items: [...prefectBase(), ...prefectMembers.map((x) => member(x, `${x}@x.io`)), ...(extra.prefect ?? [])] },
  ];

  it('reports a removal certainly past the deadline as a latency range between the polls, and not one that may have been in time', async () => {
    const h = harness();
    // Terminated on 2026-05-01 (from 00:00 UTC); a 36 h deadline: access due gone by 05-02 12:00.
    const policy = testPolicy({ offboardingDeadlineHours: 36 });
    await collect(h, D0, day(0, ['ana', 'bo', 'cy', 'dan']));
    await collect(h, plusDays(D0, 1), day(1, ['ana', 'cy', 'dan'])); // Bo gone by 05-02 06:00: in time.
    await collect(h, plusDays(D0, 2), day(2, ['ana', 'cy'])); // Dan gone between 05-02 06:00 (30 h) and 05-03 06:00 (54 h): maybe in time.
    const c4 = await collect(h, plusDays(D0, 3), day(3, ['cy'])); // Ana last seen 05-03 06:00, 54 h after leaving: certainly late.
    const list = findings(h, c4.id, policy);
    expect(summary(list, 'offboarding-deadline-missed')).toEqual(['offboarding-deadline-missed ana@x.io', 'offboarding-deadline-missed cy@x.io']);
    const ana = list.find((f) => f.rule === 'offboarding-deadline-missed' && f.subject.email === 'ana@x.io')!;
    expect(ana.details).toMatchObject({
      state: 'removed',
      terminatedAt: '2026-05-01T00:00:00.000Z',
      terminationBasis: 'hr-date',
      lastSeenWithAccess: { at: plusDays(D0, 2) },
      firstSeenWithout: { at: plusDays(D0, 3) },
      latencyHours: { min: 54, max: 78 },
      deadlineHours: 36,
    });
    const cy = list.find((f) => f.rule === 'offboarding-deadline-missed' && f.subject.email === 'cy@x.io')!;
    expect(cy.details).toMatchObject({ state: 'still-active', latencyHours: { min: 78, max: null } });
    expect(summary(list, 'leaver-still-active')).toEqual(['leaver-still-active cy@x.io']);
    // A tighter deadline catches Dan too; a looser one forgives Ana.
    expect(summary(findings(h, c4.id, testPolicy({ offboardingDeadlineHours: 24 })), 'offboarding-deadline-missed')).toEqual([
      'offboarding-deadline-missed ana@x.io',
      'offboarding-deadline-missed cy@x.io',
      'offboarding-deadline-missed dan@x.io',
    ]);
    expect(summary(findings(h, c4.id, testPolicy({ offboardingDeadlineHours: 60 })), 'offboarding-deadline-missed')).toEqual(['offboarding-deadline-missed cy@x.io']);
  });

  it('ages out a late removal after the lookback, never access that is still there', async () => {
    const h = harness();
    const policy = testPolicy({ offboardingDeadlineHours: 36 });
    await collect(h, D0, day(0, ['ana', 'cy']));
    await collect(h, plusDays(D0, 2), day(2, ['ana', 'cy']));
    await collect(h, plusDays(D0, 3), day(3, ['cy'])); // Ana removed 54–78 h after leaving: late.
    const inWindow = await collect(h, plusDays(D0, 30), day(30, ['cy']));
    const early = findings(h, inWindow.id, policy).filter((f) => f.rule === 'offboarding-deadline-missed');
    expect(early.map((f) => f.title.replace(/^\S+ /, ''))).toEqual([
      "Prefect access was removed 54–78 h after leaving (deadline 36 h)",
      'still has Prefect access past the 36 h offboarding deadline (left 2026-05-01)',
    ]);
    // 100 days on (the default lookback is 90): Ana's late removal has aged out; Cy still has access.
    const later = await collect(h, plusDays(D0, 100), day(100, ['cy']));
    const list = findings(h, later.id, policy);
    expect(summary(list, 'offboarding-deadline-missed')).toEqual(['offboarding-deadline-missed cy@x.io']);
    expect(list.find((f) => f.rule === 'offboarding-deadline-missed')!.details).toMatchObject({ state: 'still-active', latencyHours: { min: 100 * 24 + 6, max: null } });
    // The same title 70 days later: it was true then and is true now.
    expect(list.find((f) => f.rule === 'offboarding-deadline-missed')!.title).toBe(early[1]!.title);
  });

  it('uses the audit log deletion time when it has one, and the IdP deactivation when it came first', async () => {
    const h = harness();
    await collect(h, D0, [
      { id: 'okta', kind: 'okta', items: [idpUser('u-ana', 'ana@x.io')] },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io')] },
    ]);
    await collect(h, plusDays(D0, 1), [
      {
        id: 'okta',
        kind: 'okta',
        items: [
          idpUser('u-ana', 'ana@x.io', { lifecycle: 'deprovisioned' }),
          event({ id: 'okta-1', occurredAt: '2026-05-01T10:00:00.000Z', type: 'user.lifecycle.deactivate', targetIds: ['u-ana'] }),
        ],
      },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io')] },
    ]);
    const c3 = await collect(h, plusDays(D0, 2), [
      { id: 'okta', kind: 'okta', items: [idpUser('u-ana', 'ana@x.io', { lifecycle: 'deprovisioned' })] },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          event({
            id: 'pf-1',
            occurredAt: '2026-05-02T16:00:00.000Z',
            type: 'prefect-cloud.account-membership.deleted',
            targetIds: ['prefect-cloud.account-membership.m-ana'],
            detail: { resourceId: 'prefect-cloud.account-membership.m-ana' },
          }),
        ],
      },
    ]);
    const f = findings(h, c3.id).find((x) => x.rule === 'offboarding-deadline-missed')!;
    expect(f.details).toMatchObject({ state: 'removed', terminationBasis: 'idp-event', terminatedAt: '2026-05-01T10:00:00.000Z', removedAt: '2026-05-02T16:00:00.000Z', latencyHours: { min: 30, max: 30 } });
  });

  it('judges a removal no poll saw from the audit log, when its deletion names the leaver', async () => {
    const h = harness();
    const deletion = (id: string, email: string, at: string) =>
      event({ id, occurredAt: at, type: 'prefect-cloud.account-membership.deleted', targetIds: [`prefect-cloud.account-membership.m-${id}`], detail: { resourceId: `prefect-cloud.account-membership.m-${id}`, resourceName: email } });
    const c = await collect(h, D0, [
      {
        id: 'hr',
        kind: 'hr_csv',
        items: [
          hrEmployee('E1', 'late@x.io', { status: 'terminated', terminationDate: '2026-04-20' }),
          hrEmployee('E2', 'quick@x.io', { status: 'terminated', terminationDate: '2026-04-20' }),
        ],
      },
      // Both memberships were deleted before this first poll: 120 h and 10 h after leaving.
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), deletion('late', 'late@x.io', '2026-04-25T00:00:00.000Z'), deletion('quick', 'quick@x.io', '2026-04-20T10:00:00.000Z')] },
    ]);
    const all = findings(h, c.id);
    expect(summary(all, 'offboarding-deadline-missed')).toEqual(['offboarding-deadline-missed late@x.io']);
    expect(all.find((f) => f.rule === 'offboarding-deadline-missed')!.details).toMatchObject({ state: 'removed', removedAt: '2026-04-25T00:00:00.000Z', latencyHours: { min: 120, max: 120 } });
  });
});

describe('offboarding measured from the start of the termination day in the policy’s time zone', () => {
  /** Each leaver's latency range in hours, as the Overview chart reads it. */
  const latencies = (h: Harness, collectionId: number, policy: Policy) =>
    Object.fromEntries(leaverLatencies(ruleContextFor(h.db, collectionId, policy, 90)).map((l) => [l.identity.emails[0], l.latency.latencyHours]));

  /**
   * Ana and Cy leave on 2026-05-01 (in Tokyo, that day starts at 2026-04-30 15:00 UTC). The
   * audit log dates Ana's removal 2026-05-01 21:00 UTC: 30 h into the Tokyo day, 21 h after
   * 00:00 UTC. Cy is still there at the last poll (22:00 UTC).
   */
  async function tokyoLeavers(h: Harness): Promise<number> {
    const hr = (terminated: boolean) => ({
      id: 'hr',
      kind: 'hr_csv' as const,
      items: ['ana', 'cy'].map((x, i) => hrEmployee(`E${i + 1}`, `${x}@x.io`, terminated ? { status: 'terminated', terminationDate: '2026-05-01' } : {})),
    });
    await collect(h, '2026-04-29T12:00:00.000Z', [hr(false), { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io'), member('cy', 'cy@x.io')] }]);
    await collect(h, '2026-05-01T20:00:00.000Z', [hr(true), { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io'), member('cy', 'cy@x.io')] }]);
    const removal = event({
      id: 'pf-ana',
      occurredAt: '2026-05-01T21:00:00.000Z',
      type: 'prefect-cloud.account-membership.deleted',
      targetIds: ['prefect-cloud.account-membership.m-ana'],
      detail: { resourceId: 'prefect-cloud.account-membership.m-ana' },
    });
    return (await collect(h, '2026-05-01T22:00:00.000Z', [hr(true), { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('cy', 'cy@x.io'), removal] }])).id;
  }

  it('Tokyo: a removal 30 h after the local start of the day misses a 24 h deadline that measuring from 00:00 UTC called met', async () => {
    const h = harness();
    const last = await tokyoLeavers(h);
    const utc = testPolicy({ offboardingDeadlineHours: 24 });
    const tokyo = testPolicy({ offboardingDeadlineHours: 24, terminationTimeZone: 'Asia/Tokyo' });

    // Without the zone (UTC, as before): 21 h, on time; Cy's 22 h so far are within it too.
    expect(latencies(h, last, utc)).toEqual({ 'ana@x.io': { min: 21, max: 21 }, 'cy@x.io': { min: 22, max: null } });
    expect(summary(findings(h, last, utc), 'offboarding-deadline-missed')).toEqual([]);

    // In Tokyo: 30 h, missed; Cy is past the deadline too.
    expect(latencies(h, last, tokyo)).toEqual({ 'ana@x.io': { min: 30, max: 30 }, 'cy@x.io': { min: 31, max: null } });
    const list = findings(h, last, tokyo);
    expect(summary(list, 'offboarding-deadline-missed')).toEqual(['offboarding-deadline-missed ana@x.io', 'offboarding-deadline-missed cy@x.io']);
    const ana = list.find((f) => f.rule === 'offboarding-deadline-missed' && f.subject.email === 'ana@x.io')!;
    expect(ana.title).toBe("ana's Prefect access was removed 30 h after leaving (deadline 24 h)");
    expect(ana.details).toMatchObject({
      state: 'removed',
      terminationBasis: 'hr-date',
      terminatedAt: '2026-04-30T15:00:00.000Z',
      removedAt: '2026-05-01T21:00:00.000Z',
      latencyHours: { min: 30, max: 30 },
      deadlineHours: 24,
      terminationTimeZone: 'Asia/Tokyo',
    });
    // Dated by the roster's day, not the UTC date of its start (2026-04-30).
    expect(list.find((f) => f.rule === 'offboarding-deadline-missed' && f.subject.email === 'cy@x.io')!.title).toBe(
      'cy still has Prefect access past the 24 h offboarding deadline (left 2026-05-01)',
    );
    // Judged without a zone, the details are those findings always had (no zone key), dated as before.
    const utcLate = findings(h, last, testPolicy({ offboardingDeadlineHours: 12 })).filter((f) => f.rule === 'offboarding-deadline-missed');
    expect(utcLate.map((f) => f.details.terminatedAt)).toEqual(['2026-05-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z']);
    for (const f of utcLate) expect(f.details).not.toHaveProperty('terminationTimeZone');
  });

  it('Los Angeles: measuring from 00:00 UTC called a removal 20 h into the local day late', async () => {
    const h = harness();
    const hr = (terminated: boolean) => ({ id: 'hr', kind: 'hr_csv' as const, items: [hrEmployee('E1', 'bo@x.io', terminated ? { status: 'terminated', terminationDate: '2026-05-01' } : {})] });
    await collect(h, '2026-04-30T12:00:00.000Z', [hr(false), { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('bo', 'bo@x.io')] }]);
    // 2026-05-01 starts at 07:00 UTC in Los Angeles (PDT); Bo was last seen 20 h later and gone an hour after.
    await collect(h, '2026-05-02T03:00:00.000Z', [hr(true), { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('bo', 'bo@x.io')] }]);
    const last = (await collect(h, '2026-05-02T04:00:00.000Z', [hr(true), { id: 'prefect', kind: 'prefect', items: [...prefectBase()] }])).id;
    const utc = testPolicy({ offboardingDeadlineHours: 24 });
    const la = testPolicy({ offboardingDeadlineHours: 24, terminationTimeZone: 'America/Los_Angeles' });
    expect(latencies(h, last, utc)).toEqual({ 'bo@x.io': { min: 27, max: 28 } });
    expect(summary(findings(h, last, utc), 'offboarding-deadline-missed')).toEqual(['offboarding-deadline-missed bo@x.io']);
    expect(latencies(h, last, la)).toEqual({ 'bo@x.io': { min: 20, max: 21 } });
    expect(summary(findings(h, last, la), 'offboarding-deadline-missed')).toEqual([]);
  });
});
