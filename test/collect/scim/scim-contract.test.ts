import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createScimConnector } from '../../../electron/collect/connectors/scim/scim-connector';
import { scimFailure } from '../../../electron/collect/connectors/scim/scim-errors';
import { mapMembers, mapScimGroup, mapScimUser } from '../../../electron/collect/connectors/scim/scim-mapping';
import { parseListPage } from '../../../electron/collect/connectors/scim/scim-page';
import { readServiceProviderConfig, summarizeFeatures } from '../../../electron/collect/connectors/scim/scim-service-config';
import { startSimServer, type RunningSim } from '../../../electron/simulate/sim-server';
import type { ScimBody } from '../../simulate/scim/sim-client';
import { drain } from './drain';

/** Replays the RFC 7643/7644 examples (test/fixtures/scim) through the connector's parsing and mapping. */
const fixture = (name: string): ScimBody => JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/scim', name), 'utf8')) as ScimBody;
const BABS = '2819c223-7f76-453a-919d-413861904646';
const MANDY = '902c246b-6245-4190-8e05-00816be7344a';
const GUIDES = 'e9e30dba-f08f-4109-8486-d5c6a331660a';
const res = (status: number, text: string) => ({ status, headers: {}, text, url: 'https://example.com/v2/Users' });

let server: RunningSim | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('SCIM contract: RFC 7643/7644 examples', () => {
  it('maps the §8.3 enterprise user', () => {
    const mapped = mapScimUser(fixture('rfc7643-8.3-enterprise-user.json'));
    expect(mapped.activeAbsent).toBe(false);
    expect(mapped.result).toEqual({
      ok: true,
      record: {
        kind: 'idp_user',
        key: BABS,
        value: {
          id: BABS,
          userName: 'bjensen@example.com',
          email: 'bjensen@example.com',
          emails: ['bjensen@example.com', 'babs@jensen.org'],
          displayName: 'Babs Jensen',
          rawStatus: 'active=true',
          lifecycle: 'active',
          employeeId: '701984',
          department: 'Tour Operations',
        },
      },
    });
  });

  it('maps the §8.1 minimal user: no active attribute counts as active, userName supplies the email', () => {
    const mapped = mapScimUser(fixture('rfc7643-8.1-user-minimal.json'));
    expect(mapped.activeAbsent).toBe(true);
    expect(mapped.result.ok && mapped.result.record.value).toEqual({
      id: BABS,
      userName: 'bjensen@example.com',
      email: 'bjensen@example.com',
      emails: ['bjensen@example.com'],
      displayName: null,
      rawStatus: 'active=absent',
      lifecycle: 'active',
      employeeId: null,
      department: null,
    });
  });

  it('maps the §8.4 group; members without type are users, and $ref-only members resolve too', () => {
    const group = fixture('rfc7643-8.4-group.json');
    const mapped = mapScimGroup(group);
    expect(mapped.group).toEqual({ ok: true, record: { kind: 'idp_group', key: GUIDES, value: { id: GUIDES, name: 'Tour Guides', description: null } } });
    expect(mapped.membersPresent).toBe(true);
    expect(mapped.members.map((m) => m.ok && m.record)).toEqual([
      { kind: 'idp_group_member', key: `${GUIDES}:${BABS}`, value: { groupId: GUIDES, memberId: BABS, memberType: 'user' } },
      { kind: 'idp_group_member', key: `${GUIDES}:${MANDY}`, value: { groupId: GUIDES, memberId: MANDY, memberType: 'user' } },
    ]);
    const refOnly = mapMembers(GUIDES, [
      { $ref: group.members[0]!.$ref },
      { $ref: `https://example.com/v2/Groups/${GUIDES.replace('e9', 'f0')}` },
      { $ref: `../Users/${MANDY}`, type: 'User' },
    ]);
    expect(refOnly.map((m) => m.ok && [m.record.value.memberId, m.record.value.memberType])).toEqual([
      [BABS, 'user'],
      [GUIDES.replace('e9', 'f0'), 'group'],
      [MANDY, 'user'],
    ]);
    const { members: _m, ...withoutMembers } = group;
    expect(mapScimGroup(withoutMembers).membersPresent).toBe(false);
    expect(mapScimGroup({ ...group, members: [] })).toMatchObject({ membersPresent: true, members: [] });
  });

  it('accepts the §3.4.2 list (no itemsPerPage or startIndex) and the §3.4.2.4 paged header', () => {
    const filtered = parseListPage(JSON.stringify(fixture('rfc7644-3.4.2-list-filtered.json')), 'p', 1);
    expect(filtered).toMatchObject({ totalResults: 2, itemsPerPage: null, startIndex: null });
    const users = filtered.resources.map((r) => mapScimUser(r).result);
    expect(users.map((u) => u.ok && [u.record.value.userName, u.record.value.email, u.record.value.emails])).toEqual([
      ['bjensen', null, []],
      ['jsmith', null, []],
    ]);
    const paged = parseListPage(JSON.stringify(fixture('rfc7644-3.4.2.4-list-paged.json')), 'p', 1);
    expect(paged).toMatchObject({ totalResults: 100, itemsPerPage: 10, startIndex: 1 });
    expect(() => parseListPage(JSON.stringify(fixture('rfc7644-3.4.2.4-list-paged.json')), 'SCIM /Users page 2 (startIndex=11)', 11)).toThrow(
      'SCIM /Users page 2 (startIndex=11): the server answered startIndex=1 to a request for startIndex=11, so paging cannot be trusted',
    );
  });

  it('reads the §3.12 error bodies, whose status is a string', () => {
    const notFound = scimFailure(res(404, JSON.stringify(fixture('rfc7644-3.12-error-404.json'))), 'SCIM /Users/2819c223');
    expect(notFound.message).toBe(
      `SCIM /Users/2819c223: HTTP 404: not found: check that the base URL ends at the SCIM root (for example .../scim/v2); server says: "Resource ${BABS} not found"`,
    );
    expect(notFound.status).toBe(404);
    const mutability = scimFailure(res(400, JSON.stringify(fixture('rfc7644-3.12-error-mutability.json'))), 'SCIM PATCH /Users/x');
    expect(mutability.scimType).toBe('mutability');
    expect(mutability.message).toBe(`SCIM PATCH /Users/x: HTTP 400 (scimType mutability): the server refused the request as invalid; server says: "Attribute 'id' is readOnly"`);
    expect(scimFailure(res(502, '<html>bad gateway</html>'), 'SCIM /Users').message).toBe('SCIM /Users: HTTP 502: the SCIM server failed; body starts: "<html>bad gateway</html>"');
  });

  it('summarises the §8.5 ServiceProviderConfig', () => {
    expect(summarizeFeatures(readServiceProviderConfig(fixture('rfc7643-8.5-service-provider-config.json')))).toBe(
      'ServiceProviderConfig: filter yes (maxResults 200), patch yes, etag yes, sort yes, bulk yes; auth oauthbearertoken, httpbasic',
    );
    expect(summarizeFeatures(readServiceProviderConfig({}))).toBe(
      'ServiceProviderConfig: filter unstated, patch unstated, etag unstated, sort unstated, bulk unstated',
    );
  });

  it('replays the examples end to end through the connector over a socket', async () => {
    const jsmith = fixture('rfc7644-3.4.2-list-filtered.json').Resources[1];
    const list = (resources: unknown[]) => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: resources.length,
      itemsPerPage: resources.length,
      startIndex: 1,
      Resources: resources,
    });
    server = await startSimServer({
      name: 'rfc-replay',
      handler: (req) => {
        if (req.headers.authorization !== 'Bearer rfc-example-token') return { status: 401, json: fixture('rfc7644-3.12-error-404.json') };
        if (req.path === '/v2/ServiceProviderConfig') return { status: 200, json: fixture('rfc7643-8.5-service-provider-config.json') };
        if (req.path === '/v2/Users') return { status: 200, json: list([fixture('rfc7643-8.3-enterprise-user.json'), jsmith]) };
        if (req.path === '/v2/Groups') return { status: 200, json: list([fixture('rfc7643-8.4-group.json')]) };
        return { status: 404, json: fixture('rfc7644-3.12-error-404.json') };
      },
    });
    const out = await drain(createScimConnector({ sourceId: 'rfc', baseUrl: `${server.origin}/v2/`, token: 'rfc-example-token' }));
    expect(out.verdict.complete).toBe(true);
    expect(out.records.map((r) => `${r.kind} ${r.key}`)).toEqual([
      `idp_user ${BABS}`,
      'idp_user c75ad752-64ae-4823-840d-ffa80929976c',
      `idp_group ${GUIDES}`,
      `idp_group_member ${GUIDES}:${BABS}`,
      `idp_group_member ${GUIDES}:${MANDY}`,
    ]);
    expect(out.verdict.notes).toEqual([
      'ServiceProviderConfig: filter yes (maxResults 200), patch yes, etag yes, sort yes, bulk yes; auth oauthbearertoken, httpbasic',
      '1 user(s) had no "active" attribute; counted as active',
    ]);
    expect(server.requests).toEqual(['GET /v2/ServiceProviderConfig', 'GET /v2/Users?startIndex=1&count=100', 'GET /v2/Groups?startIndex=1&count=100']);
  });
});
