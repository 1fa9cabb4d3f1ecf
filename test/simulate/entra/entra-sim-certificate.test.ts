import { constants, randomUUID, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startEntraSimulator, type EntraSimOptions, type RunningEntraSim } from '../../../electron/simulate/entra/entra-sim';
import { ORG_NOW, buildEntraOrg } from './fixtures';
import { makeTestCertificate, plainHex } from './test-certificate';

/*
 * The simulated app registration holds a certificate, as the portal does, and takes a client
 * assertion in either form Entra accepts: PS256 naming it by `x5t#S256` (Microsoft's current
 * page) or RS256 naming it by `x5t` (the older form). The assertions here are built by hand,
 * not by the connector, so the simulator is checked on its own.
 */
const registered = makeTestCertificate();
const unknown = makeTestCertificate('another app');

let sims: RunningEntraSim[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function start(options: EntraSimOptions = { certificatePem: registered.certificatePem }) {
  const sim = await startEntraSimulator(buildEntraOrg(), options);
  sims.push(sim);
  return sim;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const thumbprint = (fingerprint: string) => Buffer.from(plainHex(fingerprint), 'hex').toString('base64url');
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
const PKCS1 = { padding: constants.RSA_PKCS1_PADDING };

function assertion(sim: RunningEntraSim, header: Record<string, unknown>, padding: typeof PSS | typeof PKCS1, privateKeyPem = registered.privateKeyPem): string {
  const c = sim.credentials;
  const nowSec = Date.parse(ORG_NOW) / 1000;
  const claims = { aud: `${c.loginBaseUrl}/${c.tenantId}/oauth2/v2.0/token`, iss: c.clientId, sub: c.clientId, jti: randomUUID(), iat: nowSec, nbf: nowSec, exp: nowSec + 600 };
  const signingInput = `${b64url({ typ: 'JWT', ...header })}.${b64url(claims)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), { key: privateKeyPem, ...padding }).toString('base64url')}`;
}

async function token(sim: RunningEntraSim, clientAssertion: string) {
  const c = sim.credentials;
  const res = await fetch(`${c.loginBaseUrl}/${c.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: c.clientId,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const NOT_REGISTERED = /^AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application\./;
const BAD_SIGNATURE = /^AADSTS700027: Client assertion failed signature validation\./;

async function expectRefusal(sim: RunningEntraSim, clientAssertion: string, aadsts: number, description: RegExp) {
  const refused = await token(sim, clientAssertion);
  expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [aadsts] } });
  expect(String(refused.body.error_description)).toMatch(description);
}

describe('Entra simulator: certificate assertions', () => {
  it('accepts PS256 naming the certificate by x5t#S256 and RS256 naming it by x5t', async () => {
    const sim = await start();
    const ps256 = await token(sim, assertion(sim, { alg: 'PS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PSS));
    expect(ps256).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });
    const rs256 = await token(sim, assertion(sim, { alg: 'RS256', x5t: thumbprint(registered.sha1Fingerprint) }, PKCS1));
    expect(rs256).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });
  });

  it('refuses a certificate the app registration does not hold, by either thumbprint (AADSTS700027)', async () => {
    const sim = await start();
    // The registered one is taken, so the refusals below are about the certificate named.
    expect((await token(sim, assertion(sim, { alg: 'PS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PSS))).status).toBe(200);
    await expectRefusal(sim, assertion(sim, { alg: 'PS256', 'x5t#S256': thumbprint(unknown.sha256Fingerprint) }, PSS, unknown.privateKeyPem), 700027, NOT_REGISTERED);
    await expectRefusal(sim, assertion(sim, { alg: 'RS256', x5t: thumbprint(unknown.sha1Fingerprint) }, PKCS1, unknown.privateKeyPem), 700027, NOT_REGISTERED);
    // A header naming the registered certificate one way and another certificate the other way.
    const mixed = { alg: 'PS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint), x5t: thumbprint(unknown.sha1Fingerprint) };
    await expectRefusal(sim, assertion(sim, mixed, PSS), 700027, NOT_REGISTERED);
    const none = await start({});
    await expectRefusal(none, assertion(none, { alg: 'PS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PSS), 700027, NOT_REGISTERED);
  });

  it('refuses an alg that does not match the signature or the header as a failed signature validation, and an alg Entra does not take', async () => {
    const sim = await start();
    // PS256 in the header over a PKCS#1 v1.5 signature, and RS256 over a PSS one.
    await expectRefusal(sim, assertion(sim, { alg: 'PS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PKCS1), 700027, BAD_SIGNATURE);
    await expectRefusal(sim, assertion(sim, { alg: 'RS256', x5t: thumbprint(registered.sha1Fingerprint) }, PSS), 700027, BAD_SIGNATURE);
    // Each alg names the certificate with its own header: RS256 with only x5t#S256, PS256 with only x5t.
    await expectRefusal(sim, assertion(sim, { alg: 'RS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PKCS1), 700027, BAD_SIGNATURE);
    await expectRefusal(sim, assertion(sim, { alg: 'PS256', x5t: thumbprint(registered.sha1Fingerprint) }, PSS), 700027, BAD_SIGNATURE);
    // The registered certificate named, but another key signed.
    await expectRefusal(sim, assertion(sim, { alg: 'PS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PSS, unknown.privateKeyPem), 700027, BAD_SIGNATURE);
    // Taking PS256 opens no other algorithm: the rest are still not supported (AADSTS5002738).
    await expectRefusal(sim, assertion(sim, { alg: 'HS256', 'x5t#S256': thumbprint(registered.sha256Fingerprint) }, PSS), 5002738, /'HS256' is not a supported signature algorithm/);
  });
});
