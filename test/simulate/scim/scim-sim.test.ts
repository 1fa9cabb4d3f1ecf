import { afterEach, describe, expect, it } from 'vitest';
import { idFor } from '../../../electron/simulate/org/org-model';
import { startScimSimulator, type RunningScimSim, type ScimSimOptions } from '../../../electron/simulate/scim/scim-sim';
import { buildTestOrg } from './fixtures';
import { call } from './sim-client';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

let sim: RunningScimSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: ScimSimOptions = {}, org = buildTestOrg()) {
  sim = await startScimSimulator(org, { token: 'scim-test-token-123', ...options });
  return { sim, org };
}

describe('SCIM simulator: reads', () => {
  it('pages users under its cap and reports itemsPerPage honestly', async () => {
    const { sim } = await start({ maxCount: 3 });
    const first = await call(sim, 'GET', '/Users?startIndex=1&count=5');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/scim+json');
    expect(first.body).toMatchObject({ schemas: [LIST], totalResults: 7, itemsPerPage: 3, startIndex: 1 });
    expect(first.body.Resources).toHaveLength(3);
    const last = await call(sim, 'GET', '/Users?startIndex=7&count=5');
    expect(last.body).toMatchObject({ totalResults: 7, itemsPerPage: 1, startIndex: 7 });
    expect(last.body.Resources[0]!.userName).toBe('margaret.hamilton@example.com');
    const beyond = await call(sim, 'GET', '/Users?startIndex=50&count=5');
    expect(beyond.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
    const countZero = await call(sim, 'GET', '/Users?count=0');
    expect(countZero.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
  });

  it('renders a person as an RFC 7643 User with the enterprise extension and a weak version', async () => {
    const { sim } = await start();
    const id = idFor('scim', 'p001');
    const res = await call(sim, 'GET', `/Users/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      externalId: 'E001',
      userName: 'ada.lovelace@example.com',
      active: true,
      displayName: 'Ada Lovelace',
      emails: [
        { value: 'ada.lovelace@example.com', type: 'work', primary: true },
        { value: 'ada@old.example.com', type: 'other', primary: false },
      ],
      [ENTERPRISE]: { employeeNumber: 'E001', department: 'Engineering' },
      meta: { resourceType: 'User', location: `${sim.credentials.baseUrl}/Users/${id}` },
    });
    expect(res.body.meta.version).toMatch(/^W\/"[0-9a-f]{16}"$/);
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
    const again = await call(sim, 'GET', `/Users/${id}`, { headers: { 'if-none-match': res.body.meta.version } });
    expect(again.status).toBe(304);
  });

  it('lists DEPROVISIONED people with active false, and hides inactive users when deleteInactive is on', async () => {
    const { sim } = await start();
    const all = await call(sim, 'GET', '/Users?count=100');
    const linus = all.body.Resources.find((u) => u.userName === 'linus.torvalds@example.com')!;
    expect(linus.active).toBe(false);
    expect(all.body.Resources.filter((u) => u.active).map((u) => u.userName)).toHaveLength(4);
    await sim.close();
    const { sim: strict } = await start({ deleteInactive: true });
    const active = await call(strict, 'GET', '/Users?count=100');
    expect(active.body.totalResults).toBe(4);
    expect((await call(strict, 'GET', `/Users/${idFor('scim', 'p004')}`)).status).toBe(404);
    const eng = await call(strict, 'GET', `/Groups/${idFor('scim', 'g-eng')}`);
    expect(eng.body.members.map((m) => m.display)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('renders groups with user and nested-group members', async () => {
    const { sim } = await start();
    const res = await call(sim, 'GET', '/Groups');
    expect(res.body.totalResults).toBe(4);
    const everyone = res.body.Resources.find((g) => g.displayName === 'Everyone')!;
    expect(everyone.members).toEqual([
      expect.objectContaining({ value: idFor('scim', 'p001'), type: 'User', $ref: `${sim.credentials.baseUrl}/Users/${idFor('scim', 'p001')}` }),
      expect.objectContaining({ value: idFor('scim', 'p005'), type: 'User' }),
      expect.objectContaining({ value: idFor('scim', 'p007'), type: 'User' }),
      expect.objectContaining({ value: idFor('scim', 'g-eng'), type: 'Group', display: 'Engineering' }),
    ]);
    const noMembers = await call(sim, 'GET', '/Groups?excludedAttributes=members');
    expect(noMembers.body.Resources.every((g) => !Object.keys(g).includes('members') && g.id && g.displayName)).toBe(true);
  });

  it("leaves members out of lists in 'single' mode and everywhere unless asked in 'when-asked' mode", async () => {
    const { sim } = await start({ groupMembers: 'single' });
    const gid = idFor('scim', 'g-eng');
    const listed = await call(sim, 'GET', '/Groups');
    expect(listed.body.Resources.some((g) => 'members' in g)).toBe(false);
    expect((await call(sim, 'GET', `/Groups/${gid}`)).body.members).toHaveLength(3);
    await sim.close();
    const { sim: asked } = await start({ groupMembers: 'when-asked' });
    expect('members' in (await call(asked, 'GET', `/Groups/${gid}`)).body).toBe(false);
    const withMembers = await call(asked, 'GET', `/Groups/${gid}?attributes=members`);
    expect(Object.keys(withMembers.body).sort()).toEqual(['id', 'members', 'schemas']);
    expect(withMembers.body.members).toHaveLength(3);
  });

  it('filters the way clients in the field ask', async () => {
    const { sim } = await start();
    const names = async (path: string) => {
      const res = await call(sim, 'GET', path);
      expect(res.status).toBe(200);
      return res.body.Resources.map((r) => r.userName ?? r.displayName);
    };
    const q = (f: string) => `?filter=${encodeURIComponent(f)}`;
    expect(await names(`/Users${q('userName eq "ADA.lovelace@example.com"')}`)).toEqual(['ada.lovelace@example.com']);
    expect(await names(`/Users${q('emails[type eq "work"].value eq "grace.hopper@example.com"')}`)).toEqual(['grace.hopper@example.com']);
    expect(await names(`/Users${q('emails[type eq "work"].value eq "ada@old.example.com"')}`)).toEqual([]);
    expect(await names(`/Users${q('emails.value eq "ada@old.example.com"')}`)).toEqual(['ada.lovelace@example.com']);
    expect(await names(`/Users${q('active eq false and (displayName sw "Alan" or displayName sw "Ken")')}`)).toEqual([
      'alan.turing@example.com',
      'ken.thompson@example.com',
    ]);
    expect(await names(`/Users${q(`${ENTERPRISE}:department eq "Data"`)}`)).toEqual(['alan.turing@example.com', 'barbara.liskov@example.com']);
    expect(await names(`/Users${q('not (active eq false) and emails[type eq "other"]')}`)).toEqual(['ada.lovelace@example.com']);
    expect(await names(`/Users${q('name.familyName pr and userName ew "hopper@example.com"')}`)).toEqual(['grace.hopper@example.com']);
    expect(await names(`/Groups${q('displayName eq "Data Platform"')}`)).toEqual(['Data Platform']);
    expect(await names(`/Groups${q(`members[value eq "${idFor('scim', 'g-eng')}"]`)}`)).toEqual(['Everyone']);

    for (const bad of ['emails[type eq "other"] pr', 'userName regex "a"', 'userName eq ada', 'userName eq "x" and', '(userName eq "x"']) {
      const res = await call(sim, 'GET', `/Users${q(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
    }
  });

  it('answers a bad bearer with a SCIM 401 whose status is a string, never echoing the token', async () => {
    const { sim } = await start();
    for (const token of ['wrong-token-xyz', null]) {
      const res = await call(sim, 'GET', '/Users', { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ schemas: [ERROR], status: '401', detail: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(JSON.stringify(res.body)).not.toContain('wrong-token-xyz');
    }
    const missing = await call(sim, 'GET', '/Users/does-not-exist');
    expect(missing.body).toMatchObject({ status: '404', detail: 'Resource does-not-exist not found' });
  });

  it('serves the discovery endpoints', async () => {
    const { sim } = await start({ maxCount: 25 });
    const spc = await call(sim, 'GET', '/ServiceProviderConfig');
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 25 },
      etag: { supported: true },
      bulk: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await call(sim, 'GET', '/ResourceTypes');
    expect(types.body.Resources.map((r) => r.endpoint)).toEqual(['/Users', '/Groups']);
    const schemas = await call(sim, 'GET', '/Schemas');
    expect(schemas.body.Resources.map((r) => r.id)).toContain(ENTERPRISE);
    expect((await call(sim, 'GET', `/Schemas/${ENTERPRISE}`)).body.name).toBe('EnterpriseUser');
  });

  it('injected faults answer in SCIM shape', async () => {
    const { sim } = await start({ faults: [{ kind: 'status', status: 503, match: '/Users' }] });
    const res = await call(sim, 'GET', '/Users');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '503' });
  });
});
