import { afterEach, describe, expect, it } from 'vitest';
import { createScimConnector } from '../../../electron/collect/connectors/scim/scim-connector';
import { idFor, type OrgModel } from '../../../electron/simulate/org/org-model';
import { createScimSimHandler, startScimSimulator, type RunningScimSim, type ScimSimOptions } from '../../../electron/simulate/scim/scim-sim';
import { startSimServer, type RunningSim, type SimResponse } from '../../../electron/simulate/sim-server';
import { buildBigOrg, buildTestOrg, person } from '../../simulate/scim/fixtures';
import type { ScimBody } from '../../simulate/scim/sim-client';
import { drain, readError } from './drain';

const TOKEN = 'scim-test-token-123';
const running: (RunningSim | RunningScimSim)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sim(org: OrgModel, options: ScimSimOptions = {}) {
  const s = await startScimSimulator(org, { token: TOKEN, ...options });
  running.push(s);
  return s;
}

function connector(s: RunningScimSim, pageSize?: number) {
  return createScimConnector({ sourceId: 'dir', baseUrl: s.credentials.baseUrl, token: s.credentials.token, ...(pageSize ? { pageSize } : {}) });
}

/** A simulator whose responses a test may rewrite (to serve what a faulty server would). */
async function rewritingSim(org: OrgModel, rewrite: (path: string, query: URLSearchParams, res: SimResponse) => SimResponse) {
  const handler = createScimSimHandler(org, { token: TOKEN });
  const s = await startSimServer({ name: 'scim-rewrite', handler: async (req) => rewrite(req.path, req.query, await handler(req)) });
  running.push(s);
  return createScimConnector({ sourceId: 'dir', baseUrl: `${s.origin}/scim/v2`, token: TOKEN });
}

