import { afterEach, describe, expect, it } from 'vitest';
import { idFor, type OrgModel } from '../../../electron/simulate/org/org-model';
import { startEntraSimulator, type EntraSimOptions, type RunningEntraSim } from '../../../electron/simulate/entra/entra-sim';
import { buildEntraOrg, group, person, touch } from './fixtures';

const e = (internalId: string) => idFor('entra', internalId);
type Json = Record<string, unknown> & { value?: Record<string, unknown>[] };

let sims: RunningEntraSim[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function start(org: OrgModel, options: EntraSimOptions = {}) {
  const sim = await startEntraSimulator(org, options);
  sims.push(sim);
  return sim;
}

async function token(sim: RunningEntraSim, form: Record<string, string> = {}) {
  const c = sim.credentials;
  const res = await fetch(`${c.loginBaseUrl}/${c.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: c.clientId, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials', client_secret: c.clientSecret, ...form }),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function graph(sim: RunningEntraSim, pathOrUrl: string, headers: Record<string, string> = {}) {
  const { body } = await token(sim);
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.origin}${pathOrUrl}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${String(body.access_token)}`, ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

/** Follows a delta round to its deltaLink, returning every entry and the link. */
async function deltaRound(sim: RunningEntraSim, start: string, headers: Record<string, string> = {}) {
  const entries: Record<string, unknown>[] = [];
  let url = start;
  let pages = 0;
  for (;;) {
    const page = await graph(sim, url, headers);
    expect(page.status).toBe(200);
    pages += 1;
    entries.push(...(page.body.value ?? []));
    if (typeof page.body['@odata.deltaLink'] === 'string') return { entries, deltaLink: page.body['@odata.deltaLink'], pages };
    url = String(page.body['@odata.nextLink']);
  }
}

describe('Entra simulator: login', () => {
  it('issues a bearer token for the client credentials, and refuses a wrong secret in Entra\'s shape', async () => {
    const sim = await start(buildEntraOrg());
    const ok = await token(sim);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(String(ok.body.access_token)).toMatch(/^eyJ/);

    const wrong = await token(sim, { client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(String(wrong.body.error_description)).toMatch(/^AADSTS7000215: Invalid client secret provided\..*\r\nTrace ID: /s);

    const scope = await token(sim, { scope: 'User.Read.All' });
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('answers Graph without a valid token with 401 InvalidAuthenticationToken in Graph\'s envelope', async () => {
    const sim = await start(buildEntraOrg());
    const res = await fetch(`${sim.origin}/v1.0/users`);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(res.status).toBe(401);
    expect(body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(body.error.innerError).toMatchObject({ 'request-id': expect.any(String), date: expect.any(String) });
  });
});

describe('Entra simulator: rendering the organisation', () => {
  it('renders people as users: accountEnabled by IdP status, long-deprovisioned leavers deleted', async () => {
    const sim = await start(buildEntraOrg());
    const res = await graph(sim, '/v1.0/users?$select=id,accountEnabled,mail,proxyAddresses,employeeId');
    const users = new Map((res.body.value ?? []).map((u) => [u.id, u]));
    expect(users.size).toBe(6);
    expect(users.has(e('p00006'))).toBe(false);
    expect(users.get(e('p00000'))).toEqual({
      id: e('p00000'),
      accountEnabled: true,
      mail: 'ada.lovelace@example.com',
      proxyAddresses: ['SMTP:ada.lovelace@example.com', 'smtp:ada.l@example.com', 'smtp:countess@example.org'],
      employeeId: 'E1000',
    });
    expect([2, 3, 4, 5].map((n) => users.get(e(`p0000${n}`))?.accountEnabled)).toEqual([false, false, true, false]);
  });

  it('leaves accountEnabled out of the default property set', async () => {
    const sim = await start(buildEntraOrg());
    const res = await graph(sim, '/v1.0/users');
    expect(Object.keys(res.body.value?.[0] ?? {}).sort()).toEqual(
      ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort(),
    );
    const unknown = await graph(sim, '/v1.0/users?$select=id,favouriteColour');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ message: "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'." });
  });

  it('pages plain lists with $top (default 100, at most 999) and an opaque $skiptoken that keeps the query', async () => {
    const sim = await start(buildEntraOrg({ extraPeople: 14 }));
    const ids: string[] = [];
    let url = '/v1.0/users?$select=id&$top=7';
    let pages = 0;
    while (url) {
      const page = await graph(sim, url);
      pages += 1;
      ids.push(...(page.body.value ?? []).map((u) => String(u.id)));
      const next = page.body['@odata.nextLink'];
      if (typeof next === 'string') expect(next).toMatch(/\?\$select=id&\$top=7&\$skiptoken=/);
      url = typeof next === 'string' ? next : '';
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(20);
    expect((await graph(sim, '/v1.0/users?$top=1000')).status).toBe(400);
    expect((await graph(sim, '/v1.0/users?$count=true')).status).toBe(400);
    const counted = await graph(sim, '/v1.0/users?$count=true&$top=1', { consistencylevel: 'eventual' });
    expect(counted.body['@odata.count']).toBe(20);
  });

  it('lists direct members with @odata.type, and transitive members through nesting', async () => {
    const sim = await start(buildEntraOrg());
    const direct = await graph(sim, `/v1.0/groups/${e('g-all')}/members?$select=id`);
    expect(direct.body.value).toEqual(
      expect.arrayContaining([
        { '@odata.type': '#microsoft.graph.group', id: e('g-eng') },
        { '@odata.type': '#microsoft.graph.group', id: e('g-data') },
      ]),
    );
    expect(direct.body.value).toHaveLength(2);
    const transitive = await graph(sim, `/v1.0/groups/${e('g-all')}/transitiveMembers?$select=id`);
    const users = (transitive.body.value ?? []).filter((m) => m['@odata.type'] === '#microsoft.graph.user').map((m) => m.id);
    // eng: p0, p2, p5; data: p1, p4 (p6 deleted).
    expect(users.sort()).toEqual([e('p00000'), e('p00001'), e('p00002'), e('p00004'), e('p00005')].sort());
    expect((await graph(sim, '/v1.0/groups/00000000-0000-4000-a000-000000000000/members')).status).toBe(404);
  });
});

describe('Entra simulator: delta', () => {
  it('honours Prefer: odata.maxpagesize (capped), keeps $select in the token, and ends with a deltaLink', async () => {
    const sim = await start(buildEntraOrg({ extraPeople: 10 }), { maxPageSize: 5 });
    const first = await graph(sim, '/v1.0/users/delta?$select=displayName,accountEnabled', { prefer: 'odata.maxpagesize=4' });
    expect(first.headers.get('preference-applied')).toBe('odata.maxpagesize=4');
    expect(first.body.value).toHaveLength(4);
    expect(Object.keys(first.body.value?.[0] ?? {}).sort()).toEqual(['accountEnabled', 'displayName', 'id']);
    expect(String(first.body['@odata.nextLink'])).toMatch(/\/v1.0\/users\/delta\?\$skiptoken=[A-Za-z0-9_-]+$/);
    const capped = await graph(sim, '/v1.0/users/delta', { prefer: 'odata.maxpagesize=999' });
    expect(capped.body.value).toHaveLength(5);

    const round = await deltaRound(sim, '/v1.0/users/delta?$select=displayName,accountEnabled', { prefer: 'odata.maxpagesize=4' });
    expect(round.entries).toHaveLength(16);
    expect(round.pages).toBe(4);
    const quiet = await deltaRound(sim, String(round.deltaLink));
    expect(quiet.entries).toEqual([]);
  });

  it('returns only what changed: a disabled user with all selected properties, a deleted one as @removed', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const initial = await deltaRound(sim, '/v1.0/users/delta?$select=displayName,accountEnabled,department');
    person(org, 'p00001').idpStatus = 'SUSPENDED';
    person(org, 'p00005').updatedAt = '2025-04-01T00:00:00.000Z';
    person(org, 'p00000').givenName = 'Augusta'; // displayName changes
    person(org, 'p00004').hireDate = '2020-01-01'; // not an Entra property: no change
    touch(org);
    const changes = await deltaRound(sim, String(initial.deltaLink));
    expect(changes.entries).toEqual([
      { id: e('p00000'), displayName: 'Augusta Lovelace', accountEnabled: true, department: 'Engineering' },
      { id: e('p00001'), displayName: 'Grace Lovelace', accountEnabled: false, department: 'Data' },
      { id: e('p00005'), '@removed': { reason: 'changed' } },
    ]);
  });

  it('reports membership changes in members@delta and splits large groups over several entries', async () => {
    const org = buildEntraOrg({ extraPeople: 6 });
    const sim = await start(org, { maxMembersPerObject: 2 });
    const initial = await deltaRound(sim, '/v1.0/groups/delta?$select=displayName,description,members');
    const dataPieces = initial.entries.filter((g) => g.id === e('g-data'));
    // g-data: p1, p4 and four of the extra people = 6 members, 2 per entry.
    expect(dataPieces).toHaveLength(3);
    for (const piece of dataPieces) expect(piece).toMatchObject({ displayName: 'Data Platform', description: 'Data Platform team' });
    expect(initial.entries.find((g) => g.id === e('g-admins'))).toEqual({
      id: e('g-admins'),
      displayName: 'Prefect Admins',
      'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: e('p00000') }],
    });

    person(org, 'p00000').groupIds = ['g-eng'];
    person(org, 'p00001').groupIds.push('g-admins');
    group(org, 'g-eng').description = 'Builders';
    touch(org);
    const changes = await deltaRound(sim, String(initial.deltaLink));
    expect(changes.entries).toEqual([
      { id: e('g-eng'), displayName: 'Engineering', description: 'Builders' },
      {
        id: e('g-admins'),
        displayName: 'Prefect Admins',
        'members@delta': [
          { '@odata.type': '#microsoft.graph.user', id: e('p00001') },
          { '@odata.type': '#microsoft.graph.user', id: e('p00000'), '@removed': { reason: 'deleted' } },
        ],
      },
    ]);
  });

  it('can start with empty pages and replay changes', async () => {
    const org = buildEntraOrg();
    const sim = await start(org, { emptyDeltaPages: 2, replayChanges: true });
    const first = await graph(sim, '/v1.0/users/delta');
    expect(first.body.value).toEqual([]);
    expect(first.body['@odata.nextLink']).toEqual(expect.any(String));
    const initial = await deltaRound(sim, '/v1.0/users/delta?$select=accountEnabled');
    expect(initial.pages).toBe(3);
    expect(initial.entries).toHaveLength(6); // no replays in an initial round
    person(org, 'p00001').idpStatus = 'SUSPENDED';
    touch(org);
    const changes = await deltaRound(sim, String(initial.deltaLink));
    expect(changes.entries).toEqual([
      { id: e('p00001'), accountEnabled: false },
      { id: e('p00001'), accountEnabled: false },
    ]);
  });

  it('expires tokens after 7 days, resets on maintenance with a Location, and supports $deltatoken=latest', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const initial = await deltaRound(sim, '/v1.0/users/delta');
    const latest = await graph(sim, '/v1.0/users/delta?$deltatoken=latest');
    expect(latest.body.value).toEqual([]);
    expect(latest.body['@odata.deltaLink']).toEqual(expect.any(String));

    sim.resetDeltaState();
    const reset = await graph(sim, String(initial.deltaLink));
    expect(reset.status).toBe(410);
    expect(reset.body.error).toMatchObject({ code: 'resyncRequired' });
    expect(reset.headers.get('location')).toBe(`${sim.origin}/v1.0/users/delta?$deltatoken=`);
    const restarted = await deltaRound(sim, String(reset.headers.get('location')));
    expect(restarted.entries).toHaveLength(6);

    org.now = '2025-06-08T12:00:01.000Z';
    const expired = await graph(sim, String(restarted.deltaLink));
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({ code: 'syncStateNotFound' });
    expect((await graph(sim, '/v1.0/users/delta?$deltatoken=made-up')).status).toBe(410);
  });
});

describe('Entra simulator: faults and permissions', () => {
  it('throttles with Graph\'s 429 (Retry-After, TooManyRequests) and 503 (serviceNotAvailable)', async () => {
    const sim = await start(buildEntraOrg(), {
      retryAfterSeconds: 7,
      faults: [
        { match: '/v1.0/users', kind: 'rate-limit', times: 1 },
        { match: '/v1.0/groups', kind: 'status', status: 503, times: 1 },
      ],
    });
    const limited = await graph(sim, '/v1.0/users');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error).toMatchObject({ code: 'TooManyRequests' });
    const unavailable = await graph(sim, '/v1.0/groups');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    expect(unavailable.body.error).toMatchObject({ code: 'serviceNotAvailable' });
    expect((await graph(sim, '/v1.0/users')).status).toBe(200);
  });

  it('refuses reads the app has no permission for with 403 Authorization_RequestDenied', async () => {
    const sim = await start(buildEntraOrg(), { permissions: ['GroupMember.Read.All'] });
    const users = await graph(sim, '/v1.0/users/delta');
    expect(users.status).toBe(403);
    expect(users.body.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect((await graph(sim, '/v1.0/groups/delta')).status).toBe(200);
  });
});
