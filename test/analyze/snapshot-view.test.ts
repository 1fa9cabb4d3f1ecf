import { retireSource } from '../../electron/collect/store/source-roster';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, resolveAsOf } from '../../electron/analyze/snapshot-view';
import { AppError } from '../../shared/api/result';
import { collect, harness, hrEmployee, idpGroup, idpUser, groupMember, member, prefectBase, plusDays } from './builders';

const T0 = '2026-05-01T06:00:00.000Z';

describe('loadSnapshot', () => {
  it('holds every fact as of the collection, per source, indexed by id', async () => {
    const h = harness();
    const c1 = await collect(h, T0, [
      { id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io'), idpGroup('g1', 'prefect-data'), groupMember('g1', 'u1')] },
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io')] },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase(), member('ana', 'ana@x.io')] },
    ]);
    const c2 = await collect(h, plusDays(T0, 1), [
      { id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io', { lifecycle: 'suspended' }), idpGroup('g1', 'prefect-data')] },
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io', { status: 'terminated', terminationDate: '2026-05-01' })] },
      { id: 'prefect', kind: 'prefect', items: [...prefectBase()] },
    ]);
    const v1 = loadSnapshot(h.db, c1.id);
    expect(v1.collection).toMatchObject({ id: c1.id, finishedAt: T0 });
    expect(v1.previous).toBeNull();
    expect(v1.next?.id).toBe(c2.id);
    expect(v1.idp[0]!.users.get('u1')!.value.lifecycle).toBe('active');
    expect(v1.idp[0]!.groupMembers).toHaveLength(1);
    expect(v1.hr[0]!.employees.get('E1')!.value.status).toBe('active');
    expect(v1.prefect[0]!.members.get('m-ana')!.value.email).toBe('ana@x.io');
    expect(v1.prefect[0]!.workspaces.size).toBe(3);

    const v2 = loadSnapshot(h.db, c2.id);
    expect(v2.previous?.id).toBe(c1.id);
    expect(v2.idp[0]!.users.get('u1')!.value.lifecycle).toBe('suspended');
    expect(v2.idp[0]!.groupMembers).toHaveLength(0);
    expect(v2.prefect[0]!.members.size).toBe(0);
    // The fact that changed cites the collection range it held over.
    expect(v1.idp[0]!.users.get('u1')).toMatchObject({ validFrom: c1.id, validTo: c2.id });
  });

  it('loads only the kinds asked for', async () => {
    const h = harness();
    const c = await collect(h, T0, [{ id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io'), groupMember('g1', 'u1')] }]);
    const v = loadSnapshot(h.db, c.id, { kinds: ['idp_user'] });
    expect(v.idp[0]!.users.size).toBe(1);
    expect(v.idp[0]!.groupMembers).toHaveLength(0);
  });

  it('leaves out sources the collection did not read (nobody vouched for them then)', async () => {
    const h = harness();
    await collect(h, T0, [
      { id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io')] },
      { id: 'old-hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io')] },
    ]);
    // Taken out of service on purpose (a source merely missing would make the run degraded).
    retireSource(h.db, h.clock, 'tester', 'old-hr');
    const c2 = await collect(h, plusDays(T0, 1), [{ id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io')] }]);
    expect(c2.status).toBe('complete');
    const v = loadSnapshot(h.db, c2.id);
    expect(v.sources.map((s) => s.sourceId)).toEqual(['okta']);
    expect(v.hr).toHaveLength(0);
  });

  it('refuses a degraded, a failed and a missing collection with a reason', async () => {
    const h = harness();
    const good = await collect(h, T0, [{ id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io')] }]);
    const degraded = await collect(h, plusDays(T0, 1), [{ id: 'okta', kind: 'okta', items: [idpUser('u1', 'ana@x.io')], outcome: 'degraded' }]);
    const failed = await collect(h, plusDays(T0, 2), [{ id: 'okta', kind: 'okta', items: [], outcome: 'failed' }]);
    expect(degraded.status).toBe('degraded');
    expect(failed.status).toBe('failed');
    const refusal = (id: number) => {
      try {
        loadSnapshot(h.db, id);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('expected a refusal');
    };
    const d = refusal(degraded.id);
    expect(d).toBeInstanceOf(AppError);
    expect(d.code).toBe('CONFLICT');
    expect(d.message).toMatch(new RegExp(`Collection ${degraded.id} is degraded.*Analysis only runs on complete collections.*#${good.id}`));
    const f = refusal(failed.id);
    expect(f.code).toBe('CONFLICT');
    expect(f.message).toMatch(/failed \(okta: page 1: connection reset\)/);
    expect(refusal(999).code).toBe('NOT_FOUND');
  });
});

describe('resolveAsOf', () => {
  it('picks the newest complete collection at or before T, with the window until the next complete one', async () => {
    const h = harness();
    const src = (outcome?: 'degraded') => [{ id: 'okta', kind: 'okta' as const, items: [idpUser('u1', 'ana@x.io')], ...(outcome ? { outcome } : {}) }];
    const c1 = await collect(h, T0, src());
    await collect(h, plusDays(T0, 1), src('degraded'));
    const c3 = await collect(h, plusDays(T0, 2), src());
    expect(resolveAsOf(h.db, new Date(Date.parse(T0) - 1))).toBeNull();
    expect(resolveAsOf(h.db, new Date(T0))).toEqual({ collectionId: c1.id, collectedAt: T0, uncertainty: { from: T0, to: plusDays(T0, 2) } });
    // The degraded collection in between proves nothing: T on day 1 is still answered by c1.
    expect(resolveAsOf(h.db, new Date(plusDays(T0, 1.5)))?.collectionId).toBe(c1.id);
    expect(resolveAsOf(h.db, new Date(plusDays(T0, 9)))).toEqual({ collectionId: c3.id, collectedAt: plusDays(T0, 2), uncertainty: { from: plusDays(T0, 2), to: null } });
  });
});
