import { describe, expect, it } from 'vitest';
import { collect, groupMember, harness, hrEmployee, idpGroup, idpUser, member, prefectBase, team, teamAccess, teamMember, userAccess, type Harness } from '../builders';
import { findings, summary, testPolicy } from './helpers';

const D0 = '2026-05-01T06:00:00.000Z';

/**
 * A directory-synced organisation: groups prefect-data / prefect-admins / prefect-auditors map
 * to teams of the same name (see testPolicy); oncall is a hand-made team.
 */
async function org(h: Harness) {
  const people: [string, string[], ('active' | 'staged' | 'deprovisioned')?][] = [
    ['bo', ['prefect-data']], // conforms: no finding
    ['eve', ['prefect-data']], // made Admin by hand: escalation
    ['ann', ['prefect-admins']], // demoted to Member: below
    ['gus', ['prefect-data']], // direct Developer on prod: bypass that widens
    ['ida', ['prefect-data']], // direct Runner on prod (same as team): bypass, medium
    ['ivy', ['prefect-data']], // no membership: expected access missing
    ['jon', ['prefect-data'], 'staged'], // new hire not started: not expected yet
    ['kim', ['prefect-data'], 'deprovisioned'], // leaver: not expected
    ['lou', ['prefect-data']], // member but not in the team: team missing
    ['max', ['prefect-admins', 'prefect-auditors']], // SoD conflict
    ['ned', ['prefect-auditors']], // auditor only: no conflict
    ['oli', ['prefect-data']], // in the hand-made oncall team too: workspace escalation
  ];
  const groups = { 'prefect-data': 'g-data', 'prefect-admins': 'g-admins', 'prefect-auditors': 'g-aud' } as Record<string, string>;
  const roleOf: Record<string, string> = { eve: 'Admin', ann: 'Member', max: 'Admin' };
  const members = ['bo', 'eve', 'ann', 'gus', 'ida', 'lou', 'max', 'ned', 'oli', 'hal', 'pat'];
  const teamOf: Record<string, string> = { 'prefect-data': 't-data', 'prefect-admins': 't-admins', 'prefect-auditors': 't-aud' };
  return collect(h, D0, [
    { id: 'hr', kind: 'hr_csv', items: people.map(([x], i) => hrEmployee(`E${i}`, `${x}@x.io`)) },
    {
      id: 'okta',
      kind: 'okta',
      items: [
        ...Object.entries(groups).map(([name, id]) => idpGroup(id, name)),
        ...people.flatMap(([x, gs, lifecycle]) => [idpUser(`u-${x}`, `${x}@x.io`, { lifecycle: lifecycle ?? 'active' }), ...gs.map((g) => groupMember(groups[g]!, `u-${x}`))]),
      ],
    },
    {
      id: 'prefect',
      kind: 'prefect',
      items: [
        ...prefectBase(),
        ...members.map((x) => member(x, `${x}@x.io`, { role: roleOf[x] ?? (x === 'hal' ? 'Collaborator' : 'Member'), active: x !== 'pat' })),
        team('t-data', 'prefect-data', 'dg-data'),
        team('t-admins', 'prefect-admins', 'dg-admins'),
        team('t-aud', 'prefect-auditors', 'dg-aud'),
        team('t-oncall', 'oncall'),
        teamAccess('ws-prod', 't-data', 'wr-runner'),
        teamAccess('ws-staging', 't-data', 'wr-developer'),
        teamAccess('ws-prod', 't-admins', 'wr-owner'),
        teamAccess('ws-prod', 't-aud', 'wr-viewer'),
        teamAccess('ws-prod', 't-oncall', 'wr-developer'),
        ...people.filter(([x]) => members.includes(x) && x !== 'lou').flatMap(([x, gs]) => gs.map((g) => teamMember(teamOf[g]!, x))),
        teamMember('t-oncall', 'oli'),
        userAccess('ws-prod', 'gus', 'wr-developer'),
        userAccess('ws-prod', 'ida', 'wr-runner'),
        // Near misses: a hand-invited collaborator's direct grant; an inactive member's direct grant.
        userAccess('ws-prod', 'hal', 'wr-viewer'),
        userAccess('ws-prod', 'pat', 'wr-owner'),
      ],
    },
  ]);
}

