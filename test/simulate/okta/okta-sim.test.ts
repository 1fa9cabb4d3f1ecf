import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { idFor } from '../../../electron/simulate/org/org-model';
import { startOktaSimulator, type RunningOktaSim } from '../../../electron/simulate/okta/okta-sim';
import { addEvent, orgOfSize, ORG_NOW, smallOrg } from './fixtures';
import { DpopProver } from '../../../electron/collect/connectors/okta/okta-dpop';

const running: RunningOktaSim[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(...args: Parameters<typeof startOktaSimulator>): Promise<RunningOktaSim> {
  const sim = await startOktaSimulator(...args);
  running.push(sim);
  return sim;
}

async function get(sim: RunningOktaSim, pathOrUrl: string, auth = `SSWS ${sim.token}`) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.baseUrl}${pathOrUrl}`;
  const res = await fetch(url, { headers: { authorization: auth, accept: 'application/json' } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown, text };
}

function next(link: string | null): string | null {
  const m = link ? /<([^>]+)>; rel="next"/.exec(link) : null;
  return m?.[1] ?? null;
}

function assertion(privateKey: string, claims: Record<string, unknown>, kid?: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })}.${enc(claims)}`;
  const signer = createSign('sha256');
  signer.update(input);
  return `${input}.${signer.sign(privateKey).toString('base64url')}`;
}

async function tokenRequest(sim: RunningOktaSim, jwt: string, scope = 'okta.users.read okta.groups.read') {
  const res = await fetch(`${sim.baseUrl}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
    }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Okta simulator: users', () => {
  it('leaves DEPROVISIONED users out of the plain list and returns exactly them for status eq "DEPROVISIONED"', async () => {
    const org = smallOrg();
    const sim = await start(org);
    const plain = await get(sim, '/api/v1/users?limit=200');
    const statuses = (plain.body as { status: string }[]).map((u) => u.status);
    expect(statuses).toHaveLength(11);
    expect(statuses).not.toContain('DEPROVISIONED');
    const dep = await get(sim, `/api/v1/users?search=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect((dep.body as { id: string; status: string }[]).map((u) => u.id)).toEqual(['p00004', 'p00010', 'p00014'].map((p) => idFor('okta-user', p)));
    const viaFilter = await get(sim, `/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect((viaFilter.body as unknown[]).length).toBe(3);
  });

  it('renders the documented user shape from the org person', async () => {
    const sim = await start(smallOrg());
    const { body } = await get(sim, `/api/v1/users/${idFor('okta-user', 'p00003')}`);
    expect(body).toMatchObject({
      id: idFor('okta-user', 'p00003'),
      status: 'ACTIVE',
      created: '2023-01-15T09:00:00.000Z',
      lastUpdated: '2025-05-01T09:00:00.000Z',
      statusChanged: '2025-05-01T09:00:00.000Z',
      profile: {
        login: 'given3.family3@acme.example',
        email: 'given3.family3@acme.example',
        secondEmail: 'alias3@acme-old.example',
        firstName: 'Given3',
        lastName: 'Family3',
        employeeNumber: 'E00003',
        department: 'Finance',
      },
    });
  });

  it('answers an unsupported search with 400 E0000031 in Okta error shape', async () => {
    const sim = await start(smallOrg());
    const res = await get(sim, `/api/v1/users?search=${encodeURIComponent('profile.department eq "Finance"')}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: 'E0000031', errorLink: 'E0000031', errorSummary: expect.any(String), errorId: expect.stringMatching(/^oae/) });
    expect(Array.isArray((res.body as { errorCauses: unknown }).errorCauses)).toBe(true);
  });

  it('caps limit, pages with Link rel="next" and an opaque after cursor, and ends without next', async () => {
    const org = orgOfSize(23); // 23 people, 3 DEPROVISIONED -> 20 listed
    const sim = await start(org, { pageSizeCap: 6 });
    const ids: string[] = [];
    let url: string | null = '/api/v1/users?limit=200';
    const sizes: number[] = [];
    while (url) {
      const res = await get(sim, url);
      expect(res.headers.get('link')).toContain('rel="self"');
      const page = res.body as { id: string }[];
      sizes.push(page.length);
      ids.push(...page.map((u) => u.id));
      url = next(res.headers.get('link'));
      if (url) {
        const after = new URL(url).searchParams.get('after') ?? '';
        expect(after).not.toMatch(/^\d+$/); // opaque, not an offset a client could build
        expect(new URL(url).searchParams.get('limit')).toBe('200');
      }
    }
    expect(sizes).toEqual([6, 6, 6, 2]);
    expect(new Set(ids).size).toBe(20);
  });

  it('rejects a bad token with 401 E0000011 and still sends the rate-limit headers and Date', async () => {
    const sim = await start(smallOrg());
    const res = await get(sim, '/api/v1/users', 'SSWS not-the-token');
    expect(res.status).toBe(401);
    expect((res.body as { errorCode: string }).errorCode).toBe('E0000011');
    for (const h of ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset', 'date']) expect(res.headers.get(h)).not.toBeNull();
    expect(res.text).not.toContain(sim.token);
  });
});

