import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOktaConnector } from '../../../electron/collect/connectors/okta/okta-connector';
import { OktaError, oktaHttpError, oktaTokenError, parseOktaErrorBody } from '../../../electron/collect/connectors/okta/okta-errors';
import { nextLink, parseLinkHeader } from '../../../electron/collect/connectors/okta/okta-link';
import { mapOktaAppUser, mapOktaGroup, mapOktaGroupMember, mapOktaLogEvent, mapOktaUser, oktaGroupType } from '../../../electron/collect/connectors/okta/okta-mapping';
import type { HttpResponse } from '../../../electron/collect/http/http-client';
import { eventsOf, makeCtx, recordsOf, runRead } from './helpers';

const FIXTURES = path.join(__dirname, '../../fixtures/okta');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

function response(status: number, text: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, text, headers, url: 'https://acme.okta.com/api/v1/users' };
}

describe('Okta contract: documented objects through the mapping', () => {
  it('maps the documented user object', () => {
    expect(mapOktaUser(fixture('user-active.json'))).toEqual({
      ok: true,
      value: {
        kind: 'idp_user',
        key: '00ub0oNGTSWTBKOLGLNR',
        value: {
          id: '00ub0oNGTSWTBKOLGLNR',
          userName: 'isaac.brock@example.com',
          email: 'isaac.brock@example.com',
          emails: ['isaac.brock@example.com', 'isaac@example.org'],
          displayName: 'Isaac Brock',
          rawStatus: 'ACTIVE',
          lifecycle: 'active',
          employeeId: '187',
          department: 'Engineering',
        },
      },
    });
  });

  it('maps a DEPROVISIONED user with a non-email login, a mixed-case email and a numeric employeeNumber', () => {
    const mapped = mapOktaUser(fixture('user-deprovisioned.json'));
    expect(mapped.ok && mapped.value.value).toEqual({
      id: '00u1dep0rovisioned1d',
      userName: 'jleaver',
      email: 'jane.leaver@example.com',
      emails: ['jane.leaver@example.com'],
      displayName: 'Jane Leaver',
      rawStatus: 'DEPROVISIONED',
      lifecycle: 'deprovisioned',
      employeeId: '4711',
      department: null,
    });
  });

  it.each([
    ['ACTIVE', 'active'],
    ['PASSWORD_EXPIRED', 'active'],
    ['LOCKED_OUT', 'active'],
    ['RECOVERY', 'active'],
    ['STAGED', 'staged'],
    ['PROVISIONED', 'staged'],
    ['SUSPENDED', 'suspended'],
    ['DEPROVISIONED', 'deprovisioned'],
  ])('maps Okta status %s to lifecycle %s, keeping the word verbatim', (status, lifecycle) => {
    const mapped = mapOktaUser({ ...fixture('user-active.json'), status });
    expect(mapped.ok && mapped.value.value).toMatchObject({ rawStatus: status, lifecycle });
  });

  it('refuses (for quarantine) users it cannot vouch for', () => {
    expect(mapOktaUser({ ...fixture('user-active.json'), status: 'TRANSITIONING' })).toEqual({ ok: false, reason: 'user 00ub0oNGTSWTBKOLGLNR has an unknown Okta status "TRANSITIONING"' });
    expect(mapOktaUser({ status: 'ACTIVE' })).toEqual({ ok: false, reason: 'user has no id' });
    expect(mapOktaUser('nope')).toEqual({ ok: false, reason: 'user is not a JSON object' });
  });

  it('maps documented groups of each type', () => {
    const okta = mapOktaGroup(fixture('group-okta.json'));
    expect(okta.ok && okta.value).toEqual({ kind: 'idp_group', key: '00g1emaKYZTWRYYRRTSK', value: { id: '00g1emaKYZTWRYYRRTSK', name: 'West Coast Users', description: 'All Users West of The Rockies' } });
    const app = mapOktaGroup(fixture('group-app.json'));
    expect(app.ok && app.value.value).toEqual({ id: '00garwpuyxHaWOkdV0g4', name: 'Engineering Users', description: 'corp.example.com/Engineering/Engineering Users' });
    expect(oktaGroupType(fixture('group-built-in.json'))).toBe('BUILT_IN');
    expect(mapOktaGroup({ id: '00gX', profile: {} })).toEqual({ ok: false, reason: 'group 00gX has no profile.name' });
  });

  it('maps a group member and the documented app user', () => {
    const member = mapOktaGroupMember('00g1emaKYZTWRYYRRTSK', fixture('user-active.json'));
    expect(member.ok && member.value).toEqual({
      kind: 'idp_group_member',
      key: '00g1emaKYZTWRYYRRTSK:00ub0oNGTSWTBKOLGLNR',
      value: { groupId: '00g1emaKYZTWRYYRRTSK', memberId: '00ub0oNGTSWTBKOLGLNR', memberType: 'user' },
    });
    const assigned = mapOktaAppUser('0oabizCHPNYALCHDUIOD', fixture('app-user.json'));
    expect(assigned.ok && assigned.value).toEqual({
      kind: 'idp_app_assignment',
      key: '0oabizCHPNYALCHDUIOD:00ucw2RPGIUNTDQOYPOF',
      value: { appId: '0oabizCHPNYALCHDUIOD', userId: '00ucw2RPGIUNTDQOYPOF', status: 'ACTIVE' },
    });
  });

  it('maps the documented LogEvent, keeping the detail small and free of network data', () => {
    const mapped = mapOktaLogEvent(fixture('log-event-session-start.json'));
    expect(mapped).toEqual({
      ok: true,
      value: {
        id: 'f790999f-fe87-467a-9880-6982a583986c',
        occurredAt: '2017-10-01T22:23:07.777Z', // the docs' "2017-09-31" read as a time
        type: 'user.session.start',
        actorId: '00u1qw1mqitPHM8AJ0g7',
        actorName: 'John Doe',
        targetIds: [],
        detail: { displayMessage: 'User login to Okta', outcome: 'SUCCESS', actorType: 'User', actorAlternateId: 'admin@example.com', targets: [] },
      },
    });
    const add = mapOktaLogEvent(fixture('log-event-group-add.json'));
    expect(add.ok && add.value).toMatchObject({
      type: 'group.user_membership.add',
      occurredAt: '2024-05-14T16:02:11.114Z',
      targetIds: ['00ub0oNGTSWTBKOLGLNR', '00g1emaKYZTWRYYRRTSK'],
      detail: { targets: [{ type: 'User', alternateId: 'isaac.brock@example.com' }, { type: 'UserGroup', displayName: 'West Coast Users' }] },
    });
    const detail = JSON.stringify(add.ok && add.value.detail);
    for (const leaked of ['198.51.100.7', 'requestApiTokenId', '00T94e3cn9kSEO3c51s5', 'Mozilla']) expect(detail).not.toContain(leaked);
    expect(mapOktaLogEvent({ ...fixture('log-event-group-add.json'), published: 'yesterday' })).toEqual({ ok: false, reason: 'log event 5f98d062-05a9-4ede-89a0-8a2ce27efdd4 has no valid published time' });
  });
});

