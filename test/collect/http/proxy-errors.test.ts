import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpClient, type HttpClientOptions } from '../../../electron/collect/http/undici-client';
import { HttpError } from '../../../electron/collect/http/http-client';
import type { Connector } from '../../../electron/collect/connector';
import { createOktaConnector } from '../../../electron/collect/connectors/okta/okta-connector';
import { createEntraConnector } from '../../../electron/collect/connectors/entra/entra-connector';
import { createScimConnector } from '../../../electron/collect/connectors/scim/scim-connector';
import { createPrefectConnector } from '../../../electron/collect/connectors/prefect/prefect-connector';
import { runCollection } from '../../../electron/collect/run-collection';
import { getCollection } from '../../../electron/collect/store/collection-rows';
import { openDatabase } from '../../../electron/db/open-database';
import { openCore } from '../../../electron/api/open-core';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';

/*
 * Requests through a proxy that cannot be resolved, cannot be reached, or refuses the tunnel
 * must say so, naming the proxy and where it was set, never blaming the source behind it
 * (whose name only the proxy resolves). No internet needed: the proxy is a local stand-in,
 * a closed local port or a .invalid name, and no request ever gets past it.
 */

const ENTRA_SECRET = 'Entra~secret-value-for-proxy-test-42';

/** A proxy stand-in answering every CONNECT with `status`; counts the CONNECTs it saw. */
let proxyStatus = 502;
let connects: string[] = [];
let proxy: http.Server;
let proxyUrl: string;
let proxyAddress: string;
let closedAddress: string;
const DNS_PROXY = 'http://proxy.corp.invalid:3128';

beforeAll(async () => {
  proxy = http.createServer((_req, res) => res.writeHead(500).end());
  proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    connects.push(req.url ?? '');
    socket.end(`HTTP/1.1 ${proxyStatus} Refused\r\ncontent-length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyAddress = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  proxyUrl = `http://${proxyAddress}`;
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedAddress = `127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
afterEach(() => {
  proxyStatus = 502;
  connects = [];
  vi.unstubAllEnvs();
});

const fast: HttpClientOptions = { maxRetries: 1, backoffBaseMs: 1, connectTimeoutMs: 5_000 };
const through = (url: string, extra: HttpClientOptions = {}) => createHttpClient({ ...fast, proxy: { url }, ...extra });

async function requestError(client: ReturnType<typeof createHttpClient>, method: 'GET' | 'POST', url: string): Promise<HttpError> {
  try {
    await client.request({ method, url, ...(method === 'POST' ? { body: 'a=b', retry: true } : {}) });
  } catch (error) {
    return error as HttpError;
  } finally {
    await client.close();
  }
  throw new Error('the request was expected to fail');
}

describe('the shared HTTP client through a proxy', () => {
  it('an unresolvable proxy is a DNS failure of the proxy, not of the source', async () => {
    const e = await requestError(through(DNS_PROXY), 'GET', 'https://scim.example.com/scim/v2/Users');
    expect(e.message).toBe('GET https://scim.example.com/scim/v2/Users: DNS lookup failed for the proxy proxy.corp.invalid (network.proxy)');
    expect(e).toMatchObject({ kind: 'dns', proxy: { failed: 'dns', setting: 'network.proxy', address: 'proxy.corp.invalid:3128' } });
  });

  it('a closed proxy port is a refused connection to the proxy', async () => {
    const e = await requestError(through(`http://${closedAddress}`), 'GET', 'https://acme.okta.com/api/v1/users');
    expect(e.message).toBe(`GET https://acme.okta.com/api/v1/users: could not connect to the proxy ${closedAddress} (connection refused), set in network.proxy`);
    expect(e).toMatchObject({ kind: 'connect', proxy: { failed: 'connect' } });
  });

  it('a CONNECT answered with 502 is the proxy refusing the tunnel (not "cancelled"), and is retried like a 502', async () => {
    const e = await requestError(through(proxyUrl), 'GET', 'https://acme.okta.com/api/v1/users');
    expect(e.message).toBe(`GET https://acme.okta.com/api/v1/users: the proxy ${proxyAddress} refused the tunnel to acme.okta.com:443 (HTTP 502, set in network.proxy)`);
    expect(e).toMatchObject({ kind: 'connect', status: undefined, proxy: { failed: 'tunnel', status: 502, target: 'acme.okta.com:443' } });
    expect(connects).toEqual(['acme.okta.com:443', 'acme.okta.com:443']);
  });

  it('a CONNECT answered with 407 asks for proxy credentials, and is not retried', async () => {
    proxyStatus = 407;
    const e = await requestError(through(proxyUrl), 'GET', 'https://acme.okta.com/api/v1/users');
    expect(e.message).toContain(`the proxy ${proxyAddress} refused the tunnel to acme.okta.com:443 (HTTP 407: it wants a user and password, given in network.proxy`);
    expect(connects).toHaveLength(1);
  });

  it('never shows the proxy password', async () => {
    const e = await requestError(through(`http://auditor:Pr0xy-pa55word@${closedAddress}`), 'GET', 'https://acme.okta.com/api/v1/users');
    expect(e.message).toContain(`could not connect to the proxy ${closedAddress} (connection refused)`);
    expect(e.message).not.toMatch(/Pr0xy|auditor/);
  });

  it('names the environment variable a proxy came from, and not the proxy for a NO_PROXY host', async () => {
    vi.stubEnv('https_proxy', undefined);
    vi.stubEnv('no_proxy', undefined);
    vi.stubEnv('HTTPS_PROXY', DNS_PROXY);
    vi.stubEnv('NO_PROXY', 'direct.invalid');
    const viaEnv = await requestError(createHttpClient({ ...fast, proxy: 'env' }), 'GET', 'https://scim.example.com/scim/v2/Users');
    expect(viaEnv.message).toBe('GET https://scim.example.com/scim/v2/Users: DNS lookup failed for the proxy proxy.corp.invalid (environment variable HTTPS_PROXY)');
    const direct = await requestError(createHttpClient({ ...fast, proxy: 'env' }), 'GET', 'https://api.direct.invalid/v1');
    expect(direct.message).toBe('GET https://api.direct.invalid/v1: DNS lookup failed for api.direct.invalid (check the URL and your network)');
    expect(direct.proxy).toBeUndefined();
  });
});