describe('Okta simulator: rate limits', () => {
  it('counts per endpoint family and answers 429 E0000047 without Retry-After past the limit', async () => {
    const fixedNow = Date.parse('2025-06-30T12:00:10.000Z');
    const sim = await start(smallOrg(), { rateLimit: { limit: 2, windowMs: 60_000 }, now: () => fixedNow });
    const a = await get(sim, '/api/v1/users');
    expect(a.headers.get('x-rate-limit-remaining')).toBe('1');
    expect(a.headers.get('x-rate-limit-reset')).toBe(String(Date.parse('2025-06-30T12:01:00.000Z') / 1000));
    expect(a.headers.get('date')).toBe(new Date(fixedNow).toUTCString());
    await get(sim, '/api/v1/users');
    const limited = await get(sim, '/api/v1/users');
    expect(limited.status).toBe(429);
    expect((limited.body as { errorCode: string }).errorCode).toBe('E0000047');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(limited.headers.get('x-rate-limit-limit')).toBe('2');
    // Another family has its own window.
    expect((await get(sim, '/api/v1/groups')).status).toBe(200);
  });

  it('makes an injected rate-limit fault look like Okta (headers, no Retry-After) and an injected 500 carry an Okta body', async () => {
    const sim = await start(smallOrg(), {
      faults: [
        { match: '/api/v1/users', kind: 'rate-limit', times: 1 },
        { match: '/api/v1/groups', kind: 'status', status: 500, times: 1 },
      ],
    });
    const limited = await get(sim, '/api/v1/users');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(0);
    expect((limited.body as { errorCode: string }).errorCode).toBe('E0000047');
    const failed = await get(sim, '/api/v1/groups');
    expect(failed.status).toBe(500);
    expect((failed.body as { errorCode: string }).errorCode).toBe('E0000009');
  });
});

describe('Okta simulator: groups and the Prefect app', () => {
  it('renders the built-in Everyone first, flat OKTA_GROUPs, direct members of every status, and app users from "prefect-" groups', async () => {
    const sim = await start(smallOrg());
    const listed = (await get(sim, '/api/v1/groups')).body as { id: string; type: string; profile: { name: string } }[];
    expect(listed.map((g) => [g.profile.name, g.type])).toEqual([
      ['Everyone', 'BUILT_IN'],
      ['engineering', 'OKTA_GROUP'],
      ['finance', 'OKTA_GROUP'],
      ['prefect-admins', 'OKTA_GROUP'],
      ['prefect-developers', 'OKTA_GROUP'],
    ]);
    const everyone = (await get(sim, `/api/v1/groups/${listed[0]!.id}/users?limit=200`)).body as { status: string }[];
    expect(everyone).toHaveLength(11); // every user but the 3 DEPROVISIONED
    const groups = (await get(sim, `/api/v1/groups?filter=${encodeURIComponent('type eq "OKTA_GROUP"')}`)).body as { id: string; type: string; profile: { name: string } }[];
    expect(groups.map((g) => g.profile.name)).toEqual(['engineering', 'finance', 'prefect-admins', 'prefect-developers']);
    const eng = groups[0]!;
    const members = (await get(sim, `/api/v1/groups/${eng.id}/users`)).body as { status: string }[];
    expect(members).toHaveLength(6); // p1, p2, p3, p4 (DEPROVISIONED), p7, p11
    expect(members.map((m) => m.status)).toContain('DEPROVISIONED');
    const appUsers = (await get(sim, `/api/v1/apps/${sim.prefectAppId}/users?limit=1000`)).body as { id: string; scope: string }[];
    // prefect-admins: p1, p13; prefect-developers: p2, p3, p4 (DEPROVISIONED: not assigned), p7
    expect(appUsers.map((u) => u.id).sort()).toEqual(['p00001', 'p00002', 'p00003', 'p00007', 'p00013'].map((p) => idFor('okta-user', p)).sort());
    expect(appUsers.every((u) => u.scope === 'GROUP')).toBe(true);
    expect((await get(sim, '/api/v1/apps/0oaunknown/users')).status).toBe(404);
  });
});

