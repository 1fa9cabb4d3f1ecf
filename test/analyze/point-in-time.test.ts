import { describe, expect, it } from 'vitest';
import { accessAt, personAt } from '../../electron/analyze/point-in-time';
import { diffAccess, idpVsPrefect } from '../../electron/analyze/diff';
import { AnalysisCache } from '../../electron/analyze/analysis-context';
import { parsePolicy } from '../../electron/analyze/policy/policy-schema';
import { deltaContexts } from '../../electron/analyze/diff-delta';
import { DEFAULT_MATCH_RULES } from '../../electron/analyze/identity/match-rules';
import { AppError } from '../../shared/api/result';
import {
  collect,
  groupMember,
  harness,
  hrEmployee,
  idpGroup,
  idpUser,
  lastLogin,
  member,
  plusDays,
  prefectBase,
  team,
  teamAccess,
  teamMember,
  userAccess,
  workspace,
  type Harness,
  type SourceScript,
} from './builders';

const D0 = '2026-05-01T06:00:00.000Z';

/**
 * Three days of an organisation:
 *  day 0: Ana (data team: Runner on prod), Bo (Admin)
 *  day 1: Ana gets a direct Developer grant on prod; Cy joins as a Member; Bo's last login moves
 *  day 2: Bo is removed; Ana's direct grant is gone; Cy is in the data team
 */