/** Reads until the connector throws; returns the error. */
async function readError(connector: Connector, client: ReturnType<typeof createHttpClient>): Promise<Error> {
  try {
    const it = connector.read({ http: client, clock: new ManualClock('2026-05-01T08:00:00Z'), signal: new AbortController().signal, cursors: new Map() });
    for (;;) if ((await it.next()).done) break;
  } catch (error) {
    return error as Error;
  } finally {
    await client.close();
  }
  throw new Error('the read was expected to fail');
}

const okta = () => createOktaConnector({ sourceId: 'okta', baseUrl: 'https://acme.okta.com', auth: { type: 'ssws', token: 'okta-ssws-token-for-proxy-test' } });
const entra = () => createEntraConnector({ sourceId: 'entra', tenantId: 'contoso-tenant', clientId: 'client-1', auth: { type: 'secret', clientSecret: ENTRA_SECRET } });
const scim = () => createScimConnector({ sourceId: 'scim', baseUrl: 'https://scim.example.com/scim/v2', token: 'scim-token-for-proxy-test' });
const prefect = () => createPrefectConnector({ sourceId: 'prefect', apiUrl: 'https://api.prefect.cloud/api', accountId: '7b1b1d5e-2f0a-4c4e-9a51-0d1f7f6f6c11', apiKey: 'pnu_proxytestkey0123456789' });
const TOKEN_URL = 'POST https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token';

