import { afterEach, describe, expect, it } from 'vitest';
import { createPrefectConnector } from '../../../electron/collect/connectors/prefect/prefect-connector';
import { startPrefectSimulator, type PrefectSimOptions, type RunningPrefectSim } from '../../../electron/simulate/prefect/prefect-sim';
import type { OrgModel } from '../../../electron/simulate/org/org-model';
import type { SimRequest } from '../../../electron/simulate/sim-server';
import { allSecrets, buildPrefectTestOrg, TEST_NOW, type PrefectOrgSpec } from '../../simulate/prefect/fixtures';
import { countByPath, recordsOf, runRead, testHttp } from './helpers';

const sims: RunningPrefectSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function setup(spec: PrefectOrgSpec = {}, simOptions: PrefectSimOptions = {}) {
  const org = buildPrefectTestOrg(spec);
  const bodies: { path: string; body: unknown }[] = [];
  const sim = await startPrefectSimulator(org, { ...simOptions, onRequest: (req: SimRequest) => bodies.push({ path: req.path, body: req.body }) });
  sims.push(sim);
  const connector = createPrefectConnector({ sourceId: 'prefect-test', ...sim.credentials, includeAuditEvents: false });
  return { org, sim, connector, bodies };
}

/** The fewest filter requests a list of n items can take when the server caps pages at 200. */
const minPages = (n: number) => Math.floor(n / 200) + 1;

function accessCounts(org: OrgModel, workspaceId: string) {
  const p = org.prefect;
  return {
    user: p.userAccess.filter((a) => a.workspaceId === workspaceId).length,
    bot: p.botAccess.filter((a) => a.workspaceId === workspaceId).length,
    team: p.teams.filter((t) => t.workspaces.some((w) => w.workspaceId === workspaceId)).length,
  };
}