async function history(h: Harness) {
  const day = (n: number): SourceScript[] => [
    { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io'), hrEmployee('E2', 'bo@x.io'), hrEmployee('E3', 'cy@x.io')] },
    {
      id: 'okta',
      kind: 'okta',
      items: [
        idpGroup('g-data', 'prefect-data'),
        idpUser('u-ana', 'ana@x.io', { emails: ['ana@x.io', 'ana.alias@x.io'] }),
        idpUser('u-bo', 'bo@x.io'),
        idpUser('u-cy', 'cy@x.io'),
        idpUser('u-dee', 'dee@x.io'),
        groupMember('g-data', 'u-ana'),
        groupMember('g-data', 'u-dee'),
        ...(n >= 2 ? [groupMember('g-data', 'u-cy')] : []),
      ],
    },
    {
      id: 'prefect',
      kind: 'prefect',
      items: [
        ...prefectBase(),
        team('t-data', 'prefect-data', 'dg-1'),
        teamAccess('ws-prod', 't-data', 'wr-runner'),
        member('ana', 'ana@x.io'),
        teamMember('t-data', 'ana'),
        ...(n < 2 ? [member('bo', 'bo@x.io', { role: 'Admin' }), lastLogin('bo', plusDays(D0, n - 1))] : []),
        ...(n === 1 ? [userAccess('ws-prod', 'ana', 'wr-developer')] : []),
        ...(n >= 1 ? [member('cy', 'cy@x.io')] : []),
        ...(n >= 2 ? [teamMember('t-data', 'cy')] : []),
        member('zed', 'zed@outside.io', { active: false }),
        userAccess('ws-prod', 'zed', 'wr-viewer'),
      ],
    },
  ];
  const c = [];
  for (let n = 0; n < 3; n++) c.push(await collect(h, plusDays(D0, n), day(n)));
  return c;
}

describe('point in time', () => {
  it('answers who had access to a workspace at T from the collection before T, citing it and the window to the next', async () => {
    const h = harness();
    const [c0, c1, c2] = await history(h);
    const at = (t: string) => accessAt(h.db, new Date(t), { workspace: 'prod' });
    const noon1 = at(plusDays(D0, 1.25));
    expect(noon1).toMatchObject({ collectionId: c1!.id, collectedAt: plusDays(D0, 1), uncertainty: { from: plusDays(D0, 1), to: plusDays(D0, 2) } });
    expect(noon1.rows.map((r) => `${r.email} ${r.role?.name} ${r.provenance.map((g) => g.kind).join('+')}`).sort()).toEqual([
      'ana@x.io Developer direct+team',
      'bo@x.io Owner account-admin',
    ]);
    const ana = noon1.rows.find((r) => r.email === 'ana@x.io')!;
    expect(ana).toMatchObject({ identityId: 'emp:E1', matchedBy: 'email', workspace: { handle: 'prod', name: 'Production' } });
    expect(at(D0).rows.map((r) => `${r.email} ${r.role?.name}`).sort()).toEqual(['ana@x.io Runner', 'bo@x.io Owner']);
    expect(at(D0).collectionId).toBe(c0!.id);
    const last = at(plusDays(D0, 30));
    expect(last).toMatchObject({ collectionId: c2!.id, uncertainty: { from: plusDays(D0, 2), to: null } });
    expect(last.rows.map((r) => `${r.email} ${r.role?.name}`).sort()).toEqual(['ana@x.io Runner', 'cy@x.io Runner']);
    // Inactive memberships hold no access unless asked for.
    expect(accessAt(h.db, new Date(plusDays(D0, 2)), { workspace: 'ws-prod', includeInactive: true }).rows.find((r) => r.email === 'zed@outside.io')).toMatchObject({ role: null, principal: { active: false } });
    expect(() => accessAt(h.db, new Date(plusDays(D0, -1)))).toThrow(AppError);
  });

  it('answers what one person could do at T, found by any of their addresses', async () => {
    const h = harness();
    await history(h);
    const p = personAt(h.db, new Date(plusDays(D0, 1)), 'ANA.ALIAS@x.io');
    expect(p.identity?.identityId).toBe('emp:E1');
    expect(p.leaver).toMatchObject({ leaver: false });
    expect(p.accounts.map((a) => a.workspaces.map((w) => `${w.workspaceHandle}:${w.role?.name}`))).toEqual([['dev:Runner', 'prod:Developer', 'staging:Viewer']]);
    const unknown = personAt(h.db, new Date(plusDays(D0, 1)), 'zed@outside.io');
    expect(unknown.identity).toBeNull();
    expect(unknown.accounts.map((a) => a.id)).toEqual(['m-zed']);
  });
});

describe('access diff', () => {
  it('lists added, removed and changed access by person and by workspace; last-login changes are not access changes', async () => {
    const h = harness();
    await history(h);
    const cache = new AnalysisCache();
    const d01 = diffAccess(h.db, new Date(D0), new Date(plusDays(D0, 1)), { cache });
    const line = (c: (typeof d01.changes)[number]) => `${c.change} ${c.email} ${c.workspace?.handle ?? 'account'} ${c.before?.role ?? '-'}→${c.after?.role ?? '-'}`;
    expect(d01.changes.map(line).sort()).toEqual([
      'added cy@x.io account -→Member',
      'added cy@x.io dev -→Runner',
      'added cy@x.io staging -→Viewer',
      'role-up ana@x.io prod Runner→Developer',
    ]);
    const d12 = diffAccess(h.db, new Date(plusDays(D0, 1)), new Date(plusDays(D0, 2)), { cache });
    expect(d12.changes.map(line).sort()).toEqual([
      'added cy@x.io prod -→Runner',
      'removed bo@x.io account Admin→-',
      'removed bo@x.io dev Owner→-',
      'removed bo@x.io prod Owner→-',
      'removed bo@x.io staging Owner→-',
      'role-down ana@x.io prod Developer→Runner',
    ]);
    expect(d12.counts).toMatchObject({ added: 1, removed: 4, 'role-down': 1, 'role-up': 0 });
    expect(d12.byPerson.map((g) => [g.label, g.changes.length])).toEqual([
      ['ana', 1],
      ['bo', 4],
      ['cy', 1],
    ]);
    expect(d12.byWorkspace.map((g) => [g.label, g.changes.length])).toEqual([
      ['Account roles', 1],
      ['Development', 1],
      ['Production', 3],
      ['Staging', 1],
    ]);
    // Same roles, different grants: hidden unless asked for.
    const d02 = diffAccess(h.db, new Date(D0), new Date(plusDays(D0, 2)), { includeGrantChanges: true });
    expect(d02.changes.filter((c) => c.email === 'ana@x.io')).toEqual([]);
  });

  it('answers from the changed facts alone exactly as from the whole snapshots', async () => {
    const h = harness();
    const [c0, c1, c2] = await history(h);
    // An account-wide change (staging's default role) on a fourth day: the fast path must step aside.
    const c3 = await collect(h, plusDays(D0, 3), [
      { id: 'hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io'), hrEmployee('E2', 'bo@x.io'), hrEmployee('E3', 'cy@x.io')] },
      { id: 'okta', kind: 'okta', items: [idpUser('u-ana', 'ana@x.io'), idpUser('u-cy', 'cy@x.io')] },
      {
        id: 'prefect',
        kind: 'prefect',
        items: [...prefectBase().filter((i) => !(i.type === 'record' && i.record.key === 'ws-staging')), workspace('ws-staging', 'Staging', 'staging', 'wr-developer'), member('ana', 'ana@x.io'), member('cy', 'cy@x.io')],
      },
    ]);
    expect(deltaContexts(h.db, c0!.id, c1!.id, DEFAULT_MATCH_RULES)).not.toBeNull();
    expect(deltaContexts(h.db, c2!.id, c3!.id, DEFAULT_MATCH_RULES)).toBeNull();
    const times = [D0, plusDays(D0, 1), plusDays(D0, 2), plusDays(D0, 3)].map((t) => new Date(t));
    const strip = (d: ReturnType<typeof diffAccess>) => JSON.stringify({ changes: d.changes, counts: d.counts });
    for (const a of times) {
      for (const b of times) {
        expect(strip(diffAccess(h.db, a, b)), `${a.toISOString()} -> ${b.toISOString()}`).toBe(strip(diffAccess(h.db, a, b, { strategy: 'full' })));
      }
    }
    expect(diffAccess(h.db, times[2]!, times[3]!).changes.some((c) => c.workspace?.handle === 'staging' && c.change === 'role-up')).toBe(true);
  });

  it('compares the IdP and Prefect at one time through the mapping', async () => {
    const h = harness();
    await history(h);
    const policy = parsePolicy({ mappings: [{ idpGroup: 'prefect-data', prefectTeam: 'prefect-data', accountRole: 'Member' }] });
    const r = idpVsPrefect(h.db, new Date(plusDays(D0, 1)), { policy });
    expect(r.missingInPrefect.map((m) => m.email)).toEqual(['dee@x.io']);
    expect(r.roleDifferences.map((d) => `${d.email} ${d.actual}>${d.expected} ${d.direction}`)).toEqual(['bo@x.io Admin>Member above']);
    expect(r.activeInPrefectNotInIdp).toEqual([]);
    const later = idpVsPrefect(h.db, new Date(plusDays(D0, 2)), { policy });
    expect(later.teamDifferences).toEqual([]);
    const cyNotYet = idpVsPrefect(h.db, new Date(plusDays(D0, 1)), { policy: parsePolicy({ mappings: [{ idpGroup: 'nothing', prefectTeam: 'prefect-data' }] }) });
    expect(cyNotYet.teamDifferences.map((t) => `${t.email} ${t.team} ${t.difference}`)).toEqual(['ana@x.io prefect-data not-in-group']);
  });
});
