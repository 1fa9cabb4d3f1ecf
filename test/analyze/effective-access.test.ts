import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../electron/analyze/snapshot-view';
import { computeEffectiveAccess, type PrincipalAccess } from '../../electron/analyze/effective-access';
import { rankWorkspaceRoles } from '../../electron/analyze/role-rank';
import { bot, botAccess, collect, harness, member, prefectBase, rec, team, teamAccess, teamMember, userAccess } from './builders';

const T0 = '2026-05-01T06:00:00.000Z';

async function build() {
  const h = harness();
  const c = await collect(h, T0, [
    {
      id: 'prefect',
      kind: 'prefect',
      items: [
        ...prefectBase({
          customRoles: [
            { id: 'wr-analytics-dev', name: 'Analytics Developer', inherits: 'wr-developer' },
            { id: 'wr-peeker', name: 'Peeker', inherits: null, scopes: ['see', 'peek'] },
          ],
        }),
        member('ana', 'ana@x.io', { role: 'Admin' }),
        member('bo', 'bo@x.io'),
        member('cy', 'cy@x.io', { role: 'Collaborator' }),
        member('dee', 'dee@x.io', { active: false }),
        member('eve', 'eve@x.io'),
        team('t-data', 'prefect-data', 'dir-group-1'),
        team('t-oncall', 'oncall'),
        team('t-analytics', 'prefect-analytics', 'dir-group-2'),
        teamMember('t-data', 'ana'),
        teamMember('t-data', 'bo'),
        teamMember('t-oncall', 'bo'),
        teamMember('t-analytics', 'eve'),
        teamMember('t-oncall', 'bot-1', 'bot'),
        teamAccess('ws-staging', 't-data', 'wr-runner'),
        teamAccess('ws-prod', 't-data', 'wr-runner'),
        teamAccess('ws-prod', 't-oncall', 'wr-developer'),
        teamAccess('ws-prod', 't-analytics', 'wr-analytics-dev'),
        userAccess('ws-staging', 'ana', 'wr-developer'),
        userAccess('ws-prod', 'cy', 'wr-viewer'),
        userAccess('ws-prod', 'dee', 'wr-developer'),
        userAccess('ws-prod', 'eve', 'wr-peeker'),
        bot('bot-1', 'deployer'),
        botAccess('ws-prod', 'bot-1', 'wr-runner'),
        botAccess('ws-dev', 'bot-1', 'wr-worker'),
      ],
    },
  ]);
  const view = loadSnapshot(h.db, c.id);
  return { view, access: computeEffectiveAccess(view), collectionId: c.id };
}

const find = (principals: PrincipalAccess[], id: string) => principals.find((p) => p.id === id)!;
const ws = (p: PrincipalAccess, id: string) => p.workspaces.find((w) => w.workspaceId === id);

