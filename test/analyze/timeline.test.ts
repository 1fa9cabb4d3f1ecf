import { describe, expect, it } from 'vitest';
import { personTimeline } from '../../electron/analyze/timeline';
import { refreshFindings } from '../../electron/analyze/findings/findings-store';
import { setIdentityLink } from '../../electron/analyze/identity/identity-links';
import { parsePolicy } from '../../electron/analyze/policy/policy-schema';
import { savePolicy } from '../../electron/analyze/policy/policy-store';
import {
  collect,
  event,
  groupMember,
  harness,
  hrEmployee,
  idpGroup,
  idpUser,
  member,
  plusDays,
  prefectBase,
  team,
  teamMember,
  userAccess,
  type Harness,
  type SourceScript,
} from './builders';

const D0 = '2026-05-01T06:00:00.000Z';

/** Ana leaves on 2026-05-01 (IdP deactivation at 15:00); Prefect keeps her until day 3. */
async function leaverHistory(h: Harness, opts: { deletionEvent?: boolean } = {}) {
  const day = (n: number): SourceScript[] => [
    {
      id: 'hr',
      kind: 'hr_csv',
      items: [n === 0 ? hrEmployee('E1', 'ana@x.io', { hireDate: '2024-03-04' }) : hrEmployee('E1', 'ana@x.io', { hireDate: '2024-03-04', status: 'terminated', terminationDate: '2026-05-01' })],
    },
    {
      id: 'okta',
      kind: 'okta',
      items: [
        idpGroup('g-data', 'prefect-data'),
        idpUser('u-ana', 'ana@x.io', { lifecycle: n === 0 ? 'active' : 'deprovisioned', emails: ['ana@x.io', 'ana.r@x.io'] }),
        ...(n === 0 ? [groupMember('g-data', 'u-ana')] : []),
        ...(n === 1 ? [event({ id: 'okta-ev-1', occurredAt: '2026-05-01T15:00:00.000Z', type: 'user.lifecycle.deactivate', actorName: 'admin@x.io', targetIds: ['u-ana'] })] : []),
      ],
    },
    {
      id: 'prefect',
      kind: 'prefect',
      items: [
        ...prefectBase(),
        team('t-data', 'prefect-data', 'dg-1'),
        ...(n < 3 ? [member('ana', 'ana.r@x.io', { role: n === 0 ? 'Member' : 'Admin' }), teamMember('t-data', 'ana')] : []),
        ...(n === 1 ? [userAccess('ws-prod', 'ana', 'wr-owner')] : []),
        ...(n === 3 && opts.deletionEvent
          ? [event({ id: 'pf-del', occurredAt: '2026-05-03T09:30:00.000Z', type: 'prefect-cloud.account-membership.deleted', targetIds: ['prefect-cloud.account-membership.m-ana', 'prefect-cloud.actor.a-ana'], detail: { resourceId: 'prefect-cloud.account-membership.m-ana' } })]
          : []),
      ],
    },
  ];
  const ids = [];
  for (let n = 0; n < 4; n++) ids.push((await collect(h, plusDays(D0, n), day(n))).id);
  return ids;
}