describe('Okta simulator: System Log', () => {
  const filter = encodeURIComponent('eventType eq "user.lifecycle.deactivate" or eventType eq "group.user_membership.add"');

  it('polls: filters, always sends next (even on an empty page), and a cursor sees only later events', async () => {
    const org = smallOrg();
    const sim = await start(org);
    const first = await get(sim, `/api/v1/logs?since=2025-04-01T00:00:00.000Z&sortOrder=ASCENDING&limit=1000&filter=${filter}`);
    const events = first.body as { uuid: string; eventType: string; target: { id: string; type: string }[] }[];
    expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.deactivate', 'group.user_membership.add', 'user.lifecycle.deactivate']);
    expect(events[1]!.target.map((t) => t.type)).toEqual(['User', 'UserGroup']);
    expect(events[1]!.target[1]!.id).toBe(idFor('okta-group', 'g-prefect-admins'));
    const n1 = next(first.headers.get('link'));
    expect(n1).not.toBeNull();
    const empty = await get(sim, n1!);
    expect(empty.body).toEqual([]);
    const n2 = next(empty.headers.get('link'));
    expect(n2).not.toBeNull();
    addEvent(org, 50, '2025-06-30T11:00:00.000Z', 'user.lifecycle.deactivate', 'p00012');
    const later = await get(sim, n2!);
    expect((later.body as { uuid: string }[]).map((e) => e.uuid)).toEqual(['00000000-0000-4000-8000-000000000050']);
  });

  it('caps limit at 1000, defaults to 100, and pages bounded queries without a final next', async () => {
    const org = smallOrg();
    for (let i = 0; i < 130; i += 1) addEvent(org, 100 + i, `2025-06-2${i % 9}T10:00:00.000Z`, 'user.lifecycle.activate', 'p00001');
    const sim = await start(org);
    const page = await get(sim, '/api/v1/logs?since=2025-06-01T00:00:00.000Z&until=2025-06-30T00:00:00.000Z');
    expect((page.body as unknown[]).length).toBe(100);
    const rest = await get(sim, next(page.headers.get('link'))!);
    // smallOrg has 4 events in June (6, 7, 8, 9) plus the 130 added: 134 in all.
    const restEvents = rest.body as { published: string }[];
    expect(restEvents.length).toBe(34);
    expect(restEvents.map((e) => e.published)).toEqual([...restEvents.map((e) => e.published)].sort()); // bounded: in published order
    expect(next(rest.headers.get('link'))).toBeNull();
    const capped = await get(sim, '/api/v1/logs?since=2025-04-01T00:00:00.000Z&limit=5000');
    expect((capped.body as unknown[]).length).toBe(138); // 130 + smallOrg's 8 retained events, under the 1000 cap
  });

  it('refuses since more than 180 days back, an invalid filter, and keeps only 90 days', async () => {
    const sim = await start(smallOrg());
    const old = await get(sim, '/api/v1/logs?since=2024-12-01T00:00:00.000Z');
    expect(old.status).toBe(400);
    expect((old.body as { errorCode: string }).errorCode).toBe('E0000053');
    const bad = await get(sim, `/api/v1/logs?filter=${encodeURIComponent('display_message eqq "x"')}`);
    expect(bad.status).toBe(400);
    const retained = await get(sim, '/api/v1/logs?since=2025-01-15T00:00:00.000Z');
    expect((retained.body as { published: string }[]).every((e) => e.published >= '2025-04-01')).toBe(true);
    expect(ORG_NOW).toBe('2025-06-30T12:00:00.000Z');
  });
});

