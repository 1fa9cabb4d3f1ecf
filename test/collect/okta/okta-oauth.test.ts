import { buildConnector } from '../../../electron/collect/connectors/build-connector';
import { envSecretSource } from '../../../electron/collect/config/secrets';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createOktaConnector, normalizeBaseUrl } from '../../../electron/collect/connectors/okta/okta-connector';
import { OktaError } from '../../../electron/collect/connectors/okta/okta-errors';
import { ManualClock } from '../../../electron/platform/clock';
import { startOktaSimulator, type RunningOktaSim } from '../../../electron/simulate/okta/okta-sim';
import { ORG_NOW, smallOrg } from '../../simulate/okta/fixtures';
import { eventsOf, makeCtx, recordsOf, runRead, type ReadOutcome } from './helpers';

const sims: RunningOktaSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function rsaPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}
const keys = rsaPair();
const otherKeys = rsaPair();

/** The connector's clock and the simulator's real-time clock, shared unless a test splits them. */
function clocks() {
  const clock = new ManualClock(ORG_NOW);
  let simSkewMs = 0;
  return { clock, simNow: () => clock.now().getTime() + simSkewMs, skewSim: (ms: number) => (simSkewMs += ms) };
}

async function oauthSim(now: () => number, scopes?: string[], requireDpop = false) {
  const s = await startOktaSimulator(smallOrg(), {
    now,
    oauthClient: { clientId: '0oaservice1', publicKeyPem: keys.publicKey, keyId: 'key-1', ...(scopes ? { scopes } : {}), ...(requireDpop ? { requireDpop } : {}) },
  });
  sims.push(s);
  return s;
}

function oauthConnector(s: RunningOktaSim, privateKeyPem = keys.privateKey, scopes?: string[]) {
  return createOktaConnector({
    sourceId: 'okta-oauth',
    baseUrl: s.baseUrl,
    auth: { type: 'oauth', clientId: '0oaservice1', privateKeyPem, keyId: 'key-1', ...(scopes ? { scopes } : {}) },
    prefectAppId: s.prefectAppId,
  });
}

const tokenRequests = (s: RunningOktaSim) => s.requests.filter((r) => r === 'POST /oauth2/v1/token').length;

function expectNoCredential(out: ReadOutcome, s: RunningOktaSim) {
  const everything = JSON.stringify(out.items) + (out.error?.message ?? '') + (out.error?.stack ?? '');
  for (const token of s.issuedAccessTokens()) expect(everything).not.toContain(token);
  const keyBody = keys.privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));
  for (const line of keyBody) expect(everything).not.toContain(line);
}

