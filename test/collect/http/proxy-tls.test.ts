import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClientOptions } from '../../../electron/collect/http/undici-client';

/*
 * Corporate networks: a proxy that tunnels, and a source whose certificate is signed by a CA
 * only the config trusts (network.extraCaFile, as TLS inspection does). Every way of naming a
 * proxy must still use that CA for the source behind the tunnel: with `noProxy` set, undici's
 * EnvHttpProxyAgent took neither the CA nor the connect timeout, and the read failed on the
 * certificate. The CA and certificate are made for the test with openssl.
 */

let dir: string;
let caPem: string;
let source: https.Server;
let sourceUrl: string;
let proxy: http.Server;
let proxyUrl: string;
const tunnels: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-proxy-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Access Ledger test inspection CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  caPem = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');

  source = https.createServer({ key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
  sourceUrl = `https://127.0.0.1:${(source.address() as net.AddressInfo).port}/api/v1/users`;

  // A proxy that really tunnels: CONNECT host:port, then bytes both ways.
  proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await new Promise<void>((resolve) => source.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function read(options: HttpClientOptions): Promise<number> {
  const client = createHttpClient({ maxRetries: 0, ...options });
  try {
    return (await client.request({ method: 'GET', url: sourceUrl })).status;
  } finally {
    await client.close();
  }
}

describe('an extra CA through a proxy', () => {
  it('is used behind the tunnel whichever way the proxy is named, and the proxy is really used', async () => {
    for (const proxyOption of [{ url: proxyUrl }, { url: proxyUrl, noProxy: 'intranet.invalid' }] as const) {
      const before = tunnels.length;
      expect(await read({ proxy: proxyOption, extraCaPem: [caPem] }), JSON.stringify(proxyOption)).toBe(200);
      expect(tunnels.slice(before)).toEqual([sourceUrl.replace(/^https:\/\/([^/]+)\/.*$/, '$1')]);
    }
  });

  it('without the CA the certificate is refused: TLS verification stays on through the proxy', async () => {
    const error = await read({ proxy: { url: proxyUrl, noProxy: 'intranet.invalid' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String((error as Error | null)?.message)).toMatch(/certificate/i);
  });
});