describe('connectors through a proxy', () => {
  it('a proxy refusing the tunnel: Okta and Entra name the proxy and the host (neither "cancelled" nor "[redacted]")', async () => {
    const o = await readError(okta(), through(proxyUrl));
    expect(o.message).toContain(`GET https://acme.okta.com/api/v1/users: the proxy ${proxyAddress} refused the tunnel to acme.okta.com:443 (HTTP 502, set in network.proxy)`);
    const e = await readError(entra(), through(proxyUrl));
    expect(e.message).toBe(`${TOKEN_URL}: the proxy ${proxyAddress} refused the tunnel to login.microsoftonline.com:443 (HTTP 502, set in network.proxy)`);
    const p = await readError(prefect(), through(proxyUrl));
    expect(p.message).toContain(`the proxy ${proxyAddress} refused the tunnel to api.prefect.cloud:443 (HTTP 502, set in network.proxy)`);
  });

  it('an unresolvable proxy: SCIM and Entra blame the proxy, not the source host', async () => {
    const s = await readError(scim(), through(DNS_PROXY));
    expect(s.message).toContain('DNS lookup failed for the proxy proxy.corp.invalid (network.proxy)');
    expect(s.message).not.toContain('DNS lookup failed for scim.example.com');
    const e = await readError(entra(), through(DNS_PROXY));
    expect(e.message).toBe(`${TOKEN_URL}: DNS lookup failed for the proxy proxy.corp.invalid (network.proxy)`);
  });

  it('a closed proxy port, through a whole collection: the stored errors name the proxy and keep no secret', async () => {
    const db = openDatabase(':memory:');
    const outcome = await runCollection(
      { db, clock: new ManualClock('2026-05-01T08:00:00Z'), logger: silentLogger, createHttpClient: () => through(`http://${closedAddress}`) },
      [entra()],
      { trigger: 'test', actor: 'tester' },
    );
    const refused = `${TOKEN_URL}: could not connect to the proxy ${closedAddress} (connection refused), set in network.proxy`;
    expect(outcome).toMatchObject({ status: 'failed', error: `entra: ${refused}` });
    expect(getCollection(db, outcome.collectionId)!.sources[0]).toMatchObject({ status: 'failed', error: refused });
    expect(JSON.stringify(getCollection(db, outcome.collectionId))).not.toContain(ENTRA_SECRET);
  });
});

describe('Test connection through a proxy', () => {
  /** Tests connection `id` of a config file with `network.proxy` set to `proxyUrl`. */
  async function testWith(proxyUrlForConfig: string, source: string, env: Record<string, string>, id: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-proxy-test-'));
    fs.writeFileSync(path.join(dir, 'c.yaml'), `network:\n  proxy: ${proxyUrlForConfig}\nsources:\n${source}`);
    const core = openCore({ databasePath: path.join(dir, 'a.db'), configFile: path.join(dir, 'c.yaml'), env, logger: silentLogger });
    try {
      return await core.service.call('testConnection', { id });
    } finally {
      await core.close();
    }
  }
  const oktaSource = `  - id: okta\n    kind: okta\n    url: https://acme.okta.com\n    auth: { type: ssws, tokenEnv: OKTA_T }\n`;
  const entraSource = `  - id: entra\n    kind: entra\n    tenantId: contoso-tenant\n    clientId: client-1\n    auth: { type: secret, secretEnv: ENTRA_S }\n`;

  it('gives the same diagnosis as a collection: the proxy, where it is set, and what to check', async () => {
    const dns = await testWith(DNS_PROXY, oktaSource, { OKTA_T: 'okta-token-for-the-test' }, 'okta');
    expect(dns).toMatchObject({ ok: false, problem: 'dns', message: expect.stringContaining('DNS lookup failed for the proxy proxy.corp.invalid (network.proxy)') });
    expect(dns.hint).toMatch(/proxy's host name .* network\.proxy/);

    const tunnel = await testWith(proxyUrl, oktaSource, { OKTA_T: 'okta-token-for-the-test' }, 'okta');
    expect(tunnel).toMatchObject({ ok: false, problem: 'connect', message: expect.stringContaining(`the proxy ${proxyAddress} refused the tunnel to acme.okta.com:443 (HTTP 502, set in network.proxy)`) });
    expect(tunnel.hint).toContain('The proxy would not open a connection to acme.okta.com:443');

    const refused = await testWith(`http://${closedAddress}`, entraSource, { ENTRA_S: ENTRA_SECRET }, 'entra');
    expect(refused).toMatchObject({ ok: false, problem: 'connect', message: `${TOKEN_URL}: could not connect to the proxy ${closedAddress} (connection refused), set in network.proxy` });
    expect(refused.hint).toContain('network.proxy');

    // Okta's OAuth token request wraps the transport error in its own: the diagnosis still sees the proxy.
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const oauthSource = `  - id: okta\n    kind: okta\n    url: https://acme.okta.com\n    auth: { type: oauth, clientId: client-1, privateKeyEnv: OKTA_KEY }\n`;
    const oauth = await testWith(DNS_PROXY, oauthSource, { OKTA_KEY: key }, 'okta');
    expect(oauth).toMatchObject({ ok: false, problem: 'dns', message: expect.stringContaining('/oauth2/v1/token: DNS lookup failed for the proxy proxy.corp.invalid (network.proxy)') });
  }, 30_000);
});