describe('Okta connector with an OAuth service app (private_key_jwt)', () => {
  it('gets one token for the whole read, reuses it until shortly before expiry, and leaks nothing', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow);
    const connector = oauthConnector(s);
    const first = await runRead(connector, makeCtx({ clock }));
    expect(first.error).toBeNull();
    expect(recordsOf(first.items, 'idp_user')).toHaveLength(14);
    expect(eventsOf(first.items)).toHaveLength(7);
    expect(tokenRequests(s)).toBe(1);
    expect(s.requests.length).toBeGreaterThan(10);

    clock.advance(30 * 60_000);
    expect((await runRead(connector, makeCtx({ clock }))).error).toBeNull();
    expect(tokenRequests(s)).toBe(1); // still cached after 30 minutes

    clock.advance(29.5 * 60_000); // 59.5 minutes after issue: inside the refresh margin
    const third = await runRead(connector, makeCtx({ clock }));
    expect(third.error).toBeNull();
    expect(tokenRequests(s)).toBe(2);
    expect(s.issuedAccessTokens()).toHaveLength(2);
    for (const out of [first, third]) expectNoCredential(out, s);
  });

  it('fetches a new token once when Okta rejects the cached one (E0000011)', async () => {
    const { clock, simNow, skewSim } = clocks();
    const s = await oauthSim(simNow);
    const connector = oauthConnector(s);
    expect((await runRead(connector, makeCtx({ clock }))).error).toBeNull();
    // We think 58 minutes passed (token still good to us); the server thinks 61 (expired).
    clock.advance(58 * 60_000);
    skewSim(3 * 60_000);
    const again = await runRead(connector, makeCtx({ clock }));
    expect(again.error).toBeNull();
    expect(tokenRequests(s)).toBe(2);
    const rejected = s.requests.indexOf('POST /oauth2/v1/token', 1);
    expect(s.requests[rejected - 1]).toBe('GET /api/v1/users?limit=200'); // answered 401, then retried with the new token
    expect(s.requests[rejected + 1]).toBe('GET /api/v1/users?limit=200');
  });

  it('names invalid_client when the private key does not match the registered public key', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow);
    const out = await runRead(oauthConnector(s, otherKeys.privateKey), makeCtx({ clock }));
    expect(out.error).toBeInstanceOf(OktaError);
    expect(out.error!.message).toMatch(/^Okta OAuth token request \/oauth2\/v1\/token: the client was rejected \(invalid_client\) \(The client_assertion signature is invalid\.\)/);
    expect((out.error as OktaError).code).toBe('UNAUTHORIZED');
    expect(s.requests).toEqual(['POST /oauth2/v1/token']);
    const everything = JSON.stringify(out.items) + out.error!.message;
    for (const line of otherKeys.privateKey.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(everything).not.toContain(line);
  });

  it('names invalid_scope when the service app was not granted a requested scope', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow, ['okta.users.read', 'okta.groups.read', 'okta.apps.read']);
    const out = await runRead(oauthConnector(s), makeCtx({ clock }));
    expect(out.error!.message).toMatch(/invalid_scope.*okta\.logs\.read/);
    expect((out.error as OktaError).code).toBe('FORBIDDEN');
  });

  it('names the missing scope (E0000006) when the token lacks one an endpoint needs', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow);
    const out = await runRead(oauthConnector(s, keys.privateKey, ['okta.users.read', 'okta.groups.read', 'okta.apps.read']), makeCtx({ clock }));
    expect(out.error!.message).toBe('Okta /api/v1/logs page 1: missing permission/scope (E0000006): the service app needs the okta.logs.read scope granted (and requested)');
    expect((out.error as OktaError).code).toBe('FORBIDDEN');
    expect(recordsOf(out.items, 'idp_user')).toHaveLength(14); // everything before the log was read
    expectNoCredential(out, s);
  });

  it('proves possession (DPoP) when the service app requires it: token request with nonce, a fresh proof on every API call', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow, undefined, true);
    const connector = oauthConnector(s);
    const first = await runRead(connector, makeCtx({ clock }));
    expect(first.error).toBeNull();
    expect(recordsOf(first.items, 'idp_user')).toHaveLength(14);
    expect(eventsOf(first.items)).toHaveLength(7);
    // Without a proof (invalid_dpop_proof), with one but no nonce (use_dpop_nonce), then with the nonce.
    expect(s.requests.slice(0, 3)).toEqual(['POST /oauth2/v1/token', 'POST /oauth2/v1/token', 'POST /oauth2/v1/token']);
    expect(tokenRequests(s)).toBe(3);
    // Every API request passed the simulator's proof check (method, URL, ath, key, unused jti).
    expect(s.requests.length).toBeGreaterThan(10);
    // The bound token is reused with new proofs; the connector now sends a proof at once.
    clock.advance(59.5 * 60_000);
    expect((await runRead(connector, makeCtx({ clock }))).error).toBeNull();
    expect(tokenRequests(s)).toBe(4);
    expectNoCredential(first, s);
  });

  it('does not send a DPoP proof to a service app that does not ask for one', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow);
    const seen: string[] = [];
    const http = makeCtx().http;
    const spying = { ...http, request: (req: Parameters<typeof http.request>[0], events?: Parameters<typeof http.request>[1]) => {
      seen.push(`${req.headers?.authorization?.split(' ')[0] ?? '-'} ${Object.keys(req.freshHeaders?.() ?? {}).join(',') || 'no-proof'}`);
      return http.request(req, events);
    } };
    expect((await runRead(oauthConnector(s), makeCtx({ clock, http: spying }))).error).toBeNull();
    expect(new Set(seen)).toEqual(new Set(['- no-proof', 'Bearer no-proof']));
  });

  it('asks for okta.apps.read only when a Prefect app is to be read (a token request is all or nothing)', async () => {
    const { clock, simNow } = clocks();
    const s = await oauthSim(simNow, ['okta.users.read', 'okta.groups.read', 'okta.logs.read']);
    const withoutApp = createOktaConnector({ sourceId: 'okta-oauth', baseUrl: s.baseUrl, auth: { type: 'oauth', clientId: '0oaservice1', privateKeyPem: keys.privateKey, keyId: 'key-1' } });
    const out = await runRead(withoutApp, makeCtx({ clock }));
    expect(out.error).toBeNull();
    expect(recordsOf(out.items, 'idp_user')).toHaveLength(14);
    // With the Prefect app configured, the same grant is (rightly) not enough, and the error says which scope.
    expect((await runRead(oauthConnector(s), makeCtx({ clock }))).error!.message).toMatch(/invalid_scope.*okta\.apps\.read/);
  });

  it('reads the org domain from an Admin Console address (acme-admin.okta.com is not where the APIs are)', () => {
    expect(normalizeBaseUrl('https://acme-admin.okta.com/admin/dashboard')).toBe('https://acme.okta.com');
    expect(normalizeBaseUrl('https://dev-123456-admin.oktapreview.com')).toBe('https://dev-123456.oktapreview.com');
    expect(normalizeBaseUrl('https://acme.okta.com/')).toBe('https://acme.okta.com');
    // Only Okta's own domains: a custom domain that happens to end in -admin is left alone.
    expect(normalizeBaseUrl('https://login-admin.acme.example')).toBe('https://login-admin.acme.example');
  });

  it('refuses a key that is not an RSA PEM at construction', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const base = { sourceId: 'x', baseUrl: 'https://acme.okta.com' };
    expect(() => createOktaConnector({ ...base, auth: { type: 'oauth', clientId: 'c', privateKeyPem: 'not a key' } })).toThrow(/not a readable PEM private key/);
    // Built from a config, the error names the variable to fix and the source, never the key.
    const fromConfig = () =>
      buildConnector({ id: 'okta-main', kind: 'okta', url: 'https://acme.okta.com', auth: { type: 'oauth', clientId: 'c', privateKeyEnv: 'OKTA_APP_KEY' } }, envSecretSource({ OKTA_APP_KEY: 'garbled-key-text' }), '/tmp');
    expect(fromConfig).toThrow('Okta OAuth: the private key in OKTA_APP_KEY (source "okta-main") is not a readable PEM private key (expected -----BEGIN PRIVATE KEY-----)');
    expect(() => createOktaConnector({ ...base, auth: { type: 'oauth', clientId: 'c', privateKeyPem: ec.privateKey } })).toThrow(/RS256 needs an RSA key/);
    expect(() => createOktaConnector({ ...base, baseUrl: 'http://acme.okta.com', auth: { type: 'ssws', token: 'abcdefgh' } })).toThrow(/must be https/);
  });
});
