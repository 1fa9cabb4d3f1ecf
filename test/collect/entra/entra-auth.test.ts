import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntraConnector } from '../../../electron/collect/connectors/entra/entra-connector';
import { EntraError } from '../../../electron/collect/connectors/entra/entra-errors';
import { buildClientAssertion, createEntraTokenSource } from '../../../electron/collect/connectors/entra/entra-token';
import { createEntraSimHandler, type EntraSimOptions } from '../../../electron/simulate/entra/entra-sim';
import { startSimServer, type SimRequest } from '../../../electron/simulate/sim-server';
import type { OrgModel } from '../../../electron/simulate/org/org-model';
import { buildEntraOrg } from '../../simulate/entra/fixtures';
import { makeTestCertificate, plainHex } from '../../simulate/entra/test-certificate';
import { connectorFor, harness, readError, records, runRead } from './helpers';

// The certificate uploaded to the simulated app registration, and its key.
const certificate = makeTestCertificate();
const { certificatePem, privateKeyPem } = certificate;
const publicKey = createPublicKey(certificatePem);
const thumbprint = plainHex(certificate.sha1Fingerprint);

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** The Entra simulator with a recorder of every token request's form. */
async function startRecording(org: OrgModel, options: EntraSimOptions = {}) {
  const entra = createEntraSimHandler(org, options);
  const tokenForms: Record<string, string>[] = [];
  const server = await startSimServer({
    name: 'entra',
    handler: (req: SimRequest) => {
      if (req.path.endsWith('/oauth2/v2.0/token')) tokenForms.push(req.body as Record<string, string>);
      return entra.handler(req);
    },
  });
  closers.push(() => server.close());
  const sim = { credentials: { ...entra.credentials, graphBaseUrl: server.origin, loginBaseUrl: server.origin } };
  return { sim, server, tokenForms };
}

describe('Entra auth: client secret', () => {
  it('sends the client-credentials form and caches the token until shortly before expiry', async () => {
    const { sim, tokenForms } = await startRecording(buildEntraOrg());
    const h = harness();
    const connector = connectorFor(sim);
    await runRead(connector, h.ctx());
    await runRead(connector, h.ctx());
    expect(tokenForms).toHaveLength(1);
    expect(tokenForms[0]).toEqual({
      client_id: sim.credentials.clientId,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
      client_secret: sim.credentials.clientSecret,
    });
    h.clock.advance(56 * 60_000); // within 5 minutes of the 3599 s lifetime
    await runRead(connector, h.ctx());
    expect(tokenForms).toHaveLength(2);
  });

  it('explains a wrong secret without repeating it', async () => {
    const { sim } = await startRecording(buildEntraOrg());
    const wrong = 'Wr0ng~secret-value-123456';
    const error = await readError(connectorFor(sim, { auth: { type: 'secret', clientSecret: wrong } }), harness().ctx());
    expect(error).toBeInstanceOf(EntraError);
    expect(error).toMatchObject({ failure: 'auth', status: 401, code: 'invalid_client' });
    expect(error.message).toMatch(/^Entra token endpoint \(tenant [0-9a-f-]+\): HTTP 401 — the client secret was rejected/);
    expect(error.message).toMatch(/AADSTS7000215/);
    expect(error.message).not.toContain(wrong);
  });

  it('explains an unknown tenant and an unknown application', async () => {
    const { sim } = await startRecording(buildEntraOrg());
    const badTenant = await readError(connectorFor(sim, { tenantId: 'contoso-typo' }), harness().ctx());
    expect(badTenant.message).toMatch(/tenant contoso-typo was not found: check the tenant id \(invalid_request: AADSTS90002/);
    const badApp = await readError(connectorFor(sim, { clientId: '00000000-0000-0000-0000-000000000000' }), harness().ctx());
    expect(badApp.message).toMatch(/application 00000000-0000-0000-0000-000000000000 was not found in tenant .*AADSTS700016/);
  });
});

describe('Entra auth: certificate', () => {
  it('signs an RS256 assertion with x5t, aud = token URL, iss = sub = client id', async () => {
    const { sim, tokenForms } = await startRecording(buildEntraOrg(), { certificatePem });
    const h = harness();
    const connector = connectorFor(sim, { auth: { type: 'certificate', privateKeyPem, certificateThumbprint: thumbprint } });
    const result = await runRead(connector, h.ctx());
    expect(records(result.items, 'idp_user')).toHaveLength(6);

    const form = tokenForms[0] ?? {};
    expect(form.client_secret).toBeUndefined();
    expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload, signature] = (form.client_assertion ?? '').split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(thumbprint, 'hex').toString('base64url') });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      aud: `${sim.credentials.loginBaseUrl}/${sim.credentials.tenantId}/oauth2/v2.0/token`,
      iss: sim.credentials.clientId,
      sub: sim.credentials.clientId,
      nbf: Date.parse('2025-06-01T12:00:00Z') / 1000,
      exp: Date.parse('2025-06-01T12:10:00Z') / 1000,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('reports a key the app registration does not know', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { sim } = await startRecording(buildEntraOrg(), { certificatePem });
    const error = await readError(connectorFor(sim, { auth: { type: 'certificate', privateKeyPem: other, certificateThumbprint: thumbprint } }), harness().ctx());
    expect(error.message).toMatch(/the certificate assertion was rejected.*AADSTS700027/);
    expect(error.message).not.toContain('PRIVATE KEY');
  });

  it('refuses an unreadable key or thumbprint when the source is configured', () => {
    const base = { sourceId: 's', tenantId: 't', clientId: 'c' };
    expect(() => createEntraConnector({ ...base, auth: { type: 'certificate', privateKeyPem: 'not a key', certificateThumbprint: thumbprint } })).toThrow(
      /the certificate's private key is not a readable PEM private key/,
    );
    expect(() => createEntraConnector({ ...base, auth: { type: 'certificate', privateKeyPem, certificateThumbprint: 'abc' } })).toThrow(/40 hex digits/);
    expect(() => createEntraConnector({ ...base, auth: { type: 'secret', clientSecret: '' } })).toThrow(/clientSecret is empty/);
    expect(() => createEntraConnector({ ...base, auth: { type: 'secret', clientSecret: 'x'.repeat(10) }, pageSize: 1000 })).toThrow(/pageSize/);
    // A thumbprint copied with separators is fine.
    const spaced = thumbprint.match(/.{2}/g)?.join(':') ?? '';
    expect(() => createEntraTokenSource({ tenantId: 't', clientId: 'c', loginBaseUrl: 'https://login', auth: { type: 'certificate', privateKeyPem, certificateThumbprint: spaced } })).not.toThrow();
  });

  it('builds assertions that verify against the public key', () => {
    const assertion = buildClientAssertion({
      clientId: 'app',
      audience: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      privateKey: createPrivateKey(privateKeyPem),
      thumbprint: Buffer.alloc(20, 7),
      now: new Date('2025-01-01T00:00:00Z'),
      jti: 'j-1',
    });
    const [h, p, s] = assertion.split('.') as [string, string, string];
    expect(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({
      aud: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      iss: 'app',
      sub: 'app',
      jti: 'j-1',
      iat: 1735689600,
      nbf: 1735689600,
      exp: 1735690200,
    });
  });
});