describe('SCIM connector against the simulator', () => {
  it('reads users, groups and direct members of the test organisation in three requests', async () => {
    const s = await sim(buildTestOrg());
    const out = await drain(connector(s));
    expect(out.verdict).toMatchObject({ complete: true, mode: 'full', pages: 2, records: 7 + 4 + 9, events: 0 });
    expect(out.verdict.notes[0]).toBe('ServiceProviderConfig: filter yes (maxResults 100), patch yes, etag yes, sort no, bulk no; auth oauthbearertoken');
    expect(s.requests).toEqual(['GET /scim/v2/ServiceProviderConfig', 'GET /scim/v2/Users?startIndex=1&count=100', 'GET /scim/v2/Groups?startIndex=1&count=100']);
    expect(out.quarantined).toEqual([]);

    const ada = out.of('idp_user').find((u) => u.key === idFor('scim', 'p001'))!;
    expect(ada.value).toEqual({
      id: idFor('scim', 'p001'),
      userName: 'ada.lovelace@example.com',
      email: 'ada.lovelace@example.com',
      emails: ['ada.lovelace@example.com', 'ada@old.example.com'],
      displayName: 'Ada Lovelace',
      rawStatus: 'active=true',
      lifecycle: 'active',
      employeeId: 'E001',
      department: 'Engineering',
    });
    const linus = out.of('idp_user').find((u) => u.value.employeeId === 'E004')!;
    expect(linus.value).toMatchObject({ rawStatus: 'active=false', lifecycle: 'suspended' });
    expect(out.of('idp_user').find((u) => u.value.employeeId === 'E007')!.value.department).toBe('Flight "Software", Ops');

    expect(out.of('idp_group').map((g) => g.value.name)).toEqual(['Everyone', 'Engineering', 'Data Platform', 'Empty group']);
    const everyone = out.of('idp_group_member').filter((m) => m.value.groupId === idFor('scim', 'g-all'));
    expect(everyone.map((m) => [m.value.memberId, m.value.memberType])).toEqual([
      [idFor('scim', 'p001'), 'user'],
      [idFor('scim', 'p005'), 'user'],
      [idFor('scim', 'p007'), 'user'],
      [idFor('scim', 'g-eng'), 'group'],
    ]);
    expect(everyone[0]!.key).toBe(`${idFor('scim', 'g-all')}:${idFor('scim', 'p001')}`);
    expect(out.items.filter((i) => i.type === 'progress').length).toBe(2);
  });

  it('gets every user when the server caps pages below the count asked, paging from the right index', async () => {
    const s = await sim(buildBigOrg(23), { maxCount: 5, faults: [{ kind: 'status', status: 404, match: '/ServiceProviderConfig' }] });
    const out = await drain(connector(s, 10));
    expect(out.of('idp_user')).toHaveLength(23);
    expect(new Set(out.of('idp_user').map((u) => u.key)).size).toBe(23);
    expect(s.requests.filter((r) => r.includes('/Users'))).toEqual([1, 6, 11, 16, 21].map((i) => `GET /scim/v2/Users?startIndex=${i}&count=10`));
    expect(out.verdict.complete).toBe(true);
    expect(out.verdict.notes).toContain('ServiceProviderConfig: not available (HTTP 404); reading without its hints');
    expect(out.verdict.notes).toContain('/Users: the server returned fewer items than asked (as few as 5 for count=10); paged on from the next index');
  });

  it("asks for the server's filter.maxResults per page when it is below pageSize", async () => {
    const s = await sim(buildBigOrg(12), { maxCount: 5 });
    const out = await drain(connector(s, 100));
    expect(out.of('idp_user')).toHaveLength(12);
    expect(s.requests.filter((r) => r.includes('/Users'))).toEqual([1, 6, 11].map((i) => `GET /scim/v2/Users?startIndex=${i}&count=5`));
    expect(out.verdict.notes).toContain("Asked for 5 items per page, the server's filter.maxResults");
    expect(out.verdict.complete).toBe(true);
  });

  it('marks the read incomplete when a person is removed while it pages (totalResults changes)', async () => {
    const org = buildBigOrg(23);
    let done = false;
    const s = await sim(org, {
      maxCount: 5,
      afterRequest: (req) => {
        if (!done && req.path.endsWith('/Users') && req.query.get('startIndex') === '1') {
          done = true;
          org.people.shift();
          org.version += 1;
        }
      },
    });
    const out = await drain(connector(s));
    expect(out.verdict.complete).toBe(false);
    expect(out.verdict.notes).toContain('/Users: totalResults changed while paging (from 23 to 22): the data moved under the read');
    // The shift hid one person from the read even though the final count happens to add up.
    expect(out.of('idp_user')).toHaveLength(22);
  });

  it('drops repeats and names the counts when a person is inserted ahead of the read', async () => {
    const org = buildBigOrg(23);
    let done = false;
    const s = await sim(org, {
      maxCount: 5,
      afterRequest: (req) => {
        if (!done && req.path.endsWith('/Users') && req.query.get('startIndex') === '6') {
          done = true;
          org.people.unshift(person(99, 'New', 'Hire', 'ACTIVE', []));
          org.version += 1;
        }
      },
    });
    const out = await drain(connector(s));
    expect(out.verdict.complete).toBe(false);
    expect(out.verdict.notes).toEqual(
      expect.arrayContaining([
        '/Users: totalResults changed while paging (from 23 to 24): the data moved under the read',
        '/Users: 1 item(s) came round again on a later page (dropped as repeats): the data moved under the read',
        '/Users: read 23 distinct items but the server reported totalResults=24',
      ]),
    );
    const keys = out.of('idp_user').map((u) => u.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('fetches groups one by one when the list leaves members out, then asks with ?attributes=members', async () => {
    const reference = await drain(connector(await sim(buildTestOrg())));
    const single = await sim(buildTestOrg(), { groupMembers: 'single' });
    const outSingle = await drain(connector(single));
    expect(outSingle.of('idp_group_member')).toEqual(reference.of('idp_group_member'));
    expect(single.requests.filter((r) => /\/Groups\/[0-9a-f]+$/.test(r))).toHaveLength(4);
    expect(outSingle.verdict.notes).toContain('4 group(s) came without a members attribute and were fetched one by one');

    const asked = await sim(buildTestOrg(), { groupMembers: 'when-asked' });
    const outAsked = await drain(connector(asked));
    expect(outAsked.of('idp_group_member')).toEqual(reference.of('idp_group_member'));
    expect(asked.requests.filter((r) => r.endsWith('?attributes=members'))).toHaveLength(4);
    expect(outAsked.verdict.complete).toBe(true);
  });

  it('marks the read incomplete when a listed group is gone by the time its members are fetched', async () => {
    const org = buildTestOrg();
    const s = await sim(org, {
      groupMembers: 'single',
      afterRequest: (req) => {
        if (req.path.endsWith('/Groups')) {
          org.groups = org.groups.filter((g) => g.groupId !== 'g-data');
          org.version += 1;
        }
      },
    });
    const out = await drain(connector(s));
    expect(out.verdict.complete).toBe(false);
    expect(out.verdict.notes).toContain(`Group ${idFor('scim', 'g-data')} was listed but had gone when fetched for its members (404)`);
    expect(out.of('idp_group')).toHaveLength(4);
    expect(out.of('idp_group_member').some((m) => m.value.groupId === idFor('scim', 'g-data'))).toBe(false);
  });

  it('fails with a clear message on a refused token, without the token', async () => {
    const s = await sim(buildTestOrg());
    const error = await readError(createScimConnector({ sourceId: 'dir', baseUrl: s.credentials.baseUrl, token: 'not-the-token-4711' }));
    expect(error.message).toBe(
      'SCIM source "dir" /ServiceProviderConfig: HTTP 401: the bearer token was refused: check that it is current and issued for this SCIM endpoint; server says: "Authentication failed: the bearer token is missing or not valid"',
    );
    expect(error.message).not.toContain('not-the-token-4711');
  });

  it('fails on a page that is not JSON, and on a truncated page, naming the endpoint and startIndex', async () => {
    const s = await sim(buildBigOrg(12), { maxCount: 5, faults: [{ kind: 'malformed', match: '/Users', after: 1 }] });
    const error = await readError(connector(s));
    expect(error.message).toBe('SCIM source "dir" /Users page 2 (startIndex=6): body is not JSON; it starts "<html><body>502 Bad Gateway</body></html>"');
    const t = await sim(buildBigOrg(3), { faults: [{ kind: 'truncate', match: '/Groups' }] });
    expect((await readError(connector(t))).message).toMatch(/^SCIM source "dir" \/Groups page 1 \(startIndex=1\): body is not JSON; it starts "\{/);
  });

  it('a connection failing on a page names that page, and keeps its kind for the diagnosis', async () => {
    const s = await sim(buildBigOrg(12), { maxCount: 5, faults: [{ kind: 'reset', match: '/Users', after: 1, times: 99 }] });
    const error = await readError(connector(s));
    expect(error.message).toMatch(/^SCIM source "dir" \/Users page 2 \(startIndex=6\): GET .*\/Users: connection reset by the server$/);
    expect(error).toMatchObject({ kind: 'reset' });
  });

  it('retries a transient 503 on a page and still completes', async () => {
    const s = await sim(buildTestOrg(), { faults: [{ kind: 'status', status: 503, match: '/Users', times: 1 }] });
    const out = await drain(connector(s));
    expect(out.verdict.complete).toBe(true);
    expect(out.of('idp_user')).toHaveLength(7);
    expect(s.requests.filter((r) => r.includes('/Users'))).toHaveLength(2);
  });

  it('fails on pages that are not ListResponses or do not echo startIndex', async () => {
    const cases: [string, (body: Record<string, unknown>) => void, string][] = [
      ['schemas', (b) => (b.schemas = ['urn:example:Other']), 'not a SCIM ListResponse (schemas does not include urn:ietf:params:scim:api:messages:2.0:ListResponse)'],
      ['Resources', (b) => (b.Resources = { a: 1 }), 'Resources is an array'],
      ['Resources missing', (b) => delete b.Resources, 'Resources is missing although totalResults is 7'],
      ['totalResults', (b) => (b.totalResults = '7'), 'totalResults is the string "7", expected a non-negative integer'],
      ['startIndex', (b) => (b.startIndex = 0), 'startIndex is number 0, expected an integer of at least 1'],
      ['echo', (b) => (b.startIndex = 2), 'the server answered startIndex=2 to a request for startIndex=1, so paging cannot be trusted'],
    ];
    for (const [name, mutate, expected] of cases) {
      const c = await rewritingSim(buildTestOrg(), (path, _q, res) => {
        if (path.endsWith('/Users')) mutate(res.json as Record<string, unknown>);
        return res;
      });
      const error = await readError(c);
      if (name === 'Resources') expect(error.message).toBe('SCIM source "dir" /Users page 1 (startIndex=1): Resources is object {"a":1}, expected an array');
      else expect(error.message, name).toBe(`SCIM source "dir" /Users page 1 (startIndex=1): ${expected}`);
    }
  });

  it('quarantines items it cannot normalize and reads on', async () => {
    const c = await rewritingSim(buildTestOrg(), (path, _q, res) => {
      const resources = (res.json as ScimBody).Resources as Record<string, unknown>[];
      if (path.endsWith('/Users')) {
        resources[1]!.active = 'maybe';
        delete resources[2]!.id;
        resources[3]!.emails = 'linus@example.com';
      }
      if (path.endsWith('/Groups')) {
        (resources[1]!.members as unknown[]).push({ display: 'ghost' }, { value: 'x1', type: 'Robot' });
        resources[2]!.displayName = '';
      }
      return res;
    });
    const out = await drain(c);
    expect(out.quarantined.map((q) => [q.kind, q.reason, q.where])).toEqual([
      ['idp_user', 'active is "maybe", neither true nor false', 'SCIM source "dir" /Users page 1 (startIndex=1) item 2'],
      ['idp_user', 'User has no id', 'SCIM source "dir" /Users page 1 (startIndex=1) item 3'],
      ['idp_user', 'emails is not an array', 'SCIM source "dir" /Users page 1 (startIndex=1) item 4'],
      [
        'idp_group_member',
        `group ${idFor('scim', 'g-eng')}: a member has neither value nor a usable $ref`,
        'SCIM source "dir" /Groups page 1 (startIndex=1) item 2',
      ],
      ['idp_group_member', `group ${idFor('scim', 'g-eng')}: member x1 has unknown type "Robot"`, 'SCIM source "dir" /Groups page 1 (startIndex=1) item 2'],
      ['idp_group', `idp_group ${idFor('scim', 'g-data')}: name: Too small: expected string to have >=1 characters`, 'SCIM source "dir" /Groups page 1 (startIndex=1) item 3'],
    ]);
    expect(out.of('idp_user')).toHaveLength(4);
    // The members of a group whose own record failed are still read: nothing is dropped.
    expect(out.of('idp_group_member').filter((m) => m.value.groupId === idFor('scim', 'g-data'))).toHaveLength(2);
    expect(out.verdict.complete).toBe(true);
  });

  it('keeps the token and a key in the base URL path out of errors, quarantine and records', async () => {
    const key = 'sk_live_Zk3y9abcdef0123';
    const token = 'tok-secret-98765';
    const org = buildTestOrg();
    const s = await startScimSimulator(org, { token, basePath: `/scim/v2/${key}`, faults: [{ kind: 'malformed', match: '/Groups' }] });
    running.push(s);
    expect(s.credentials.baseUrl).toContain(key);
    const c = () => createScimConnector({ sourceId: 'dir', baseUrl: s.credentials.baseUrl, token });
    const error = await readError(c());
    expect(error.message).toContain('/Groups page 1');

    // A quarantined user carries its raw resource, whose meta.location holds the base URL.
    const handler = createScimSimHandler(org, { token, basePath: `/scim/v2/${key}` });
    const rewrite = await startSimServer({
      name: 'rw',
      handler: async (req) => {
        const res = await handler(req);
        if (req.path.endsWith('/Users')) (res.json as ScimBody).Resources[0]!.active = `maybe ${token}` as unknown as boolean;
        return res;
      },
    });
    running.push(rewrite);
    const out = await drain(createScimConnector({ sourceId: 'dir', baseUrl: `${rewrite.origin}/scim/v2/${key}`, token }));
    expect(out.quarantined).toHaveLength(1);

    await s.close();
    const refused = await readError(c());
    expect(refused.message).toMatch(/connection refused/);
    for (const text of [error.message, refused.message, JSON.stringify(out.items)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(token);
    }
    expect(JSON.stringify(out.quarantined[0]!.raw)).toContain('[redacted]');
  });

  it('refuses a base URL with a query string without echoing it', () => {
    expect(() => createScimConnector({ sourceId: 'dir', baseUrl: 'https://x.example.com/scim/v2?key=abcdef123', token: 'tok-123456' })).toThrow(
      'SCIM source "dir": baseUrl must not carry a query string or fragment',
    );
  });
});