describe('effective access', () => {
  it('combines account Owner/Admin, a direct grant, a team grant and the default role, strongest first, each citing its facts', async () => {
    const { access, collectionId } = await build();
    const ana = find(access.principals, 'm-ana');
    const staging = ws(ana, 'ws-staging')!;
    expect(staging.role?.name).toBe('Owner');
    expect(staging.grants.map((g) => [g.kind, g.roleName, g.team?.name ?? null])).toEqual([
      ['account-admin', 'Owner', null],
      ['direct', 'Developer', null],
      ['team', 'Runner', 'prefect-data'],
      ['default', 'Viewer', null],
    ]);
    const team = staging.grants.find((g) => g.kind === 'team')!;
    expect(team.team).toEqual({ teamId: 't-data', name: 'prefect-data', directoryGroupId: 'dir-group-1' });
    expect(team.evidence.map((e) => `${e.kind}:${e.key}`)).toEqual(['prefect_workspace_access:ws-staging:team:t-data', 'prefect_team_member:t-data:a-ana', 'prefect_team:t-data']);
    expect(team.evidence[0]).toMatchObject({ sourceId: 'prefect', validFrom: collectionId, validTo: null });
    expect(staging.grants.find((g) => g.kind === 'default')!.evidence.map((e) => e.key)).toEqual(['ws-staging']);
    // Admin reaches every workspace, including those with no grant at all.
    expect(ana.workspaces.map((w) => [w.workspaceHandle, w.role?.name])).toEqual([
      ['dev', 'Owner'],
      ['prod', 'Owner'],
      ['staging', 'Owner'],
    ]);
  });

  it('takes the strongest of two team grants and keeps both; defaults give a Member the default roles', async () => {
    const { access } = await build();
    const bo = find(access.principals, 'm-bo');
    expect(ws(bo, 'ws-prod')!.role?.name).toBe('Developer');
    expect(ws(bo, 'ws-prod')!.grants.map((g) => `${g.kind}:${g.team?.name}:${g.roleName}`)).toEqual(['team:oncall:Developer', 'team:prefect-data:Runner']);
    expect(ws(bo, 'ws-dev')!.grants.map((g) => `${g.kind}:${g.roleName}`)).toEqual(['default:Runner']);
    expect(ws(bo, 'ws-staging')!.role?.name).toBe('Runner');
  });

  it('gives a Collaborator no default roles, and an inactive membership no role while still reporting its grants', async () => {
    const { access } = await build();
    const cy = find(access.principals, 'm-cy');
    expect(cy.workspaces.map((w) => [w.workspaceHandle, w.role?.name])).toEqual([['prod', 'Viewer']]);
    const dee = find(access.principals, 'm-dee');
    expect(dee.active).toBe(false);
    expect(ws(dee, 'ws-prod')!.role).toBeNull();
    expect(ws(dee, 'ws-prod')!.grants.map((g) => `${g.kind}:${g.roleName}`)).toEqual(['direct:Developer']);
  });

  it('ranks a custom role above the role it inherits, and one without inheritance by the built-in scopes it contains', async () => {
    const { view, access } = await build();
    const ranks = rankWorkspaceRoles(view.prefect[0]!);
    expect(ranks.get('wr-analytics-dev')!.rank).toBeGreaterThan(ranks.get('wr-developer')!.rank);
    expect(ranks.get('wr-analytics-dev')!.rank).toBeLessThan(ranks.get('wr-owner')!.rank);
    expect(ranks.get('wr-peeker')!.rank).toBeGreaterThan(ranks.get('wr-viewer')!.rank);
    expect(ranks.get('wr-peeker')!.rank).toBeLessThan(ranks.get('wr-runner')!.rank);
    const eve = find(access.principals, 'm-eve');
    expect(ws(eve, 'ws-prod')!.grants.map((g) => `${g.kind}:${g.roleName}`)).toEqual(['team:Analytics Developer', 'direct:Peeker']);
  });

  it('gives a service account its bot grants and its team grants, and no default roles', async () => {
    const { access } = await build();
    const b = find(access.principals, 'bot-1');
    expect(b.type).toBe('bot');
    expect(b.workspaces.map((w) => [w.workspaceHandle, w.role?.name, w.grants.map((g) => g.kind).join('+')])).toEqual([
      ['dev', 'Worker', 'direct'],
      ['prod', 'Developer', 'team+direct'],
    ]);
    expect(access.byActor.get('prefect\u0000actor-bot-1')).toBe(b);
  });

  it('survives an inheritance cycle between custom roles', async () => {
    const h = harness();
    const c = await collect(h, T0, [
      {
        id: 'prefect',
        kind: 'prefect',
        items: [
          ...prefectBase(),
          rec('prefect_workspace_role', 'c1', { id: 'c1', name: 'C1', scopes: [], inheritedRoleId: 'c2', builtIn: false }),
          rec('prefect_workspace_role', 'c2', { id: 'c2', name: 'C2', scopes: [], inheritedRoleId: 'c1', builtIn: false }),
        ],
      },
    ]);
    const ranks = rankWorkspaceRoles(loadSnapshot(h.db, c.id).prefect[0]!);
    expect(ranks.get('c1')!.rank).toBeGreaterThan(0);
    expect(ranks.get('c2')!.rank).toBeGreaterThan(0);
  });
});
