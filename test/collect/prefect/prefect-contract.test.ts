import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrefectConnector } from '../../../electron/collect/connectors/prefect/prefect-connector';
import { mapAuditEvent, pageToken } from '../../../electron/collect/connectors/prefect/prefect-events';
import { errorDetail, normalizePrefectApiUrl } from '../../../electron/collect/connectors/prefect/prefect-http';
import { startSimServer, type RunningSim, type SimRequest, type SimResponse } from '../../../electron/simulate/sim-server';
import { recordsOf, runRead, testHttp } from './helpers';

/**
 * Replays documented example responses (test/fixtures/prefect, see its README for sources)
 * through the connector over a real socket, so the parsing is checked against Prefect's
 * shapes rather than against our own simulator's.
 */
const FIXTURES = path.join(__dirname, '../../fixtures/prefect');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

const ACCOUNT = '2f6c9a5e-8b1d-4c3e-9f0a-1b2c3d4e5f60';
const WORKSPACE = 'e1a2b3c4-1111-4222-8333-444455556666';
const KEY = 'pnu_contractTestKey000000000000000000';
const NOW = '2025-03-01T12:00:00.000Z';

const servers: RunningSim[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

interface ReplayOptions {
  keysFixture?: string;
  teamsWithMembers?: boolean;
}

async function replay(options: ReplayOptions = {}) {
  const seen: string[] = [];
  const first = (req: SimRequest, body: unknown): SimResponse => ({ status: 200, json: (req.body as { offset?: number } | undefined)?.offset ? [] : body });
  const teamsInline = () => {
    const teams = fixture('teams.json') as Record<string, unknown>[];
    return teams.map((t, i) => ({ ...t, memberships: (fixture(i === 0 ? 'team-data-engineering.json' : 'team-contractors.json') as { memberships: unknown[] }).memberships }));
  };
  const routes: [string, RegExp, (req: SimRequest) => SimResponse][] = [
    ['GET', /^$/, () => ({ status: 200, json: fixture('account.json') })],
    ['POST', /^\/account_roles\/filter$/, (r) => first(r, fixture('account-roles.json'))],
    ['POST', /^\/workspace_roles\/filter$/, (r) => first(r, fixture('workspace-roles.json'))],
    ['POST', /^\/workspaces\/filter$/, (r) => first(r, fixture('workspaces.json'))],
    ['POST', /^\/account_memberships\/count$/, () => ({ status: 200, json: 3 })],
    ['POST', /^\/account_memberships\/filter$/, (r) => first(r, fixture('account-memberships.json'))],
    ['POST', new RegExp(`^/workspaces/${WORKSPACE}/user_access/filter$`), (r) => first(r, fixture('user-access.json'))],
    ['POST', new RegExp(`^/workspaces/${WORKSPACE}/bot_access/filter$`), (r) => first(r, fixture('bot-access.json'))],
    ['POST', new RegExp(`^/workspaces/${WORKSPACE}/team_access/filter$`), (r) => first(r, fixture('team-access.json'))],
    ['POST', /^\/teams\/filter$/, (r) => first(r, options.teamsWithMembers ? teamsInline() : fixture('teams.json'))],
    ['GET', /^\/teams\/te000000-0000-4000-8000-000000000001$/, () => ({ status: 200, json: fixture('team-data-engineering.json') })],
    ['GET', /^\/teams\/te000000-0000-4000-8000-000000000002$/, () => ({ status: 200, json: fixture('team-contractors.json') })],
    ['POST', /^\/bots\/filter$/, (r) => first(r, fixture('bots.json'))],
    ['GET', /^\/bots\/bb000000-0000-4000-8000-0000000000b1\/read_bot_api_keys$/, () => ({ status: 200, json: fixture(options.keysFixture ?? 'read-bot-api-keys.json') })],
    ['POST', /^\/events\/filter$/, () => ({ status: 200, json: fixture('events-page-1.json') })],
    ['GET', /^\/events\/filter\/next$/, (r) => (r.query.get('page-token') === 'ZXhhbXBsZS10b2tlbi0x' ? { status: 200, json: fixture('events-page-2.json') } : { status: 403, json: { detail: 'Invalid page token' } })],
  ];
  const server = await startSimServer({
    name: 'prefect-replay',
    handler: (req) => {
      seen.push(`${req.method} ${req.path}${req.url.search}`);
      if (req.headers.authorization !== `Bearer ${KEY}`) return { status: 401, json: { detail: 'Invalid authentication credentials' } };
      const prefix = `/api/accounts/${ACCOUNT}`;
      if (!req.path.startsWith(prefix)) return { status: 404, json: { detail: 'Not Found' } };
      const rest = req.path.slice(prefix.length).replace(/\/$/, '');
      const route = routes.find(([m, re]) => m === req.method && re.test(rest));
      return route ? route[2](req) : { status: 404, json: { detail: 'Not Found' } };
    },
  });
  servers.push(server);
  return { server, seen };
}

function connectorFor(apiUrl: string) {
  return createPrefectConnector({ sourceId: 'contract', apiUrl, accountId: ACCOUNT, apiKey: KEY, auditLookbackDays: 3 });
}

describe('Prefect contract: documented responses through the connector', () => {
  it('maps every documented shape into the expected records and events', async () => {
    const { server, seen } = await replay();
    const out = await runRead(connectorFor(`${server.origin}/api`), testHttp().http, { now: NOW });
    expect(out.items.filter((i) => i.type === 'quarantine')).toEqual([]);
    expect(out.verdict).toMatchObject({ complete: true, mode: 'full', events: 2, notes: [] });

    expect(recordsOf(out.records, 'prefect_account_role').map((r) => r.value)).toEqual([
      { id: '0a1b2c3d-0000-4000-8000-000000000001', name: 'Owner', permissions: ['administrate:account', 'read:account_memberships', 'write:account_memberships', 'read:audit_logs'], isSystemRole: true },
      { id: '0a1b2c3d-0000-4000-8000-000000000004', name: 'Member', permissions: ['read:workspaces'], isSystemRole: true },
      { id: '5d9e1f20-aaaa-4bbb-8ccc-000000000010', name: 'Auditor', permissions: ['read:account_memberships', 'read:audit_logs'], isSystemRole: false },
    ]);
    expect(recordsOf(out.records, 'prefect_workspace_role').map((r) => [r.value.name, r.value.builtIn, r.value.inheritedRoleId])).toEqual([
      ['Developer', true, null],
      ['Data Steward', false, '7c000000-0000-4000-8000-00000000000a'],
    ]);
    expect(recordsOf(out.records, 'prefect_workspace').map((r) => r.value)).toEqual([
      { id: WORKSPACE, name: 'Production', handle: 'production', defaultWorkspaceRoleId: '7c000000-0000-4000-8000-00000000000a', isPublic: false },
    ]);
    expect(recordsOf(out.records, 'prefect_member').map((r) => r.value)).toEqual([
      { id: 'a0000000-0000-4000-8000-000000000101', actorId: 'ac000000-0000-4000-8000-000000000101', userId: 'u0000000-0000-4000-8000-000000000101', email: 'ada.lovelace@acme.example', handle: 'ada', firstName: 'Ada', lastName: 'Lovelace', accountRoleId: '0a1b2c3d-0000-4000-8000-000000000001', accountRoleName: 'Owner', active: true },
      // No `active` field (the Terraform provider's shape): read as active.
      { id: 'a0000000-0000-4000-8000-000000000102', actorId: 'ac000000-0000-4000-8000-000000000102', userId: 'u0000000-0000-4000-8000-000000000102', email: 'grace@acme.example', handle: 'grace', firstName: 'Grace', lastName: 'Hopper', accountRoleId: '0a1b2c3d-0000-4000-8000-000000000004', accountRoleName: 'Member', active: true },
      { id: 'a0000000-0000-4000-8000-000000000103', actorId: 'b0000000-0000-4000-8000-0000000000b1', userId: null, email: null, handle: 'etl-runner', firstName: null, lastName: null, accountRoleId: '0a1b2c3d-0000-4000-8000-000000000004', accountRoleName: 'Member', active: false },
    ]);
    expect(recordsOf(out.records, 'prefect_last_login').map((r) => [r.key, r.value.lastLogin])).toEqual([
      ['a0000000-0000-4000-8000-000000000101', '2025-02-27T16:03:11.512000+00:00'],
      ['a0000000-0000-4000-8000-000000000102', null],
      ['a0000000-0000-4000-8000-000000000103', null],
    ]);
    expect(recordsOf(out.records, 'prefect_workspace_access').map((r) => [r.key, r.value])).toEqual([
      [`${WORKSPACE}:user:ac000000-0000-4000-8000-000000000102`, { id: 'ua000000-0000-4000-8000-000000000001', workspaceId: WORKSPACE, workspaceRoleId: '7c000000-0000-4000-8000-00000000000a', actorType: 'user', actorId: 'ac000000-0000-4000-8000-000000000102', userId: 'u0000000-0000-4000-8000-000000000102', email: 'grace@acme.example', name: 'grace' }],
      [`${WORKSPACE}:bot:bb000000-0000-4000-8000-0000000000b1`, { id: 'ba000000-0000-4000-8000-000000000001', workspaceId: WORKSPACE, workspaceRoleId: '7c000000-0000-4000-8000-00000000000a', actorType: 'bot', actorId: 'bb000000-0000-4000-8000-0000000000b1', userId: null, email: null, name: 'etl-runner' }],
      [`${WORKSPACE}:team:te000000-0000-4000-8000-000000000001`, { id: 'ta000000-0000-4000-8000-000000000001', workspaceId: WORKSPACE, workspaceRoleId: '7c000000-0000-4000-8000-0000000000ff', actorType: 'team', actorId: 'te000000-0000-4000-8000-000000000001', userId: null, email: null, name: 'data-engineering' }],
    ]);
    expect(recordsOf(out.records, 'prefect_team').map((r) => r.value)).toEqual([
      { id: 'te000000-0000-4000-8000-000000000001', name: 'data-engineering', description: 'Synced from Okta', directoryGroupId: 'directory_group_01HABC' },
      { id: 'te000000-0000-4000-8000-000000000002', name: 'contractors', description: null, directoryGroupId: null },
    ]);
    expect(recordsOf(out.records, 'prefect_team_member').map((r) => [r.key, r.value])).toEqual([
      ['te000000-0000-4000-8000-000000000001:ac000000-0000-4000-8000-000000000102', { teamId: 'te000000-0000-4000-8000-000000000001', memberId: 'ac000000-0000-4000-8000-000000000102', memberType: 'user', email: 'grace@acme.example', handle: 'grace' }],
      ['te000000-0000-4000-8000-000000000001:b0000000-0000-4000-8000-0000000000b1', { teamId: 'te000000-0000-4000-8000-000000000001', memberId: 'b0000000-0000-4000-8000-0000000000b1', memberType: 'bot', email: null, handle: null }],
    ]);
    expect(recordsOf(out.records, 'prefect_service_account').map((r) => r.value)).toEqual([
      { id: 'bb000000-0000-4000-8000-0000000000b1', actorId: 'b0000000-0000-4000-8000-0000000000b1', name: 'etl-runner', accountRoleName: 'Member' },
    ]);
    expect(recordsOf(out.records, 'prefect_api_key').map((r) => r.value)).toEqual([
      { id: 'k0000000-0000-4000-8000-000000000001', serviceAccountId: 'bb000000-0000-4000-8000-0000000000b1', name: 'etl-runner-key', created: '2025-01-15T00:00:00+00:00', expiration: null },
      { id: 'k0000000-0000-4000-8000-000000000000', serviceAccountId: 'bb000000-0000-4000-8000-0000000000b1', name: 'etl-runner-key-old', created: '2024-02-01T09:00:00+00:00', expiration: '2025-03-02T00:00:00+00:00' },
    ]);
    expect(JSON.stringify(out)).not.toMatch(/masked_key|\*\*\*\*/);

    const events = out.items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
    expect(events).toEqual([
      {
        id: 'ev000000-0000-4000-8000-000000000001',
        // Canonical UTC milliseconds (sorts as text with Okta's and Entra's times); Prefect's own text kept in detail.
        occurredAt: '2025-02-28T10:15:00.000Z',
        type: 'prefect-cloud.account-membership.deleted',
        actorId: '5c83c6e4-3a6b-42db-93b1-b81d2773a0ec',
        actorName: 'Peter Francis Geraci',
        targetIds: ['prefect-cloud.account-membership.a0000000-0000-4000-8000-000000000109', 'prefect-cloud.user.u0000000-0000-4000-8000-000000000109'],
        detail: {
          resourceId: 'prefect-cloud.account-membership.a0000000-0000-4000-8000-000000000109',
          resourceName: 'former@acme.example',
          related: [{ id: 'prefect-cloud.user.u0000000-0000-4000-8000-000000000109', role: 'user', name: null }],
          occurred: '2025-02-28T10:15:00.000000+00:00',
        },
      },
      {
        id: 'ev000000-0000-4000-8000-000000000002',
        occurredAt: '2025-02-27T08:00:00.000Z',
        type: 'prefect-cloud.api-key.rotated',
        actorId: 'b0000000-0000-4000-8000-0000000000b1',
        actorName: 'etl-runner',
        targetIds: ['prefect-cloud.api-key.k0000000-0000-4000-8000-000000000001', 'prefect-cloud.service-account.bb000000-0000-4000-8000-0000000000b1'],
        detail: {
          resourceId: 'prefect-cloud.api-key.k0000000-0000-4000-8000-000000000001',
          resourceName: null,
          related: [{ id: 'prefect-cloud.service-account.bb000000-0000-4000-8000-0000000000b1', role: 'service-account', name: 'etl-runner' }],
          occurred: '2025-02-27T08:00:00.000000+00:00',
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('not kept'); // payloads are not stored
    // The http:// next_page on another host was not followed: only its token was.
    expect(seen).toContain(`GET /api/accounts/${ACCOUNT}/events/filter/next?page-token=ZXhhbXBsZS10b2tlbi0x`);
    expect(seen.filter((r) => r.startsWith('GET /api/accounts/') && r.includes('/teams/'))).toHaveLength(2);
  });

  it('uses team members carried by the list and skips the per-team GET', async () => {
    const { server, seen } = await replay({ teamsWithMembers: true });
    const out = await runRead(connectorFor(`${server.origin}/api`), testHttp().http, { now: NOW });
    expect(recordsOf(out.records, 'prefect_team_member')).toHaveLength(2);
    expect(seen.some((r) => /GET .*\/teams\/te/.test(r))).toBe(false);
  });

  it('never copies a key value, even when the response carries one', async () => {
    const { server } = await replay({ keysFixture: 'read-bot-api-keys-with-value.json' });
    const out = await runRead(connectorFor(`${server.origin}/api`), testHttp().http, { now: NOW });
    expect(recordsOf(out.records, 'prefect_api_key')).toHaveLength(1);
    expect(JSON.stringify(out)).not.toContain('ExampleKeyValueThatMustNeverBeStored');
  });

  it('accepts the API URL as a bare origin, with a trailing slash, or as a workspace URL', async () => {
    const { server } = await replay();
    for (const apiUrl of [server.origin, `${server.origin}/api/`, `${server.origin}/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`]) {
      const out = await runRead(connectorFor(apiUrl), testHttp().http, { now: NOW });
      expect(recordsOf(out.records, 'prefect_member')).toHaveLength(3);
    }
  });
});

describe('Prefect contract: pieces', () => {
  it('normalizes API URLs the way Prefect clients do', () => {
    expect(normalizePrefectApiUrl('https://api.prefect.cloud')).toBe('https://api.prefect.cloud/api');
    expect(normalizePrefectApiUrl('https://api.prefect.cloud/api')).toBe('https://api.prefect.cloud/api');
    expect(normalizePrefectApiUrl(`https://api.prefect.cloud/api/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`)).toBe('https://api.prefect.cloud/api');
    expect(() => normalizePrefectApiUrl('api.prefect.cloud')).toThrow(/is not a URL/);
  });

  it('reads the token out of next_page in its documented forms', () => {
    expect(pageToken('http://test/api/events/filter/next?page-token=token1')).toBe('token1');
    expect(pageToken('/api/accounts/x/events/filter/next?page-token=abc%3D')).toBe('abc=');
    expect(pageToken('http://test/api/events/filter/next')).toBeNull();
  });

  it("renders FastAPI's validation error detail", () => {
    expect(errorDetail(JSON.stringify(fixture('validation-error.json')))).toBe('body.limit: Input should be less than or equal to 200');
    expect(errorDetail('{"detail":"Invalid authentication credentials"}')).toBe('Invalid authentication credentials');
  });

  it('quarantines an event without the documented fields', () => {
    const bad = mapAuditEvent({ id: 'x', event: 'prefect-cloud.user.logged-in' });
    expect(bad).toEqual({ ok: false, reason: 'occurred: Invalid input: expected string, received undefined' });
    // A time without a zone would be read as this machine's local time: refused, not guessed.
    const zoneless = mapAuditEvent({ id: 'x', event: 'prefect-cloud.user.logged-in', occurred: '2025-02-28T10:15:00', resource: { 'prefect.resource.id': 'r' } });
    expect(zoneless).toEqual({ ok: false, reason: 'occurred: "2025-02-28T10:15:00" is not an ISO 8601 time with a zone' });
    const offset = mapAuditEvent({ id: 'x', event: 'prefect-cloud.user.logged-in', occurred: '2025-02-28T12:15:00.5+02:00', resource: { 'prefect.resource.id': 'r' } });
    expect(offset.ok && offset.event.occurredAt).toBe('2025-02-28T10:15:00.500Z');
  });
});
