import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../../electron/api/open-core';
import { silentLogger } from '../../../electron/platform/logger';
import { startEntraSimulator } from '../../../electron/simulate/entra/entra-sim';
import { startOktaSimulator } from '../../../electron/simulate/okta/okta-sim';
import { buildEntraOrg } from '../../simulate/entra/fixtures';
import { smallOrg } from '../../simulate/okta/fixtures';

/** Tests connection `id` of a config file written from `yaml` (sources only), with `env`. */
async function testWith(yaml: string, env: Record<string, string>, id: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-conn-test-'));
  fs.writeFileSync(path.join(dir, 'c.yaml'), `sources:\n${yaml}`);
  const core = openCore({ databasePath: path.join(dir, 'a.db'), configFile: path.join(dir, 'c.yaml'), env, logger: silentLogger });
  try {
    const started = Date.now();
    const diagnosis = await core.service.call('testConnection', { id });
    return { ...diagnosis, ms: Date.now() - started };
  } finally {
    await core.close();
  }
}

/** A closed port on this machine: listen, note the port, close. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// A server that takes every connection and drops it at once: unreachable, as far as HTTP goes.
let server: net.Server;
let connections = 0;
beforeAll(async () => {
  server = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('testing a connection', () => {
  it('gives up on a server that drops the connection after one retry, not five with backoff', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-conn-test-'));
    const port = (server.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(dir, 'c.yaml'), `sources:\n  - id: dir\n    kind: scim\n    url: http://127.0.0.1:${port}/scim/v2\n    auth: { type: bearer, tokenEnv: DIR_TOKEN }\n`);
    const core = openCore({ databasePath: path.join(dir, 'a.db'), configFile: path.join(dir, 'c.yaml'), env: { DIR_TOKEN: 'scim-token-for-the-test' }, logger: silentLogger });
    try {
      const diagnosis = await core.service.call('testConnection', { id: 'dir' });
      expect(diagnosis.ok).toBe(false);
      expect(connections).toBe(2);
    } finally {
      await core.close();
    }
  }, 30_000);

  it('Okta on a closed port is "connect", not "works" (a progress line is not an answer)', async () => {
    const port = await closedPort();
    const d = await testWith(`  - id: okta\n    kind: okta\n    url: http://127.0.0.1:${port}\n    auth: { type: ssws, tokenEnv: OKTA_T }\n`, { OKTA_T: 'okta-token-for-the-test' }, 'okta');
    expect(d).toMatchObject({ ok: false, problem: 'connect' });
    expect(d.message).toMatch(/connection refused by 127\.0\.0\.1/);
    // Wrapped in Okta's own error, the transport failure still gives its kind.
    const dns = await testWith(`  - id: okta\n    kind: okta\n    url: https://acme.invalid\n    auth: { type: ssws, tokenEnv: OKTA_T }\n`, { OKTA_T: 'okta-token-for-the-test' }, 'okta');
    expect(dns).toMatchObject({ ok: false, problem: 'dns' });
  });

  it('a rate limit that asks for a minute is reported in seconds, not waited out', async () => {
    const limited = http.createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' });
      res.end('{"detail":"Too many requests"}');
    });
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    try {
      const port = (limited.address() as net.AddressInfo).port;
      const d = await testWith(
        `  - id: prefect\n    kind: prefect\n    url: http://127.0.0.1:${port}/api\n    accountId: 00000000-0000-4000-8000-000000000000\n    auth: { type: bearer, tokenEnv: PF_KEY }\n`,
        { PF_KEY: 'prefect-key-for-the-test' },
        'prefect',
      );
      expect(d).toMatchObject({ ok: false, problem: 'rate-limit' });
      expect(d.message).toMatch(/rate limiting \(429\) and asked us to wait 60 s/);
      expect(d.ms).toBeLessThan(10_000);
    } finally {
      await new Promise<void>((resolve) => limited.close(() => resolve()));
    }
  }, 30_000);

  it('https to a port that speaks plain http says so, instead of blaming a certificate', async () => {
    const plain = http.createServer((_req, res) => res.end('[]'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const port = (plain.address() as net.AddressInfo).port;
      const d = await testWith(`  - id: dir\n    kind: scim\n    url: https://127.0.0.1:${port}/scim/v2\n    auth: { type: bearer, tokenEnv: DIR_TOKEN }\n`, { DIR_TOKEN: 'scim-token-for-the-test' }, 'dir');
      expect(d).toMatchObject({ ok: false, problem: 'connect' });
      expect(d.message).toMatch(/did not answer in TLS: is the URL http:\/\/ rather than https:\/\//);
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it('Entra: a permission missing for groups is found by the test, not by the first collection', async () => {
    const yaml = (sim: Awaited<ReturnType<typeof startEntraSimulator>>) =>
      `  - id: entra\n    kind: entra\n    tenantId: ${sim.credentials.tenantId}\n    clientId: ${sim.credentials.clientId}\n    graphUrl: ${sim.credentials.graphBaseUrl}\n    loginUrl: ${sim.credentials.loginBaseUrl}\n    auth: { type: secret, secretEnv: ENTRA_S }\n`;
    const usersOnly = await startEntraSimulator(buildEntraOrg(), { permissions: ['User.Read.All'] });
    const full = await startEntraSimulator(buildEntraOrg());
    try {
      const refused = await testWith(yaml(usersOnly), { ENTRA_S: usersOnly.credentials.clientSecret }, 'entra');
      expect(refused).toMatchObject({ ok: false, problem: 'permission' });
      expect(refused.message).toMatch(/groups\/delta page 1: HTTP 403.*GroupMember\.Read\.All/);
      const works = await testWith(yaml(full), { ENTRA_S: full.credentials.clientSecret }, 'entra');
      expect(works).toMatchObject({ ok: true, message: expect.stringMatching(/users and groups with their members are readable \(3 requests\)/) });
    } finally {
      await usersOnly.close();
      await full.close();
    }
  });

  it('Okta: the test asks each endpoint family a read uses once (users, groups, System Log, the Prefect app), each with its own scope', async () => {
    const sim = await startOktaSimulator(smallOrg());
    try {
      const d = await testWith(`  - id: okta\n    kind: okta\n    url: ${sim.baseUrl}\n    auth: { type: ssws, tokenEnv: OKTA_T }\n    prefectAppId: ${sim.prefectAppId}\n`, { OKTA_T: sim.token }, 'okta');
      expect(d).toMatchObject({ ok: true, message: 'Connected to okta: users, groups, the System Log and the Prefect app are readable (4 requests).' });
      expect(sim.requests.map((r) => r.split('?')[0])).toEqual(['GET /api/v1/users', 'GET /api/v1/groups', 'GET /api/v1/logs', `GET /api/v1/apps/${sim.prefectAppId}/users`]);
    } finally {
      await sim.close();
    }
  });
});
