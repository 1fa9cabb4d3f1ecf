import { X509Certificate, constants, createHash, createPrivateKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceItem } from '../../../electron/collect/connector';
import { describeGraphFailure, describeTokenFailure, isResyncSignal, parseGraphError } from '../../../electron/collect/connectors/entra/entra-errors';
import { buildClientAssertion, parseThumbprint } from '../../../electron/collect/connectors/entra/entra-token';
import { parseGraphPage } from '../../../electron/collect/connectors/entra/entra-graph';
import { createMappingStats, mapGroupEntry, mapUserEntry, type ReadMode } from '../../../electron/collect/connectors/entra/entra-mapping';
import { startSimServer } from '../../../electron/simulate/sim-server';
import { makeTestCertificate } from '../../simulate/entra/test-certificate';
import { connectorFor, harness, records, removals, runRead } from './helpers';

/**
 * Microsoft's documented Graph responses (test/fixtures/entra) replayed through the
 * connector's own parsing and mapping: the connector must read what Graph really sends, not
 * only what our simulator sends.
 */
function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/entra/${name}`, import.meta.url)), 'utf8')) as T;
}

function mapPage(name: string, resource: 'users' | 'groups', mode: ReadMode) {
  const page = parseGraphPage(JSON.stringify(fixture(name)), `/v1.0/${resource}/delta page 1`);
  const stats = createMappingStats();
  const items: SourceItem[] = page.value.flatMap((entry, i) =>
    resource === 'users' ? mapUserEntry(entry, mode, `page 1 item ${i + 1}`, stats) : mapGroupEntry(entry, mode, `page 1 item ${i + 1}`, stats).items,
  );
  return { page, items, stats };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('Graph contract: users', () => {
  it('the documented initial users/delta page: no accountEnabled means quarantine, never a guessed lifecycle', () => {
    const { page, items, stats } = mapPage('users-delta-initial-docs.json', 'users', 'full');
    expect(page.nextLink).toMatch(/^https:\/\/graph.microsoft.com\/v1.0\/users\/delta\?\$skiptoken=/);
    expect(items.map((i) => i.type)).toEqual(['quarantine', 'quarantine', 'quarantine']);
    expect(items[0]).toMatchObject({ kind: 'idp_user', reason: expect.stringMatching(/ffff7b1a-13b6-477b-8c0c-380905cd99f7 came without accountEnabled/) });
    expect(stats.removalsInFullRead).toBe(1);
    // In a delta round the same @removed entry is a removal.
    const delta = mapPage('users-delta-initial-docs.json', 'users', 'delta');
    expect(removals(delta.items)).toEqual(['idp_user 86462606-fde0-4fc4-9e0c-a20eb73e54c6']);
  });

  it('a users/delta page with our $select: enabled, disabled, guest, soft-deleted', () => {
    const { page, items } = mapPage('users-delta-selected.json', 'users', 'delta');
    expect(page.deltaLink).toMatch(/\$deltatoken=/);
    expect(records(items, 'idp_user').map((r) => r.value)).toEqual([
      {
        id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
        userName: 'AdeleV@contoso.com',
        email: 'adelev@contoso.com',
        emails: ['adelev@contoso.com', 'adele.vance@outlook.com', 'adele@contoso.onmicrosoft.com'],
        displayName: 'Adele Vance',
        rawStatus: 'accountEnabled=true',
        lifecycle: 'active',
        employeeId: '1000042',
        department: 'Retail',
      },
      {
        id: '6e7b768e-07e2-4810-8459-485f84f8f204',
        userName: 'AlexW@contoso.com',
        email: 'alexw@contoso.com',
        emails: ['alexw@contoso.com'],
        displayName: 'Alex Wilber',
        rawStatus: 'accountEnabled=false',
        lifecycle: 'suspended',
        employeeId: null,
        department: null,
      },
      {
        id: 'c1a1f8a8-2d2e-4c8e-9a51-6a5f1b6e2d11',
        userName: 'partner_fabrikam.com#EXT#@contoso.onmicrosoft.com',
        email: 'partner@fabrikam.com',
        // A guest's #EXT# UPN is not a mailbox.
        emails: ['partner@fabrikam.com'],
        displayName: 'Guest Partner',
        rawStatus: 'accountEnabled=true',
        lifecycle: 'active',
        employeeId: null,
        department: null,
      },
    ]);
    // reason "changed" (restorable) is a removal like "deleted".
    expect(removals(items)).toEqual(['idp_user 86462606-fde0-4fc4-9e0c-a20eb73e54c6']);
  });

  it('the documented default user object (no $select) lacks accountEnabled', () => {
    const stats = createMappingStats();
    const [item] = mapUserEntry(fixture('user-get-docs.json'), 'full', 'user', stats);
    expect(item).toMatchObject({ type: 'quarantine', kind: 'idp_user' });
  });
});

describe('Graph contract: groups', () => {
  it('the documented initial groups/delta page: members@delta lists current members; a group without members has none', () => {
    const { items } = mapPage('groups-delta-initial-docs.json', 'groups', 'full');
    expect(records(items, 'idp_group').map((r) => r.value)).toEqual([
      { id: 'c2f798fd-f95d-4623-8824-63aec21fffff', name: 'TestGroup1', description: 'Employees in test group 1' },
      { id: 'ec22655c-8eb2-432a-b4ea-8b8a254bffff', name: 'TestGroup2', description: 'Employees in test group 2' },
    ]);
    expect(records(items, 'idp_group_member').map((r) => r.key)).toEqual([
      'c2f798fd-f95d-4623-8824-63aec21fffff:693acd06-2877-4339-8ade-b704261fe7a0',
      'c2f798fd-f95d-4623-8824-63aec21fffff:49320844-be99-4164-8167-87ff5d047ace',
    ]);
  });

  it('the documented groups/delta change page: a member removed and one added', () => {
    const { items } = mapPage('groups-delta-changes-docs.json', 'groups', 'delta');
    expect(records(items, 'idp_group').map((r) => r.value.description)).toEqual(['A test group for change tracking']);
    expect(records(items, 'idp_group_member').map((r) => r.value)).toEqual([
      { groupId: '2e5807ce-58f3-4a94-9b37-ffff2e085957', memberId: '37de1ae3-408f-4702-8636-20824abda004', memberType: 'user' },
    ]);
    expect(removals(items)).toEqual(['idp_group_member 2e5807ce-58f3-4a94-9b37-ffff2e085957:632f6bb2-3ec8-4c1f-9073-0027a8c6859']);
  });

  it('the documented large-group paging, replayed through the whole connector over HTTP', async () => {
    const pages = fixture<{ pages: Record<string, unknown>[] }>('groups-delta-large-group-docs.json').pages;
    const users = fixture('users-delta-selected.json');
    let origin = '';
    const local = (body: unknown) => JSON.parse(JSON.stringify(body).replaceAll('https://graph.microsoft.com', origin)) as unknown;
    const server = await startSimServer({
      name: 'graph-replay',
      handler: (req) => {
        if (req.path.endsWith('/oauth2/v2.0/token')) return { status: 200, json: { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1QifQ.eyJyZXBsYXkiOnRydWV9.c2lnbmF0dXJlLXJlcGxheQ' } };
        if (req.path === '/v1.0/users/delta') return { status: 200, json: local(users) };
        if (req.path === '/v1.0/groups/delta') return { status: 200, json: local(req.query.get('$skiptoken') === 'page2' ? pages[1] : pages[0]) };
        return { status: 404, json: { error: { code: 'notFound', message: req.path } } };
      },
    });
    origin = server.origin;
    closers.push(() => server.close());
    const connector = connectorFor({ credentials: { tenantId: 't', clientId: 'c', clientSecret: 'replay-secret', graphBaseUrl: origin, loginBaseUrl: origin } });
    const result = await runRead(connector, harness().ctx());

    expect(result.verdict).toMatchObject({ mode: 'full', complete: true, pages: 3 });
    // The group arrives twice, identical: recorded once.
    expect(records(result.items, 'idp_group')).toHaveLength(1);
    expect(records(result.items, 'idp_group_member').map((r) => `${r.value.memberType} ${r.value.memberId}`)).toEqual([
      'user 37de1ae3-408f-4702-8636-20824abda004',
      'user 23423fa6-821e-44b2-aae4-d039d33884c2',
      'group 801f2093-de7e-4883-a786-8a5f30874ff4',
    ]);
    expect(records(result.items, 'idp_user')).toHaveLength(3);
    expect(result.verdict.notes.join(' ')).toMatch(/3 @removed entr\(ies\) in the full read ignored/);
    expect(result.verdict.notes.join(' ')).toMatch(/servicePrincipal \(1\)/);
  });
});

describe('Graph contract: errors', () => {
  const errors = fixture<Record<string, { status: number; body: unknown }>>('graph-errors-docs.json');
  const text = (name: string) => JSON.stringify(errors[name]?.body);

  it('reads the documented error envelope', () => {
    expect(parseGraphError(text('notImplemented'))).toEqual({ code: 'NotImplemented', message: 'This operation target is not yet supported.', requestId: '...', date: '2019-09-20T21:47:50' });
    expect(parseGraphError('<html>502</html>')).toBeUndefined();
  });

  it('branches on the code: resync, permission, token, throttling', () => {
    expect(isResyncSignal(400, parseGraphError(text('syncStateNotFound')))).toBe(true);
    expect(isResyncSignal(410, parseGraphError(text('gone')))).toBe(true);
    expect(isResyncSignal(403, parseGraphError(text('permission')))).toBe(false);

    const permission = describeGraphFailure('/v1.0/groups/delta page 1', 'groups', 403, text('permission'));
    expect(permission).toMatchObject({ failure: 'permission', code: 'Authorization_RequestDenied' });
    expect(permission.message).toBe(
      'Entra /v1.0/groups/delta page 1: HTTP 403 — missing Graph permission (User.Read.All / GroupMember.Read.All): reading groups needs the application permission GroupMember.Read.All with admin consent (Authorization_RequestDenied: Insufficient privileges to complete the operation. [request-id b3a2e8a4-3f0e-4a36-9b1c-6d2f0e1f2a3b])',
    );
    expect(describeGraphFailure('/v1.0/users/delta page 2', 'users', 401, text('badToken'))).toMatchObject({ failure: 'auth', code: 'InvalidAuthenticationToken' });
    expect(describeGraphFailure('/v1.0/users/delta page 2', 'users', 429, text('throttled'))).toMatchObject({ failure: 'throttled' });
    // 503 is Graph being unavailable, not this tenant being throttled.
    expect(describeGraphFailure('/v1.0/users/delta page 2', 'users', 503, '{"error":{"code":"serviceNotAvailable","message":"Service unavailable"}}').message).toBe(
      'Entra /v1.0/users/delta page 2: HTTP 503 — Graph was unavailable (HTTP 503) through all the retries (serviceNotAvailable: Service unavailable); try again later',
    );
    expect(describeGraphFailure('/v1.0/users/delta page 2', 'users', 501, text('notImplemented')).message).toBe(
      'Entra /v1.0/users/delta page 2: HTTP 501 (NotImplemented: This operation target is not yet supported. [request-id ...])',
    );
    expect(describeGraphFailure('/v1.0/users/delta page 2', 'users', 502, '<html><body>Bad gateway</body></html>').message).toBe(
      'Entra /v1.0/users/delta page 2: HTTP 502 (body: <html><body>Bad gateway</body></html>)',
    );
  });

  it('reads the documented token error and names the fix', () => {
    const { status, body } = fixture<{ status: number; body: unknown }>('token-error-docs.json');
    const error = describeTokenFailure(status, JSON.stringify(body), { tenantId: 'contoso.onmicrosoft.com', clientId: 'app' });
    expect(error.message).toMatch(
      /^Entra token endpoint \(tenant contoso.onmicrosoft.com\): HTTP 401 — the client secret was rejected: use the secret's Value \(not its Secret ID\).*\(invalid_client: AADSTS7000215: Invalid client secret provided\./,
    );
    expect(error.message).not.toMatch(/Trace ID/);
  });
});

describe('Entra contract: certificate credentials', () => {
  // learn.microsoft.com/entra/identity-platform/certificate-credentials: header alg PS256, typ JWT,
  // x5t#S256 = base64url SHA-256 thumbprint of the certificate's DER, signed with PSS padding;
  // claims aud (the token endpoint), iss = sub = client id, jti, nbf, exp, iat.
  const certificate = makeTestCertificate();
  const der = new X509Certificate(certificate.certificatePem).raw;
  const publicKey = new X509Certificate(certificate.certificatePem).publicKey;
  const assertionWith = (thumbprint: string) => {
    const jwt = buildClientAssertion({
      clientId: 'app-1',
      audience: 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token',
      privateKey: createPrivateKey(certificate.privateKeyPem),
      thumbprint: parseThumbprint(thumbprint),
      now: new Date('2025-01-01T00:00:00Z'),
      jti: '6f1c2a3b-0000-4000-8000-000000000001',
    });
    const [h, p, s] = jwt.split('.') as [string, string, string];
    return {
      header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
      claims: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
      signingInput: Buffer.from(`${h}.${p}`),
      signature: Buffer.from(s, 'base64url'),
    };
  };
  const documentedClaims = { aud: 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token', iss: 'app-1', sub: 'app-1', jti: '6f1c2a3b-0000-4000-8000-000000000001', iat: 1735689600, nbf: 1735689600, exp: 1735690200 };

  it('with a SHA-256 thumbprint: the documented PS256 header, x5t#S256 = base64url(sha256(DER)), an RSA-PSS signature', () => {
    const sent = assertionWith(certificate.sha256Fingerprint);
    expect(sent.header).toEqual({ alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') });
    expect(sent.claims).toEqual(documentedClaims);
    // PS256 (RFC 7518 3.5): RSASSA-PSS with SHA-256, MGF1 with SHA-256, a salt as long as the digest (32 bytes).
    expect(verify('sha256', sent.signingInput, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sent.signature)).toBe(true);
    expect(verify('sha256', sent.signingInput, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, sent.signature)).toBe(false);
  });

  it('with a SHA-1 thumbprint: the older RS256 header with x5t = base64url(sha1(DER)), a PKCS#1 v1.5 signature', () => {
    const sent = assertionWith(certificate.sha1Fingerprint);
    expect(sent.header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') });
    expect(sent.claims).toEqual(documentedClaims);
    expect(verify('sha256', sent.signingInput, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, sent.signature)).toBe(true);
  });
});