describe('role drift', () => {
  it('flags an account role above the mapping (high) and below it (low), and a hand-made team above the mapping on a workspace', async () => {
    const h = harness();
    const c = await org(h);
    const list = findings(h, c.id);
    expect(summary(list, 'role-drift')).toEqual([
      'role-drift-below ann@x.io',
      'role-escalation eve@x.io',
      'workspace-role-escalation oli@x.io @ws-prod',
    ]);
    const eve = list.find((f) => f.kind === 'role-escalation')!;
    expect(eve).toMatchObject({ severity: 'high', details: { actualRole: 'Admin', expectedRole: 'Member', groups: ['prefect-data'] } });
    expect(eve.evidence.map((e) => `${e.kind}:${e.key}`)).toEqual(['prefect_member:m-eve', 'idp_group_member:g-data:u-eve']);
    expect(list.find((f) => f.kind === 'role-drift-below')!.severity).toBe('low');
    expect(list.find((f) => f.kind === 'workspace-role-escalation')!.details).toMatchObject({ actualRole: 'Developer', viaTeam: 'oncall', expectedRole: 'Runner' });
  });

  it('flags a mapped team that lacks a grant the mapping gives (below), not for someone outside the team or above it anyway', async () => {
    const h = harness();
    const c = await org(h);
    const policy = testPolicy({
      mappings: [
        { idpGroup: 'prefect-data', prefectTeam: 'prefect-data', accountRole: 'Member', workspaceRoles: [{ workspace: 'prod', role: 'Runner' }, { workspace: 'Development', role: 'Developer' }] },
      ],
    });
    const below = findings(h, c.id, policy).filter((f) => f.kind === 'workspace-role-below');
    expect(summary(below)).toEqual([
      'workspace-role-below bo@x.io @ws-dev',
      'workspace-role-below gus@x.io @ws-dev',
      'workspace-role-below ida@x.io @ws-dev',
      'workspace-role-below oli@x.io @ws-dev',
    ]);
    expect(below[0]!.details).toMatchObject({ actualRole: 'Runner', expectedRole: 'Developer' });
  });

  it('with no mapping there is nothing to drift from', async () => {
    const h = harness();
    const c = await org(h);
    expect(summary(findings(h, c.id, testPolicy({ mappings: [] })), 'role-drift')).toEqual([]);
  });
});

describe('direct-grant-bypass', () => {
  it('flags direct grants to directory-governed people, high when the grant widens their access; not a collaborator\'s or an inactive member\'s', async () => {
    const h = harness();
    const c = await org(h);
    const list = findings(h, c.id);
    expect(summary(list, 'direct-grant-bypass')).toEqual(['direct-grant-bypass gus@x.io @ws-prod', 'direct-grant-bypass ida@x.io @ws-prod']);
    const gus = list.find((f) => f.rule === 'direct-grant-bypass' && f.subject.email === 'gus@x.io')!;
    expect(gus).toMatchObject({ severity: 'high', details: { directRole: 'Developer', widensAccess: true, teamRoles: [{ team: 'prefect-data', role: 'Runner' }] } });
    expect(gus.evidence[0]).toMatchObject({ kind: 'prefect_workspace_access', key: 'ws-prod:user:a-gus', excerpt: { workspaceRoleId: 'wr-developer' } });
    expect(list.find((f) => f.rule === 'direct-grant-bypass' && f.subject.email === 'ida@x.io')!.severity).toBe('medium');
  });
});

describe('expected-access-missing', () => {
  it('flags an active person in a mapped group with no membership, or outside the mapped team; not a staged hire or a leaver', async () => {
    const h = harness();
    const c = await org(h);
    const list = findings(h, c.id);
    expect(summary(list, 'expected-access-missing')).toEqual(['expected-access-missing ivy@x.io', 'expected-access-missing lou@x.io']);
    expect(list.find((f) => f.rule === 'expected-access-missing' && f.subject.email === 'ivy@x.io')!.details).toMatchObject({ missing: 'membership' });
    expect(list.find((f) => f.rule === 'expected-access-missing' && f.subject.email === 'lou@x.io')!.details).toMatchObject({ missing: 'team', team: 'prefect-data' });
  });
});

describe('sod-conflict', () => {
  it('flags a person holding both sides of a pair, by group, team or role; not someone holding one side', async () => {
    const h = harness();
    const c = await org(h);
    const byGroup = findings(h, c.id, testPolicy({ sodPairs: [{ a: { idpGroup: 'prefect-admins' }, b: { idpGroup: 'prefect-auditors' } }] }));
    expect(summary(byGroup, 'sod-conflict')).toEqual(['sod-conflict max@x.io']);
    const f = byGroup.find((x) => x.rule === 'sod-conflict')!;
    expect(f.severity).toBe('high');
    expect(f.evidence.map((e) => e.key)).toEqual(['g-admins:u-max', 'g-aud:u-max']);
    const byTeamAndRole = findings(h, c.id, testPolicy({ sodPairs: [{ a: { team: 'prefect-auditors' }, b: { accountRole: 'Admin' } }] }));
    expect(summary(byTeamAndRole, 'sod-conflict')).toEqual(['sod-conflict max@x.io']);
    const byWorkspaceRole = findings(h, c.id, testPolicy({ sodPairs: [{ a: { workspaceRole: 'Owner', workspace: 'prod' }, b: { team: 'oncall' } }] }));
    expect(summary(byWorkspaceRole, 'sod-conflict')).toEqual([]);
    // Ids are stable: the same pair and person give the same id in another computation.
    expect(findings(h, c.id, testPolicy({ sodPairs: [{ a: { idpGroup: 'prefect-admins' }, b: { idpGroup: 'prefect-auditors' } }] })).find((x) => x.rule === 'sod-conflict')!.id).toBe(f.id);
  });
});