describe('Okta contract: Link headers and error bodies', () => {
  it('parses documented Link values, joined or separate, in either order', () => {
    const links = fixture('link-headers.json') as Record<string, string>;
    expect(nextLink(links.usersJoined)).toBe('https://{yourOktaDomain}/api/v1/users?after=00ubfjQEMYBLRUWIEDKK&limit=200');
    expect(nextLink(links.usersNextFirst)).toBe('https://{yourOktaDomain}/api/v1/users?after=00ubfjQEMYBLRUWIEDKK');
    expect(nextLink(links.logsSelf)).toBeNull();
    expect(nextLink(`${links.logsSelf}, ${links.logsNext}`)).toContain('after=349996bd-5091-45dc-a39f-d357867a30d7');
    expect(parseLinkHeader(links.usersJoined).get('self')).toEqual(['https://{yourOktaDomain}/api/v1/users?limit=200']);
    expect(nextLink('<https://x.okta.com/api/v1/users?filter=a,b&after=1>;rel=next')).toBe('https://x.okta.com/api/v1/users?filter=a,b&after=1');
    expect(nextLink(undefined)).toBeNull();
  });

  it('reads Okta error bodies and explains them by errorCode', () => {
    expect(parseOktaErrorBody(fixtureText('error-E0000001-until.json'))).toMatchObject({ errorCode: 'E0000001', errorCauses: [expect.stringContaining('until'), expect.stringContaining('until')] });
    expect(parseOktaErrorBody('<html>bad gateway</html>')).toBeNull();

    const e11 = oktaHttpError(response(401, fixtureText('error-E0000011.json')), 'Okta /api/v1/users page 1', 'ssws');
    expect(e11.message).toMatch(/^Okta rejected the API token \(E0000011\)/);
    expect([e11.code, e11.oktaCode, e11.status]).toEqual(['UNAUTHORIZED', 'E0000011', 401]);

    const e06 = oktaHttpError(
      response(403, fixtureText('error-E0000006.json'), { 'www-authenticate': 'Bearer authorization_uri="https://acme.okta.com/oauth2/v1/authorize", realm="IdpRealm", scope="okta.groups.read", error="insufficient_scope"' }),
      'Okta /api/v1/groups page 1',
      'oauth',
    );
    expect(e06.message).toBe('Okta /api/v1/groups page 1: missing permission/scope (E0000006): the service app needs the okta.groups.read scope granted (and requested)');
    expect(e06.code).toBe('FORBIDDEN');
    expect(oktaHttpError(response(403, fixtureText('error-E0000006.json')), 'Okta /api/v1/logs page 1', 'ssws').message).toMatch(/missing permission\/scope \(E0000006\): the administrator who created the API token/);

    expect(oktaHttpError(response(429, fixtureText('error-E0000047.json')), 'Okta /api/v1/users page 2', 'ssws').message).toMatch(/^Okta \/api\/v1\/users page 2: Okta rate limit still exceeded after retries \(E0000047\)/);
    expect(oktaHttpError(response(400, fixtureText('error-E0000001-until.json')), 'Okta /api/v1/logs page 1', 'ssws').message).toMatch(/^Okta \/api\/v1\/logs page 1: HTTP 400 E0000001: Api validation failed: 'until'/);
    expect(oktaHttpError(response(502, '<html>Bad Gateway</html>'), 'Okta /api/v1/users page 4', 'ssws').message).toBe('Okta /api/v1/users page 4: HTTP 502 with a body that is not an Okta error');
  });

  it('names OAuth token endpoint errors', () => {
    const e = oktaTokenError(response(401, fixtureText('oauth-invalid-client.json')), '/oauth2/v1/token');
    expect(e).toBeInstanceOf(OktaError);
    expect(e.message).toMatch(/^Okta OAuth token request \/oauth2\/v1\/token: the client was rejected \(invalid_client\) \(The client_assertion signature is invalid\.\)/);
    expect(oktaTokenError(response(400, JSON.stringify({ error: 'invalid_scope', error_description: 'The following scopes are not allowed: okta.logs.read' })), '/oauth2/v1/token').message).toMatch(/invalid_scope.*okta\.logs\.read/);
  });
});