describe('Prefect connector against the simulator', () => {
  it('reads 450 memberships completely in the minimum number of requests for every collection', async () => {
    const { org, sim, connector } = await setup({ users: 440, bots: 10 });
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    const p = org.prefect;

    expect(out.verdict.complete).toBe(true);
    expect(out.verdict.notes).toEqual([]);
    const members = recordsOf(out.records, 'prefect_member');
    expect(members).toHaveLength(450);
    expect(new Set(members.map((m) => m.key)).size).toBe(450);
    expect(recordsOf(out.records, 'prefect_last_login')).toHaveLength(450);
    expect(members.filter((m) => m.value.userId === null)).toHaveLength(10); // the service accounts' memberships
    const inactive = members.filter((m) => !m.value.active).map((m) => m.value.email);
    expect(inactive).toEqual(p.members.filter((m) => !m.active).map((m) => m.email));

    const byPath = countByPath(sim.requests);
    const expected = new Map<string, number>([
      ['POST /api/accounts/:id/account_roles/filter', minPages(p.accountRoles.length)],
      ['POST /api/accounts/:id/workspace_roles/filter', minPages(p.workspaceRoles.length)],
      ['POST /api/accounts/:id/workspaces/filter', minPages(p.workspaces.length)],
      ['POST /api/accounts/:id/account_memberships/count', 2],
      ['POST /api/accounts/:id/account_memberships/filter', minPages(450)],
      ['POST /api/accounts/:id/workspaces/:id/user_access/filter', p.workspaces.reduce((n, w) => n + minPages(accessCounts(org, w.id).user), 0)],
      ['POST /api/accounts/:id/workspaces/:id/bot_access/filter', p.workspaces.reduce((n, w) => n + minPages(accessCounts(org, w.id).bot), 0)],
      ['POST /api/accounts/:id/workspaces/:id/team_access/filter', p.workspaces.reduce((n, w) => n + minPages(accessCounts(org, w.id).team), 0)],
      ['POST /api/accounts/:id/teams/filter', minPages(p.teams.length)],
      ['GET /api/accounts/:id/teams/:id', p.teams.length],
      ['POST /api/accounts/:id/bots/filter', minPages(p.bots.length)],
      ['GET /api/accounts/:id/bots/:id/read_bot_api_keys', p.bots.length],
    ]);
    expect(Object.fromEntries(byPath)).toEqual(Object.fromEntries(expected));
    expect(byPath.get('POST /api/accounts/:id/account_memberships/filter')).toBe(3); // ceil(450/200): the last page (50) is short
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(http.requestCount).toBe(total);
    expect(sim.requests).toHaveLength(total);
    expect(out.verdict.pages).toBe(total - 2); // every answered page except the two count calls
    expect(out.verdict.records).toBe(out.records.length);
  });

  it('asks one more page when the last page is full: 400 memberships take 3 requests, never limit > 200', async () => {
    const { sim, connector, bodies } = await setup({ users: 390, bots: 10 });
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    expect(recordsOf(out.records, 'prefect_member')).toHaveLength(400);
    expect(countByPath(sim.requests).get('POST /api/accounts/:id/account_memberships/filter')).toBe(3);
    const memberPages = bodies.filter((b) => b.path.endsWith('/account_memberships/filter')).map((b) => b.body);
    expect(memberPages).toEqual([
      { limit: 200, offset: 0 },
      { limit: 200, offset: 200 },
      { limit: 200, offset: 400 },
    ]);
    const filterBodies = bodies.filter((b) => b.path.endsWith('/filter') && !b.path.includes('/events/')).map((b) => b.body as { limit?: number });
    expect(filterBodies.length).toBeGreaterThan(10);
    expect(filterBodies.every((b) => b.limit === 200)).toBe(true);
  });

  it('reads every workspace grant per workspace, keyed workspace:type:actor', async () => {
    const { org, connector } = await setup({ users: 440, bots: 6, workspaces: 2 });
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    const access = recordsOf(out.records, 'prefect_workspace_access');
    for (const w of org.prefect.workspaces) {
      const counts = accessCounts(org, w.id);
      const mine = access.filter((a) => a.value.workspaceId === w.id);
      expect(mine.filter((a) => a.value.actorType === 'user')).toHaveLength(counts.user);
      expect(mine.filter((a) => a.value.actorType === 'bot')).toHaveLength(counts.bot);
      expect(mine.filter((a) => a.value.actorType === 'team')).toHaveLength(counts.team);
    }
    // Two workspaces of ~275 direct grants each: both cross the 200 cap.
    expect(org.prefect.workspaces.every((w) => accessCounts(org, w.id).user > 200)).toBe(true);
    const grant = org.prefect.userAccess[0]!;
    const rec = access.find((a) => a.key === `${grant.workspaceId}:user:${grant.actorId}`);
    expect(rec?.value).toMatchObject({ id: grant.id, workspaceRoleId: grant.workspaceRoleId, email: 'user0000@example.com', actorType: 'user' });
    const botGrant = org.prefect.botAccess[0]!;
    expect(access.find((a) => a.key === `${botGrant.workspaceId}:bot:${botGrant.botId}`)?.value.name).toBe('etl-runner-0');
    const team = org.prefect.teams[0]!;
    expect(access.find((a) => a.key === `${team.workspaces[0]!.workspaceId}:team:${team.id}`)?.value).toMatchObject({ name: team.name, actorType: 'team' });
  });

  it('reads teams with their members and directory-group link', async () => {
    const { org, connector } = await setup();
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    const teams = recordsOf(out.records, 'prefect_team');
    expect(teams.map((t) => [t.value.name, t.value.directoryGroupId])).toEqual(org.prefect.teams.map((t) => [t.name, t.directoryGroupId]));
    expect(teams.find((t) => t.value.name === 'contractors')?.value.directoryGroupId).toBeNull();
    const members = recordsOf(out.records, 'prefect_team_member');
    for (const t of org.prefect.teams) {
      const mine = members.filter((m) => m.value.teamId === t.id);
      expect(mine.map((m) => m.value.memberId).sort()).toEqual([...t.memberActorIds].sort());
    }
    const botMember = members.find((m) => m.value.memberId === org.prefect.bots[2]!.actorId);
    expect(botMember?.value).toMatchObject({ memberType: 'bot', email: null });
    expect(members.find((m) => m.value.memberType === 'user')?.value.email).toMatch(/@example\.com$/);
  });

  it('reads service accounts and their keys without ever carrying a key value', async () => {
    const { org, connector } = await setup();
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    expect(recordsOf(out.records, 'prefect_service_account')).toHaveLength(org.prefect.bots.length);
    const keys = recordsOf(out.records, 'prefect_api_key');
    expect(keys).toHaveLength(org.prefect.bots.reduce((n, b) => n + b.apiKeys.length, 0));
    const neverExpires = keys.find((k) => k.value.serviceAccountId === org.prefect.bots[0]!.id);
    expect(neverExpires?.value.expiration).toBeNull();
    expect(keys.filter((k) => k.value.serviceAccountId === org.prefect.bots[1]!.id)).toHaveLength(2); // active + rotating
    for (const k of keys) expect(Object.keys(k.value).sort()).toEqual(['created', 'expiration', 'id', 'name', 'serviceAccountId']);

    const everything = JSON.stringify(out);
    const secrets = allSecrets(org);
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice(0, 12));
    }
    expect(everything).not.toContain('masked_key');
    expect(everything).not.toContain('pnb_****');
  });

  it('reports an incomplete read when memberships change while it pages', async () => {
    let deleted = false;
    const holder: { org?: OrgModel } = {};
    const { org, connector } = await setup(
      { users: 440, bots: 10 },
      {
        afterRequest: (req) => {
          const body = req.body as { offset?: number } | undefined;
          if (!deleted && req.path.endsWith('/account_memberships/filter') && body?.offset === 0) {
            deleted = true;
            holder.org!.prefect.members.splice(5, 1); // one already read: the next page shifts by one
          }
        },
      },
    );
    holder.org = org;
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    expect(deleted).toBe(true);
    expect(out.verdict.complete).toBe(false);
    expect(out.verdict.notes.join('\n')).toMatch(/count said 450 before paging and 449 after, paging returned 449/);
  });

  it('yields progress for every page', async () => {
    const { sim, connector } = await setup({ users: 440, bots: 10 });
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    const progress = out.items.filter((i) => i.type === 'progress');
    const pages = sim.requests.filter((r) => !r.endsWith('/count')).length;
    expect(progress.length).toBe(pages);
    const memberProgress = progress.filter((i) => i.type === 'progress' && i.progress.phase === 'account memberships');
    expect(memberProgress).toHaveLength(3);
  });
});
