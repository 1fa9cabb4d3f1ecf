import { X509Certificate, constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
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
/** The certificate's DER encoding: both thumbprints are digests of it. */
const certificateDer = new X509Certificate(certificatePem).raw;
const thumbprint = plainHex(certificate.sha1Fingerprint);
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
const PKCS1 = { padding: constants.RSA_PKCS1_PADDING };

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
  /** The assertion of the first token request, decoded: header, claims, and what the signature covers. */
  function sentAssertion(tokenForms: Record<string, string>[]) {
    const form = tokenForms[0] ?? {};
    expect(form.client_secret).toBeUndefined();
    expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [header, payload, signature] = (form.client_assertion ?? '').split('.') as [string, string, string];
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
      claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
      signingInput: Buffer.from(`${header}.${payload}`),
      signature: Buffer.from(signature, 'base64url'),
    };
  }

  function expectDocumentedClaims(claims: Record<string, unknown>, sim: { credentials: { loginBaseUrl: string; tenantId: string; clientId: string } }) {
    expect(claims).toMatchObject({
      aud: `${sim.credentials.loginBaseUrl}/${sim.credentials.tenantId}/oauth2/v2.0/token`,
      iss: sim.credentials.clientId,
      sub: sim.credentials.clientId,
      nbf: Date.parse('2025-06-01T12:00:00Z') / 1000,
      exp: Date.parse('2025-06-01T12:10:00Z') / 1000,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  }

  it('with a SHA-256 thumbprint (as openssl prints it) signs PS256 with x5t#S256, Microsoft\'s current form, and reads users', async () => {
    const { sim, tokenForms } = await startRecording(buildEntraOrg(), { certificatePem });
    const connector = connectorFor(sim, { auth: { type: 'certificate', privateKeyPem, certificateThumbprint: certificate.sha256Fingerprint } });
    const result = await runRead(connector, harness().ctx());
    expect(records(result.items, 'idp_user')).toHaveLength(6);

    const sent = sentAssertion(tokenForms);
    expect(sent.header).toEqual({ alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(certificateDer).digest('base64url') });
    expectDocumentedClaims(sent.claims, sim);
    expect(verify('sha256', sent.signingInput, { key: publicKey, ...PSS }, sent.signature)).toBe(true);
    expect(verify('sha256', sent.signingInput, { key: publicKey, ...PKCS1 }, sent.signature)).toBe(false);
  });

  it('with a SHA-1 thumbprint signs RS256 with x5t, the older form, as before', async () => {
    const { sim, tokenForms } = await startRecording(buildEntraOrg(), { certificatePem });
    const connector = connectorFor(sim, { auth: { type: 'certificate', privateKeyPem, certificateThumbprint: thumbprint } });
    const result = await runRead(connector, harness().ctx());
    expect(records(result.items, 'idp_user')).toHaveLength(6);

    const sent = sentAssertion(tokenForms);
    expect(sent.header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(certificateDer).digest('base64url') });
    expectDocumentedClaims(sent.claims, sim);
    expect(verify('sha256', sent.signingInput, { key: publicKey, ...PKCS1 }, sent.signature)).toBe(true);
  });

  it('reports a key the app registration does not know, in either form, without a line of the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { sim } = await startRecording(buildEntraOrg(), { certificatePem });
    for (const certificateThumbprint of [certificate.sha256Fingerprint, thumbprint]) {
      const error = await readError(connectorFor(sim, { auth: { type: 'certificate', privateKeyPem: other, certificateThumbprint } }), harness().ctx());
      expect(error.message).toMatch(/the certificate assertion was rejected.*AADSTS700027: Client assertion failed signature validation/);
      expectNoKeyIn(`${error.message}\n${error.stack ?? ''}`, other);
    }
  });

  it('names the certificate the app registration does not hold, by the thumbprint configured', async () => {
    const { sim } = await startRecording(buildEntraOrg(), { certificatePem });
    const unregistered = makeTestCertificate('not uploaded');
    for (const [certificateThumbprint, named] of [
      [unregistered.sha256Fingerprint, `SHA-256 thumbprint ${plainHex(unregistered.sha256Fingerprint)}`],
      [plainHex(unregistered.sha1Fingerprint), `SHA-1 thumbprint ${plainHex(unregistered.sha1Fingerprint)}`],
    ] as const) {
      const error = await readError(connectorFor(sim, { auth: { type: 'certificate', privateKeyPem: unregistered.privateKeyPem, certificateThumbprint } }), harness().ctx());
      expect(error).toMatchObject({ failure: 'auth', status: 401, code: 'invalid_client' });
      expect(error.message).toContain(`the certificate assertion was rejected: check that the certificate with ${named} is uploaded to application ${sim.credentials.clientId}`);
      expect(error.message).toMatch(/AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application/);
      expectNoKeyIn(`${error.message}\n${error.stack ?? ''}`, unregistered.privateKeyPem);
    }
  });

  it('refuses an unreadable key or thumbprint when the source is configured', () => {
    const base = { sourceId: 's', tenantId: 't', clientId: 'c' };
    expect(() => createEntraConnector({ ...base, auth: { type: 'certificate', privateKeyPem: 'not a key', certificateThumbprint: thumbprint } })).toThrow(
      /the certificate's private key is not a readable PEM private key/,
    );
    expect(() => createEntraConnector({ ...base, auth: { type: 'secret', clientSecret: '' } })).toThrow(/clientSecret is empty/);
    expect(() => createEntraConnector({ ...base, auth: { type: 'secret', clientSecret: 'x'.repeat(10) }, pageSize: 1000 })).toThrow(/pageSize/);
    // A thumbprint copied with separators, in any case, is fine in either form.
    const colons = thumbprint.match(/.{2}/g)?.join(':') ?? '';
    for (const certificateThumbprint of [colons, certificate.sha256Fingerprint, certificate.sha256Fingerprint.toLowerCase().replace(/:/g, ' ')]) {
      expect(() => createEntraTokenSource({ tenantId: 't', clientId: 'c', loginBaseUrl: 'https://login', auth: { type: 'certificate', privateKeyPem, certificateThumbprint } })).not.toThrow();
    }
  });

  it('refuses a thumbprint of neither form as a config error naming both, without repeating it or the key', () => {
    const base = { sourceId: 's', tenantId: 't', clientId: 'c' };
    // A line of the key pasted where the thumbprint goes, a thumbprint cut short, a SHA-512 one.
    const keyLine = privateKeyPem.split('\n')[1] ?? '';
    for (const certificateThumbprint of [keyLine, 'abc', thumbprint.slice(0, 38), 'ab'.repeat(64)]) {
      let error: unknown;
      try {
        createEntraConnector({ ...base, auth: { type: 'certificate', privateKeyPem, certificateThumbprint } });
      } catch (e) {
        error = e;
      }
      expect(error, certificateThumbprint).toBeInstanceOf(EntraError);
      expect(error).toMatchObject({ failure: 'config' });
      const message = (error as Error).message;
      expect(message).toMatch(/^Entra source: auth\.certificateThumbprint must be the certificate's SHA-256 thumbprint \(64 hex digits, Microsoft's current form/);
      expect(message).toContain('or its SHA-1 thumbprint (40 hex digits, the older form)');
      expect(message).not.toContain(certificateThumbprint);
      expectNoKeyIn(`${message}\n${(error as Error).stack ?? ''}`, privateKeyPem);
    }
  });

  it('builds assertions that verify against the public key', () => {
    const assertion = buildClientAssertion({
      clientId: 'app',
      audience: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      privateKey: createPrivateKey(privateKeyPem),
      thumbprint: { algorithm: 'sha1', hex: '07'.repeat(20) },
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

/** Neither the key nor any line of it (a message cut short could carry one). */
function expectNoKeyIn(text: string, keyPem: string) {
  expect(text).not.toContain('PRIVATE KEY');
  for (const line of keyPem.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(text).not.toContain(line);
}