describe('Okta simulator: OAuth service app', () => {
  function keys() {
    return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  }

  it('issues a Bearer token for a valid assertion, enforces scopes, and rejects a wrong key, wrong aud, expiry and replay', async () => {
    const good = keys();
    const other = keys();
    const sim = await start(smallOrg(), { oauthClient: { clientId: '0oaclient', publicKeyPem: good.publicKey } });
    const aud = `${sim.baseUrl}/oauth2/v1/token`;
    const now = Math.floor(Date.now() / 1000);
    const claims = () => ({ iss: '0oaclient', sub: '0oaclient', aud, iat: now, exp: now + 300, jti: randomUUID() });

    const ok = await tokenRequest(sim, assertion(good.privateKey, claims()));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'okta.users.read okta.groups.read' });
    const bearer = `Bearer ${String(ok.body.access_token)}`;
    expect((await get(sim, '/api/v1/users', bearer)).status).toBe(200);
    const noScope = await get(sim, '/api/v1/logs', bearer);
    expect(noScope.status).toBe(403);
    expect((noScope.body as { errorCode: string }).errorCode).toBe('E0000006');
    expect(noScope.headers.get('www-authenticate')).toContain('scope="okta.logs.read"');

    const wrongKey = await tokenRequest(sim, assertion(other.privateKey, claims()));
    expect(wrongKey).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const wrongAud = await tokenRequest(sim, assertion(good.privateKey, { ...claims(), aud: 'https://elsewhere/oauth2/v1/token' }));
    expect(wrongAud).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const expired = await tokenRequest(sim, assertion(good.privateKey, { ...claims(), iat: now - 4000, exp: now - 400 }));
    expect(expired).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const replayed = claims();
    expect((await tokenRequest(sim, assertion(good.privateKey, replayed))).status).toBe(200);
    expect(await tokenRequest(sim, assertion(good.privateKey, replayed))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const badScope = await tokenRequest(sim, assertion(good.privateKey, claims()), 'okta.users.manage');
    expect(badScope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
  });

  it('requires DPoP when the app does: a nonce at the token endpoint, a DPoP-bound token, and a fresh proof made with its key on every call', async () => {
    const good = keys();
    const sim = await start(smallOrg(), { oauthClient: { clientId: '0oaclient', publicKeyPem: good.publicKey, requireDpop: true } });
    const aud = `${sim.baseUrl}/oauth2/v1/token`;
    const now = Math.floor(Date.now() / 1000);
    const form = () =>
      new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'okta.users.read',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion(good.privateKey, { iss: '0oaclient', sub: '0oaclient', aud, iat: now, exp: now + 300, jti: randomUUID() }),
      }).toString();
    const post = async (dpop?: string) => {
      const res = await fetch(aud, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(dpop ? { dpop } : {}) }, body: form() });
      return { status: res.status, nonce: res.headers.get('dpop-nonce'), body: (await res.json()) as Record<string, unknown> };
    };
    const prover = new DpopProver(() => Date.now());
    expect(await post()).toMatchObject({ status: 400, body: { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' } });
    const noNonce = await post(prover.proof('POST', aud));
    expect(noNonce).toMatchObject({ status: 400, body: { error: 'use_dpop_nonce' } });
    expect(noNonce.nonce).toMatch(/^[\w-]{16,}$/);
    prover.observe({ 'dpop-nonce': noNonce.nonce! });
    const ok = await post(prover.proof('POST', aud));
    expect(ok).toMatchObject({ status: 200, body: { token_type: 'DPoP', scope: 'okta.users.read' } });
    const token = String(ok.body.access_token);

    const users = `${sim.baseUrl}/api/v1/users`;
    const call = async (authorization: string, dpop?: string, url = users) => (await fetch(url, { headers: { authorization, ...(dpop ? { dpop } : {}) } })).status;
    expect(await call(`Bearer ${token}`)).toBe(401); // bound: not usable as a bearer token
    expect(await call(`DPoP ${token}`)).toBe(401); // no proof
    expect(await call(`DPoP ${token}`, new DpopProver(() => Date.now()).proof('GET', users, token))).toBe(401); // another key
    expect(await call(`DPoP ${token}`, prover.proof('GET', `${sim.baseUrl}/api/v1/groups`, token))).toBe(401); // another URL
    const proof = prover.proof('GET', users, token);
    expect(await call(`DPoP ${token}`, proof)).toBe(200);
    expect(await call(`DPoP ${token}`, proof)).toBe(401); // replayed
    expect(await call(`DPoP ${token}`, prover.proof('GET', users, token), `${users}?limit=2`)).toBe(200); // htu leaves the query out
  });
});