describe('Okta contract: documented pages replayed through the connector', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  });

  /** A bare server speaking documented Okta pages, sending `self` and `next` as two separate Link headers. */
  async function replayServer(routes: (origin: string) => Record<string, { body: unknown; links?: string[] }>): Promise<string> {
    let origin = '';
    const server = http.createServer((req, res) => {
      const table = routes(origin);
      const url = req.url ?? '';
      // Exact paths, or "prefix*" for requests whose query we do not predict (the log's since).
      const route = table[url] ?? Object.entries(table).find(([k]) => k.endsWith('*') && url.startsWith(k.slice(0, -1)))?.[1];
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errorCode: 'E0000007', errorSummary: `Not found: ${req.url}`, errorLink: 'E0000007', errorId: 'oaeX', errorCauses: [] }));
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (route.links) res.setHeader('link', route.links); // several Link header lines, as Okta sends them
      res.end(JSON.stringify(route.body));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return origin;
  }

  it('follows separate Link headers, reads every documented object, and skips the Everyone group members', async () => {
    const dep = encodeURIComponent('status eq "DEPROVISIONED"');
    const base = await replayServer((o) => ({
      '/api/v1/users?limit=200': { body: [fixture('user-active.json')], links: [`<${o}/api/v1/users?limit=200>; rel="self"`, `<${o}/api/v1/users?after=00ub0oNGTSWTBKOLGLNR&limit=200>; rel="next"`] },
      '/api/v1/users?after=00ub0oNGTSWTBKOLGLNR&limit=200': { body: [{ ...fixture('user-active.json'), id: '00u2second0000000000', status: 'LOCKED_OUT' }], links: [`<${o}/api/v1/users?after=00ub0oNGTSWTBKOLGLNR&limit=200>; rel="self"`] },
      [`/api/v1/users?limit=200&search=${dep}`]: { body: [fixture('user-deprovisioned.json')] },
      '/api/v1/groups?limit=200': { body: [fixture('group-okta.json'), fixture('group-app.json'), fixture('group-built-in.json')] },
      '/api/v1/groups/00g1emaKYZTWRYYRRTSK/users?limit=200': { body: [fixture('user-active.json')] },
      '/api/v1/groups/00garwpuyxHaWOkdV0g4/users?limit=200': { body: [fixture('user-deprovisioned.json')] },
      '/api/v1/apps/0oabizCHPNYALCHDUIOD/users?limit=500': { body: [fixture('app-user.json')] },
      ...logsRoutes(o),
    }));
    const connector = createOktaConnector({ sourceId: 'replay', baseUrl: base, auth: { type: 'ssws', token: '00replay-token-abcdef' }, prefectAppId: '0oabizCHPNYALCHDUIOD' });
    const out = await runRead(connector, makeCtx());
    expect(out.error).toBeNull();
    expect(recordsOf(out.items, 'idp_user').map((u) => u.key)).toEqual(['00ub0oNGTSWTBKOLGLNR', '00u2second0000000000', '00u1dep0rovisioned1d']);
    expect(recordsOf(out.items, 'idp_group')).toHaveLength(3);
    expect(recordsOf(out.items, 'idp_group_member').map((m) => m.key)).toEqual(['00g1emaKYZTWRYYRRTSK:00ub0oNGTSWTBKOLGLNR', '00garwpuyxHaWOkdV0g4:00u1dep0rovisioned1d']);
    expect(recordsOf(out.items, 'idp_app_assignment')).toHaveLength(1);
    expect(eventsOf(out.items).map((e) => e.type)).toEqual(['group.user_membership.add']);
    expect(out.verdict).toMatchObject({ complete: true, records: 3 + 3 + 2 + 1, events: 1 });
    expect(out.verdict!.notes).toEqual([
      'Members of built-in Okta group(s) Everyone were not read (every user is a member).',
      '1 Okta System Log event(s) of other types were ignored.',
    ]);
  });

  it('refuses to follow a next link to another host (the token must never leave the org)', async () => {
    const base = await replayServer(() => ({
      '/api/v1/users?limit=200': { body: [fixture('user-active.json')], links: ['<https://attacker.example/api/v1/users?after=x>; rel="next"'] },
    }));
    const out = await runRead(createOktaConnector({ sourceId: 'replay', baseUrl: base, auth: { type: 'ssws', token: '00replay-token-abcdef' } }), makeCtx());
    expect(out.error!.message).toBe('Okta /api/v1/users page 1: the next link points to attacker.example, not ' + new URL(base).host + '; refusing to follow it');
  });

  it('fails naming the page when a page is a JSON object instead of an array', async () => {
    const base = await replayServer(() => ({ '/api/v1/users?limit=200': { body: fixture('user-active.json') } }));
    const out = await runRead(createOktaConnector({ sourceId: 'replay', baseUrl: base, auth: { type: 'ssws', token: '00replay-token-abcdef' } }), makeCtx());
    expect(out.error!.message).toBe('Okta /api/v1/users page 1: expected a JSON array, got object');
  });
});

/** The System Log as documented: a page of events with a next link, then an empty page that still has one. */
function logsRoutes(origin: string): Record<string, { body: unknown; links?: string[] }> {
  const routes: Record<string, { body: unknown; links?: string[] }> = {};
  const first = `${origin}/api/v1/logs?after=1714000000000_1&sortOrder=ASCENDING&limit=1000`;
  const second = `${origin}/api/v1/logs?after=1714000000001_1&sortOrder=ASCENDING&limit=1000`;
  routes['/api/v1/logs?since=*'] = { body: [fixture('log-event-session-start.json'), fixture('log-event-group-add.json')], links: [`<${first}>; rel="next"`] };
  routes[new URL(first).pathname + new URL(first).search] = { body: [], links: [`<${second}>; rel="next"`] };
  return routes;
}
