import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrefectSimulator, type PrefectSimOptions, type RunningPrefectSim } from '../../../electron/simulate/prefect/prefect-sim';
import type { OrgModel } from '../../../electron/simulate/org/org-model';
import { buildPrefectTestOrg, type PrefectOrgSpec } from './fixtures';

const sims: RunningPrefectSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

interface Answer {
  status: number;
  json: unknown;
  headers: Headers;
}

async function start(spec: PrefectOrgSpec = {}, options: PrefectSimOptions = {}) {
  const org = buildPrefectTestOrg({ users: 440, bots: 10, ...spec });
  const sim = await startPrefectSimulator(org, options);
  sims.push(sim);
  const base = `${sim.credentials.apiUrl}/accounts/${org.prefect.accountId}`;
  const call = async (method: string, path: string, body?: unknown, key: string | null = sim.credentials.apiKey): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
  };
  return { org, sim, call, base };
}

type Json = Record<string, unknown>;
const member = (org: OrgModel, i: number) => org.prefect.members[i]!;

describe('Prefect simulator: lists', () => {
  it('silently caps a page at 200 whatever limit asks for, defaults to 200, pages by offset', async () => {
    const { call } = await start();
    const big = await call('POST', '/account_memberships/filter', { limit: 500 });
    expect(big.status).toBe(200);
    expect(big.json as Json[]).toHaveLength(200);
    expect((await call('POST', '/account_memberships/filter', {})).json as Json[]).toHaveLength(200);
    const last = (await call('POST', '/account_memberships/filter', { limit: 200, offset: 400 })).json as Json[];
    expect(last).toHaveLength(50);
    expect(Object.keys(last[49]!).sort()).toEqual(
      ['account_role_id', 'account_role_name', 'active', 'actor_id', 'bot_id', 'created', 'email', 'first_name', 'handle', 'id', 'last_login', 'last_name', 'user_id'].sort(),
    );
    expect((await call('POST', '/account_memberships/filter', { offset: 450 })).json).toEqual([]);
    expect(await call('POST', '/account_memberships/count', {})).toMatchObject({ status: 200, json: 450 });
  });

  it('filters memberships by any_ ids and emails, users/bots only and active', async () => {
    const { org, call } = await start();
    const emails = [member(org, 3).email.toUpperCase(), member(org, 7).email];
    const byEmail = (await call('POST', '/account_memberships/filter', { account_memberships: { email: { any_: emails } } })).json as Json[];
    expect(byEmail.map((m) => m.id)).toEqual([member(org, 3).membershipId, member(org, 7).membershipId]);
    const byId = (await call('POST', '/account_memberships/filter', { account_memberships: { id: { any_: [member(org, 9).membershipId] } } })).json as Json[];
    expect(byId.map((m) => m.email)).toEqual([member(org, 9).email]);
    expect(((await call('POST', '/account_memberships/filter', { only_bots: true })).json as Json[]).every((m) => m.user_id === null && typeof m.bot_id === 'string')).toBe(true);
    expect(await call('POST', '/account_memberships/count', { only_users: true })).toMatchObject({ json: 440 });
    expect(await call('POST', '/account_memberships/count', { active: false })).toMatchObject({ json: org.prefect.members.filter((m) => !m.active).length });
    const typo = await call('POST', '/account_memberships/filter', { account_memberships: { emial: { any_: ['x'] } } });
    expect(typo.status).toBe(422);
    expect(typo.json).toEqual({ detail: [{ type: 'extra_forbidden', loc: ['body', 'account_memberships', 'emial'], msg: 'Extra inputs are not permitted' }] });
  });

  it("answers validation errors in FastAPI's shape", async () => {
    const { call } = await start();
    const neg = await call('POST', '/bots/filter', { limit: -1 });
    expect(neg).toMatchObject({ status: 422, json: { detail: [{ loc: ['body', 'limit'], type: 'greater_than_equal', msg: 'Input should be greater than or equal to 0' }] } });
    const str = await call('POST', '/teams/filter', { offset: 'ten' });
    expect(str).toMatchObject({ status: 422, json: { detail: [{ loc: ['body', 'offset'], type: 'int_type' }] } });
    expect(await call('GET', '/teams/filter')).toMatchObject({ status: 404 });
    expect(await call('DELETE', '/account_roles/filter')).toMatchObject({ status: 405, json: { detail: 'Method Not Allowed' } });
  });
});