describe('person timeline', () => {
  it('puts HR, IdP, group, Prefect and findings changes on one axis, each with how well its time is known', async () => {
    const h = harness();
    const policy = parsePolicy({});
    const ids = await leaverHistory(h);
    for (const id of ids) refreshFindings(h.db, h.clock, id, policy);
    setIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-ana', identityId: 'emp:E1', mode: 'link', reason: 'confirmed' }, 'auditor@x.io');
    const t = personTimeline(h.db, 'ANA@x.io');
    expect(t).toMatchObject({ identityId: 'emp:E1', emails: ['ana.r@x.io', 'ana@x.io'], asOfCollectionId: ids[3] });
    const line = (e: (typeof t.events)[number]) => `${e.at.slice(0, 16)} ${e.precision} ${e.type}`;
    expect(t.events.map(line)).toEqual([
      '2024-03-04T00:00 date hr.hired',
      '2026-05-01T00:00 date hr.terminated',
      '2026-05-01T06:00 first-seen hr.listed',
      '2026-05-01T06:00 first-seen idp.account-seen',
      '2026-05-01T06:00 first-seen idp.group-joined',
      '2026-05-01T06:00 first-seen prefect.membership-created',
      '2026-05-01T06:00 first-seen prefect.team-joined',
      '2026-05-01T15:00 exact user.lifecycle.deactivate',
      '2026-05-02T06:00 between-polls hr.status',
      '2026-05-02T06:00 between-polls idp.lifecycle',
      '2026-05-02T06:00 between-polls idp.group-left',
      '2026-05-02T06:00 between-polls prefect.role-changed',
      '2026-05-02T06:00 between-polls prefect.grant-added',
      '2026-05-02T06:00 exact finding.opened', // leaver still active
      '2026-05-02T06:00 exact finding.opened', // 30 h after leaving: offboarding deadline (24 h) missed
      '2026-05-02T06:00 exact finding.opened', // the direct Owner grant bypasses the synced team
      '2026-05-03T06:00 between-polls prefect.grant-removed',
      '2026-05-03T06:00 exact finding.resolved', // ... gone with the grant
      '2026-05-04T06:00 between-polls prefect.membership-removed',
      '2026-05-04T06:00 between-polls prefect.team-left',
      '2026-05-04T06:00 exact finding.resolved', // no longer active; the missed deadline stays
      `${h.clock.now().toISOString().slice(0, 16)} exact identity.linked`,
    ]);
    const removed = t.events.find((e) => e.type === 'prefect.membership-removed')!;
    expect(removed).toMatchObject({ after: plusDays(D0, 2), sourceId: 'prefect', evidence: { kind: 'prefect_member', key: 'm-ana', collections: { from: ids[1], to: ids[3] } } });
    expect(t.events.find((e) => e.type === 'prefect.role-changed')!.summary).toBe('Account role Member → Admin');
    expect(t.events.filter((e) => e.lane === 'finding').map((e) => e.summary.split(':')[0])).toEqual([
      'Finding opened (critical)',
      'Finding opened (high)',
      'Finding opened (high)',
      'Finding resolved (high)',
      'Finding resolved (critical)',
    ]);
  });

  it('reports revocation latency as the range between the last poll with access and the first without', async () => {
    const h = harness();
    await leaverHistory(h);
    const t = personTimeline(h.db, 'ana@x.io');
    expect(t.revocation).toEqual({
      terminatedAt: '2026-05-01T00:00:00.000Z',
      terminationBasis: 'hr-date',
      state: 'removed',
      lastSeenWithAccess: { collectionId: 3, at: plusDays(D0, 2) },
      firstSeenWithout: { collectionId: 4, at: plusDays(D0, 3) },
      removedAt: null,
      latencyHours: { min: 54, max: 78 },
    });
  });

  it('narrows the range to the exact deletion time when the audit log has it', async () => {
    const h = harness();
    await leaverHistory(h, { deletionEvent: true });
    const t = personTimeline(h.db, 'ana@x.io');
    expect(t.revocation).toMatchObject({ state: 'removed', removedAt: '2026-05-03T09:30:00.000Z', latencyHours: { min: 57.5, max: 57.5 } });
    expect(t.events.some((e) => e.type === 'prefect-cloud.account-membership.deleted' && e.precision === 'exact')).toBe(true);
  });

  it('counts a removal no poll saw when the audit log deleted a membership naming the person', async () => {
    const h = harness();
    // Terminated on 04-28; Prefect deleted their membership 16 h later, days before the first poll.
    const day: SourceScript[] = [
      {
        id: 'hr',
        kind: 'hr_csv',
        items: [hrEmployee('E1', 'mark@x.io', { status: 'terminated', terminationDate: '2026-04-28' }), hrEmployee('E2', 'ann@x.io', { status: 'terminated', terminationDate: '2026-04-28' })],
      },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          event({
            id: 'ev-del-mark',
            occurredAt: '2026-04-28T16:00:00.000Z',
            type: 'prefect-cloud.account-membership.deleted',
            targetIds: ['prefect-cloud.account-membership.m-gone', 'prefect-cloud.user.u-gone'],
            detail: { resourceId: 'prefect-cloud.account-membership.m-gone', resourceName: 'Mark@x.io', related: [] },
          }),
        ],
      },
    ];
    await collect(h, D0, day);
    const t = personTimeline(h.db, 'mark@x.io');
    expect(t.revocation).toMatchObject({ state: 'removed', removedAt: '2026-04-28T16:00:00.000Z', lastSeenWithAccess: null, latencyHours: { min: 16, max: 16 } });
    expect(t.events.some((e) => e.type === 'prefect-cloud.account-membership.deleted')).toBe(true);
    // Someone else's deletion does not count for a person never seen in Prefect.
    expect(personTimeline(h.db, 'ann@x.io').revocation).toMatchObject({ state: 'never-had-access', removedAt: null });
  });

  it('says the access is still there, and since how long, when it is', async () => {
    const h = harness();
    const day: SourceScript[] = [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'bo@x.io', { status: 'terminated', terminationDate: '2026-04-28' })] },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('bo', 'bo@x.io')] },
    ];
    await collect(h, D0, day);
    await collect(h, plusDays(D0, 1), day);
    const t = personTimeline(h.db, 'bo@x.io');
    expect(t.revocation).toMatchObject({ state: 'still-active', terminationBasis: 'hr-date', terminatedAt: '2026-04-28T00:00:00.000Z', latencyHours: { min: 102, max: null }, firstSeenWithout: null });
  });

  it('places HR dates at their start in the time zone of the policy in force, says which, and orders them by instant', async () => {
    const h = harness();
    savePolicy(h.db, h.clock, { terminationTimeZone: 'Asia/Tokyo' }, 'hr@x.io', { note: 'roster dates are Tokyo days' });
    const day = (terminated: boolean): SourceScript[] => [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io', { hireDate: '2024-03-04', ...(terminated ? { status: 'terminated', terminationDate: '2026-05-01' } : {}) })] },
      {
        id: 'okta',
        kind: 'okta',
        items: [
          idpUser('u-ana', 'ana@x.io', { lifecycle: terminated ? 'deprovisioned' : 'active' }),
          // 05:00 in Tokyo on the termination day: after its start, though before 00:00 UTC.
          ...(terminated ? [event({ id: 'okta-ev-1', occurredAt: '2026-04-30T20:00:00.000Z', type: 'user.lifecycle.deactivate', targetIds: ['u-ana'] })] : []),
        ],
      },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io')] },
    ];
    await collect(h, '2026-04-29T12:00:00.000Z', day(false));
    await collect(h, D0, day(true));
    const t = personTimeline(h.db, 'ana@x.io');
    const hired = t.events.find((e) => e.type === 'hr.hired')!;
    const terminated = t.events.find((e) => e.type === 'hr.terminated')!;
    expect(hired.at).toBe('2024-03-04T00:00:00.000+09:00');
    expect(terminated).toMatchObject({
      at: '2026-05-01T00:00:00.000+09:00',
      precision: 'date',
      summary: 'Terminated on 2026-05-01 (HR termination date; revocation is measured from the start of that day in Asia/Tokyo)',
    });
    // As text "2026-04-30T20:00…Z" sorts before "2026-05-01T00:00…+09:00"; as instants it is 5 h after.
    const types = t.events.map((e) => e.type);
    expect(types.indexOf('hr.terminated')).toBeLessThan(types.indexOf('user.lifecycle.deactivate'));
    expect(t.revocation).toMatchObject({ terminationBasis: 'hr-date', terminatedAt: '2026-04-30T15:00:00.000Z', state: 'still-active', latencyHours: { min: 15, max: null } });
  });

  it('says the day is measured in UTC when the policy names no zone', async () => {
    const h = harness();
    await leaverHistory(h);
    expect(personTimeline(h.db, 'ana@x.io').events.find((e) => e.type === 'hr.terminated')).toMatchObject({
      at: '2026-05-01T00:00:00.000Z',
      summary: 'Terminated on 2026-05-01 (HR termination date; revocation is measured from the start of that day in UTC)',
    });
  });
});
