import { afterEach, describe, expect, it } from 'vitest';
import { idFor, type OrgModel } from '../../../electron/simulate/org/org-model';
import { startScimSimulator, type RunningScimSim, type ScimSimOptions } from '../../../electron/simulate/scim/scim-sim';
import { buildTestOrg } from './fixtures';
import { call, patchBody } from './sim-client';

let sim: RunningScimSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: ScimSimOptions = {}) {
  const org = buildTestOrg();
  sim = await startScimSimulator(org, { token: 'scim-test-token-123', ...options });
  return { sim, org };
}

const ada = idFor('scim', 'p001');
const grace = idFor('scim', 'p002');
const barbara = idFor('scim', 'p005');
const eng = idFor('scim', 'g-eng');
const data = idFor('scim', 'g-data');
const everyone = idFor('scim', 'g-all');
const person = (org: OrgModel, id: string) => org.people.find((p) => p.personId === id)!;
const membersOf = (org: OrgModel, gid: string) => org.people.filter((p) => p.groupIds.includes(gid)).map((p) => p.personId);

describe('SCIM simulator: PATCH dialects', () => {
  it('okta: deactivates with a path-less replace and removes a member by filter', async () => {
    const { sim, org } = await start({ dialect: 'okta' });
    const before = await call(sim, 'GET', `/Users/${ada}`);
    const v0 = org.version;
    const res = await call(sim, 'PATCH', `/Users/${ada}`, { body: patchBody({ op: 'replace', value: { active: false } }) });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.headers.get('etag')).not.toBe(before.body.meta.version);
    expect(person(org, 'p001').idpStatus).toBe('SUSPENDED');
    expect(org.version).toBe(v0 + 1);

    const removed = await call(sim, 'PATCH', `/Groups/${eng}`, { body: patchBody({ op: 'remove', path: `members[value eq "${grace}"]` }) });
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m) => m.value)).toEqual([ada, idFor('scim', 'p004')]);
    expect(person(org, 'p002').groupIds).toEqual([]);
    // Removing a member who is no longer there is a harmless no-op (clients retry removals).
    const v1 = org.version;
    expect((await call(sim, 'PATCH', `/Groups/${eng}`, { body: patchBody({ op: 'remove', path: `members[value eq "${grace}"]` }) })).status).toBe(200);
    expect(org.version).toBe(v1);
  });

  it('entra: capitalised ops, the string "False", and removal of listed members only', async () => {
    const { sim, org } = await start({ dialect: 'entra' });
    const res = await call(sim, 'PATCH', `/Users/${ada}`, {
      body: patchBody(
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'Ada.King@Example.com' },
        { op: 'Replace', path: 'name.givenName', value: 'Augusta' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Research' },
      ),
    });
    expect(res.status).toBe(200);
    expect(person(org, 'p001')).toMatchObject({ idpStatus: 'SUSPENDED', email: 'ada.king@example.com', givenName: 'Augusta', department: 'Research' });
    expect(res.body.userName).toBe('ada.king@example.com');

    const removed = await call(sim, 'PATCH', `/Groups/${everyone}`, {
      body: patchBody({ op: 'Remove', path: 'members', value: [{ value: barbara }, { value: eng }] }),
    });
    expect(removed.status).toBe(200);
    expect(membersOf(org, 'g-all')).toEqual(['p001', 'p007']);
    expect(org.groups.find((g) => g.groupId === 'g-all')!.nestedGroupIds).toEqual([]);
  });

  it('rfc: strict op names and booleans; remove of members without a filter removes them all', async () => {
    const { sim, org } = await start({ dialect: 'rfc' });
    const capital = await call(sim, 'PATCH', `/Users/${ada}`, { body: patchBody({ op: 'Replace', path: 'active', value: false }) });
    expect(capital.status).toBe(400);
    expect(capital.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect(capital.body.detail).toContain('lower-case');
    const stringBool = await call(sim, 'PATCH', `/Users/${ada}`, { body: patchBody({ op: 'replace', path: 'active', value: 'False' }) });
    expect(stringBool.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(person(org, 'p001').idpStatus).toBe('ACTIVE');

    const all = await call(sim, 'PATCH', `/Groups/${data}`, { body: patchBody({ op: 'remove', path: 'members', value: [{ value: barbara }] }) });
    expect(all.status).toBe(200);
    expect(membersOf(org, 'g-data')).toEqual([]); // RFC 7644 §3.5.2.2: no filter means every value goes
  });

  it('remove without a path is 400 noTarget in every dialect', async () => {
    for (const dialect of ['rfc', 'okta', 'entra'] as const) {
      const { sim } = await start({ dialect });
      const res = await call(sim, 'PATCH', `/Groups/${eng}`, { body: patchBody({ op: 'remove', value: [{ value: ada }] }) });
      expect(res.status, dialect).toBe(400);
      expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'noTarget' });
      await sim.close();
    }
  });

  it('If-Match: a stale version is 412 and changes nothing; the current one or * goes through', async () => {
    const { sim, org } = await start();
    const current = (await call(sim, 'GET', `/Users/${ada}`)).body.meta.version as string;
    const stale = await call(sim, 'PATCH', `/Users/${ada}`, {
      headers: { 'if-match': 'W/"0000000000000000"' },
      body: patchBody({ op: 'replace', path: 'active', value: false }),
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ status: '412' });
    expect(person(org, 'p001').idpStatus).toBe('ACTIVE');
    const ok = await call(sim, 'PATCH', `/Users/${ada}`, { headers: { 'if-match': current }, body: patchBody({ op: 'replace', path: 'active', value: false }) });
    expect(ok.status).toBe(200);
    const again = await call(sim, 'PATCH', `/Users/${ada}`, { headers: { 'if-match': current }, body: patchBody({ op: 'replace', path: 'active', value: true }) });
    expect(again.status).toBe(412);
    const star = await call(sim, 'PATCH', `/Users/${ada}`, { headers: { 'if-match': '*' }, body: patchBody({ op: 'replace', path: 'active', value: true }) });
    expect(star.status).toBe(200);
    expect(person(org, 'p001').idpStatus).toBe('ACTIVE');
  });

  it('adds users and nested groups, refusing unknown ids and cycles', async () => {
    const { sim, org } = await start();
    const add = await call(sim, 'PATCH', `/Groups/${data}`, { body: patchBody({ op: 'add', path: 'members', value: [{ value: grace }, { value: eng }] }) });
    expect(add.status).toBe(200);
    expect(membersOf(org, 'g-data')).toEqual(['p002', 'p003', 'p005']);
    expect(org.groups.find((g) => g.groupId === 'g-data')!.nestedGroupIds).toEqual(['g-eng']);
    const unknown = await call(sim, 'PATCH', `/Groups/${data}`, { body: patchBody({ op: 'add', path: 'members', value: [{ value: 'nope' }] }) });
    expect(unknown.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    const cycle = await call(sim, 'PATCH', `/Groups/${eng}`, { body: patchBody({ op: 'add', path: 'members', value: [{ value: everyone }] }) });
    expect(cycle.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(cycle.body.detail).toContain('cycle');
    const rename = await call(sim, 'PATCH', `/Groups/${data}`, { body: patchBody({ op: 'replace', value: { displayName: 'Data & ML' } }) });
    expect(rename.body.displayName).toBe('Data & ML');
  });

  it('applies a PATCH all or nothing', async () => {
    const { sim, org } = await start();
    const v0 = org.version;
    const res = await call(sim, 'PATCH', `/Users/${ada}`, {
      body: patchBody({ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'nickName', value: 'Countess' }),
    });
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidPath' });
    expect(person(org, 'p001').idpStatus).toBe('ACTIVE');
    expect(org.version).toBe(v0);
    expect((await call(sim, 'PATCH', `/Users/${ada}`, { body: patchBody({ op: 'replace', path: 'id', value: 'x' }) })).body.scimType).toBe('mutability');
    expect((await call(sim, 'PATCH', `/Users/${ada}`, { body: { Operations: [] } })).body.scimType).toBe('invalidSyntax');
  });

  it('PUT replaces a user; DELETE deprovisions and removes them from the server', async () => {
    const { sim, org } = await start({ dialect: 'okta' });
    const current = (await call(sim, 'GET', `/Users/${grace}`)).body;
    const put = await call(sim, 'PUT', `/Users/${grace}`, {
      body: { ...current, userName: 'grace.m.hopper@example.com', name: { givenName: 'Grace', familyName: 'Murray Hopper' }, active: false, emails: undefined },
    });
    expect(put.status).toBe(200);
    expect(person(org, 'p002')).toMatchObject({ email: 'grace.m.hopper@example.com', familyName: 'Murray Hopper', idpStatus: 'SUSPENDED' });
    expect((await call(sim, 'PUT', `/Users/${grace}`, { body: { ...current, id: 'other' } })).body.scimType).toBe('mutability');

    const del = await call(sim, 'DELETE', `/Users/${ada}`);
    expect(del.status).toBe(204);
    expect(person(org, 'p001')).toMatchObject({ idpStatus: 'DEPROVISIONED', groupIds: [] });
    expect((await call(sim, 'GET', `/Users/${ada}`)).status).toBe(404);
    const list = await call(sim, 'GET', '/Users');
    expect(list.body.totalResults).toBe(6);
    expect((await call(sim, 'GET', `/Groups/${everyone}`)).body.members.map((m) => m.value)).not.toContain(ada);
  });
});