describe('Prefect simulator: auth and transport rules', () => {
  it('answers 401 with a detail for a missing or wrong key, accepts live bot keys, refuses expired ones', async () => {
    const { org, call } = await start();
    expect(await call('POST', '/teams/filter', {}, null)).toMatchObject({ status: 401, json: { detail: 'Invalid authentication credentials' } });
    expect(await call('POST', '/teams/filter', {}, 'pnu_nope')).toMatchObject({ status: 401 });
    const bot = org.prefect.bots[3]!;
    expect(await call('POST', '/teams/filter', {}, bot.apiKeys[0]!.secret)).toMatchObject({ status: 200 });
    bot.apiKeys[0]!.expiration = new Date(Date.parse(org.now) - 1000).toISOString();
    expect(await call('POST', '/teams/filter', {}, bot.apiKeys[0]!.secret)).toMatchObject({ status: 401 });
    expect(await call('GET', '', undefined)).toMatchObject({ status: 200, json: { id: org.prefect.accountId, audit_log_retention_days: 90 } });
  });

  it('refuses a write without Content-Length (411) and a body over 5 MiB (413)', async () => {
    const { sim, base } = await start();
    const url = new URL(`${base}/teams/filter`);
    const status411 = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${sim.credentials.apiKey}`, 'transfer-encoding': 'chunked', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"limit":');
      req.end('10}');
    });
    expect(status411).toBe(411);
    const huge = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${sim.credentials.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ detail: 'Request body too large (limit 5 MiB)' });
  });

  it('limits requests per account per minute with 429 and Retry-After in seconds', async () => {
    let now = 1_000_000;
    const { call } = await start({}, { rateLimitPerMinute: 3, now: () => now });
    for (let i = 0; i < 3; i += 1) expect((await call('POST', '/teams/filter', {})).status).toBe(200);
    now += 15_000;
    const limited = await call('POST', '/teams/filter', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.json).toMatchObject({ detail: expect.stringContaining('Rate limit') });
    now += 45_000;
    expect((await call('POST', '/teams/filter', {})).status).toBe(200);
  });
});

describe('Prefect simulator: writes', () => {
  it('deleting a membership deletes its workspace grants and team places, logs it, bumps the version', async () => {
    const { org, call } = await start();
    const m = member(org, 4); // in data-engineering, with two direct grants
    const wids = org.prefect.userAccess.filter((a) => a.actorId === m.actorId).map((a) => a.workspaceId);
    expect(wids).toHaveLength(2);
    const version = org.version;
    expect(await call('DELETE', `/account_memberships/${m.membershipId}`)).toMatchObject({ status: 204 });
    for (const wid of wids) {
      const grants = (await call('POST', `/workspaces/${wid}/user_access/filter`, { user_access: { actor_id: { any_: [m.actorId] } } })).json as Json[];
      expect(grants).toEqual([]);
    }
    const team = (await call('GET', `/teams/${org.prefect.teams[0]!.id}`)).json as { memberships: Json[] };
    expect(team.memberships.some((x) => x.id === m.actorId)).toBe(false);
    expect(await call('GET', `/account_memberships/${m.membershipId}`)).toMatchObject({ status: 404 });
    expect(org.version).toBe(version + 1);
    expect(org.prefect.auditEvents.at(-1)).toMatchObject({ event: 'prefect-cloud.account-membership.deleted', resourceId: `prefect-cloud.account-membership.${m.membershipId}` });
  });

  it('changes a role and the active flag, one at a time or up to 200 at once', async () => {
    const { org, call } = await start();
    const m = member(org, 10);
    const admin = org.prefect.accountRoles.find((r) => r.name === 'Admin')!;
    expect(await call('PATCH', `/account_memberships/${m.membershipId}`, { account_role_id: admin.id })).toMatchObject({ status: 204 });
    expect(await call('GET', `/account_memberships/by-user/${m.userId}`)).toMatchObject({ json: { account_role_name: 'Admin' } });
    expect(await call('PATCH', `/account_memberships/${m.membershipId}/active`, { active: false })).toMatchObject({ status: 204 });
    expect(m.active).toBe(false);

    const ids = org.prefect.members.slice(0, 201).map((x) => x.membershipId);
    const tooMany = await call('POST', '/account_memberships/set_active', { membership_ids: ids, active: false });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json).toEqual({ detail: [{ type: 'too_long', loc: ['body', 'membership_ids'], msg: 'List should have at most 200 items after validation, not 201' }] });
    expect(org.prefect.members[0]!.active).toBe(true);
    expect(await call('POST', '/account_memberships/set_active', { membership_ids: ids.slice(0, 200), active: false })).toMatchObject({ status: 204 });
    expect(org.prefect.members.slice(0, 200).every((x) => !x.active)).toBe(true);
    expect(org.prefect.members[200]!.active).toBe(true);
  });

  it("removes a Collaborator's membership with their last workspace grant", async () => {
    const { org, call } = await start();
    const collab = member(org, 5);
    expect(org.prefect.accountRoles.find((r) => r.id === collab.accountRoleId)?.name).toBe('Collaborator');
    const grant = org.prefect.userAccess.find((a) => a.actorId === collab.actorId)!;
    expect(await call('DELETE', `/workspaces/${grant.workspaceId}/user_access/${grant.id}`)).toMatchObject({ status: 204 });
    expect(await call('GET', `/account_memberships/${collab.membershipId}`)).toMatchObject({ status: 404 });
    // A Member keeps the membership when losing a grant.
    const plain = member(org, 6);
    const g2 = org.prefect.userAccess.find((a) => a.actorId === plain.actorId)!;
    expect(await call('DELETE', `/workspaces/${g2.workspaceId}/user_access/${g2.id}`)).toMatchObject({ status: 204 });
    expect(await call('GET', `/account_memberships/${plain.membershipId}`)).toMatchObject({ status: 200 });
  });

  it('upserts and deletes user, bot and team grants', async () => {
    const { org, call } = await start();
    const ws = org.prefect.workspaces[1]!;
    const viewer = org.prefect.workspaceRoles.find((r) => r.name === 'Viewer')!;
    const owner = org.prefect.workspaceRoles.find((r) => r.name === 'Owner')!;
    const m = member(org, 1);
    const created = await call('POST', `/workspaces/${ws.id}/user_access/`, [{ workspace_role_id: viewer.id, user_id: m.userId }]);
    expect(created).toMatchObject({ status: 200, json: [{ workspace_id: ws.id, workspace_role_id: viewer.id, actor_id: m.actorId, email: m.email }] });
    const again = await call('POST', `/workspaces/${ws.id}/user_access/`, { workspace_role_id: owner.id, user_id: m.userId });
    expect((again.json as Json[])[0]!.id).toBe((created.json as Json[])[0]!.id);
    expect(org.prefect.userAccess.filter((a) => a.actorId === m.actorId && a.workspaceId === ws.id)).toHaveLength(1);

    const bot = org.prefect.bots[4]!;
    const botGrant = await call('POST', `/workspaces/${ws.id}/bot_access/`, [{ workspace_role_id: viewer.id, bot_id: bot.id }]);
    expect(botGrant).toMatchObject({ status: 200, json: [{ bot_id: bot.id, bot_name: bot.name }] });
    const botAccessId = (botGrant.json as Json[])[0]!.id as string;
    expect(await call('DELETE', `/workspaces/${ws.id}/bot_access/${botAccessId}`)).toMatchObject({ status: 204 });
    expect(await call('GET', `/workspaces/${ws.id}/bot_access/${botAccessId}`)).toMatchObject({ status: 404 });

    const team = org.prefect.teams[0]!;
    expect(await call('PUT', `/workspaces/${ws.id}/team_access/`, [{ workspace_role_id: viewer.id, team_id: team.id }])).toMatchObject({ status: 200 });
    expect(((await call('POST', `/workspaces/${ws.id}/team_access/filter`, {})).json as Json[]).some((a) => a.team_id === team.id)).toBe(true);
    expect(await call('DELETE', `/workspaces/${ws.id}/team_access/${team.id}`)).toMatchObject({ status: 204 });
    expect(((await call('POST', `/workspaces/${ws.id}/team_access/filter`, {})).json as Json[]).some((a) => a.team_id === team.id)).toBe(false);
    expect(await call('POST', `/workspaces/${ws.id}/user_access/`, [{ workspace_role_id: 'nope', user_id: m.userId }])).toMatchObject({ status: 422 });
  });

  it('adds and removes team members, and edits and deletes teams', async () => {
    const { org, call } = await start();
    const team = org.prefect.teams[3]!;
    const m = member(org, 300);
    expect(await call('PUT', `/teams/${team.id}/members`, { members: [{ member_id: m.userId, member_type: 'user' }] })).toMatchObject({ status: 200 });
    let detail = (await call('GET', `/teams/${team.id}`)).json as { memberships: Json[]; workspaces: Json[] };
    expect(detail.memberships.find((x) => x.id === m.actorId)).toEqual({ id: m.actorId, type: 'user', handle: m.handle, name: `${m.firstName} ${m.lastName}`, email: m.email });
    expect(detail.workspaces[0]).toMatchObject({ workspace_role_name: 'Runner' });
    expect(await call('DELETE', `/teams/${team.id}/members/${m.actorId}`)).toMatchObject({ status: 204 });
    detail = (await call('GET', `/teams/${team.id}`)).json as { memberships: Json[]; workspaces: Json[] };
    expect(detail.memberships.some((x) => x.id === m.actorId)).toBe(false);
    expect(await call('DELETE', `/teams/${team.id}/members/${m.actorId}`)).toMatchObject({ status: 404 });
    expect(org.prefect.auditEvents.at(-1)?.event).toBe('prefect-cloud.team-membership.deleted');

    expect(await call('PUT', `/teams/${team.id}`, { name: 'vendors', description: null })).toMatchObject({ status: 200, json: { name: 'vendors' } });
    expect(await call('DELETE', `/teams/${team.id}`)).toMatchObject({ status: 204 });
    expect(((await call('POST', '/teams/filter', {})).json as Json[]).map((t) => t.name)).not.toContain('vendors');
  });

  it('rotates a service account key, showing the new value once, and deletes keys', async () => {
    const { org, call } = await start();
    const bot = org.prefect.bots[5]!;
    const oldSecret = bot.apiKeys[0]!.secret;
    const rotated = await call('POST', `/bots/${bot.id}/rotate_api_key`, { api_key_expiration: null, old_key_expires_in_seconds: 3600 });
    expect(rotated.status).toBe(201);
    const newKey = (rotated.json as { api_key: { key: string; id: string } }).api_key;
    expect(newKey.key).toMatch(/^pnb_[0-9a-f]{36}$/);
    const keys = (await call('GET', `/bots/${bot.id}/read_bot_api_keys`)).json as { active_key: Json; rotating_keys: Json[] };
    expect(keys.active_key.id).toBe(newKey.id);
    expect(keys.rotating_keys.map((k) => k.id)).toEqual([bot.apiKeys[0]!.id]);
    expect(JSON.stringify(keys)).not.toContain(newKey.key);
    expect(JSON.stringify((await call('GET', `/bots/${bot.id}`)).json)).not.toContain(newKey.key);
    // Both keys work during the rotation window; deleting the old one ends it.
    expect((await call('POST', '/teams/filter', {}, oldSecret)).status).toBe(200);
    expect((await call('POST', '/teams/filter', {}, newKey.key)).status).toBe(200);
    expect(await call('DELETE', `/bots/${bot.id}/delete_bot_api_key/${bot.apiKeys[0]!.id}`)).toMatchObject({ status: 204 });
    expect((await call('POST', '/teams/filter', {}, oldSecret)).status).toBe(401);
    expect(await call('DELETE', `/bots/${bot.id}`)).toMatchObject({ status: 204 });
    expect((await call('POST', '/teams/filter', {}, newKey.key)).status).toBe(401);
    expect(org.prefect.botAccess.some((a) => a.botId === bot.id)).toBe(false);
  });
});

describe('Prefect simulator: audit events', () => {
  it('pages by token, reports the total, and refuses a query over 14 days', async () => {
    const { org, call } = await start({ users: 3, bots: 1, auditDays: 20, auditPerDay: 30 });
    const until = org.now;
    const since = new Date(Date.parse(until) - 14 * 86_400_000).toISOString();
    const first = (await call('POST', '/events/filter', { filter: { occurred: { since, until } }, limit: 200 })).json as { events: Json[]; total: number; next_page: string };
    expect(first.total).toBe(420);
    expect(first.events).toHaveLength(200);
    expect(first.events[0]).toMatchObject({ resource: { 'prefect.resource.id': expect.stringMatching(/^prefect-cloud\./) }, related: [{ 'prefect.resource.role': 'actor' }] });
    const next = new URL(first.next_page);
    expect(next.pathname).toBe(`/api/accounts/${org.prefect.accountId}/events/filter/next`);
    const second = (await call('GET', `/events/filter/next?page-token=${next.searchParams.get('page-token')}`)).json as { events: Json[]; next_page: string | null };
    expect(second.events).toHaveLength(200);
    const third = (await call('GET', `/events/filter/next?${new URL(second.next_page!).searchParams}`)).json as { events: Json[]; next_page: string | null };
    expect(third.events).toHaveLength(20);
    expect(third.next_page).toBeNull();
    const ids = [...first.events, ...second.events, ...third.events].map((e) => e.id);
    expect(new Set(ids).size).toBe(420);

    const wide = await call('POST', '/events/filter', { filter: { occurred: { since: new Date(Date.parse(until) - 15 * 86_400_000).toISOString(), until } }, limit: 10 });
    expect(wide).toMatchObject({ status: 422, json: { detail: [{ loc: ['body', 'filter', 'occurred'], type: 'value_error' }] } });
    expect(await call('POST', '/events/filter', { filter: {}, limit: 201 })).toMatchObject({ status: 422 });
  });
});
