import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../../electron/api/open-core';
import { silentLogger } from '../../../electron/platform/logger';

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
});
