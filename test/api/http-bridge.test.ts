import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { openCore } from '../../electron/api/open-core';
import { startBridge, type RunningBridge } from '../../electron/api/http-bridge';
import { systemClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';

let bridge: RunningBridge;
let staticDir: string;

/** Raw request so that Host and Origin can be forged the way an attacker's page would. */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: bridge.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, setHost: !options.headers?.host },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  raw({
    method: 'POST',
    path: `/api/${channel}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bridge.token}`, ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(os.tmpdir(), 'al-secret-outside.txt'), 'outside');
  const { service } = openCore({ databasePath: ':memory:', clock: systemClock, logger: silentLogger });
  bridge = await startBridge({ service, staticDir, port: 0, logger: silentLogger });
});
afterAll(async () => {
  await bridge.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('loopback bridge', () => {
  it('binds 127.0.0.1 and prints a URL carrying the token in the fragment', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers API calls that carry the token', async () => {
    const r = await api('appInfo', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { transport: 'http' } });
  });

  it('refuses API calls without the token or with a wrong one (401)', async () => {
    const none = await raw({ method: 'POST', path: '/api/appInfo', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await api('appInfo', {}, { authorization: 'Bearer ' + 'x'.repeat(32) });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const r = await api('appInfo', {}, { host: 'evil.example' });
    expect(r.status).toBe(421);
    const page = await raw({ path: '/', headers: { host: `localhost.evil.example:${bridge.port}` } });
    expect(page.status).toBe(421);
  });

  it('refuses cross-origin requests, even with the token', async () => {
    expect((await api('appInfo', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('appInfo', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await api('appInfo', {}, { origin: bridge.origin })).status).toBe(200);
  });

  it('applies the same argument schemas as IPC', async () => {
    const r = await api('setSetting', { key: 'x', value: { nested: 'object' } });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses non-JSON bodies and non-POST API calls', async () => {
    const form = await raw({ method: 'POST', path: '/api/appInfo', headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const get = await raw({ path: '/api/appInfo', headers: { authorization: `Bearer ${bridge.token}` } });
    expect(get.status).toBe(405);
  });

  it('serves the UI with a strict CSP and falls back to index.html for app routes', async () => {
    const root = await raw({ path: '/' });
    expect(root.status).toBe(200);
    expect(root.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await raw({ path: '/people/ana' })).body).toContain('<title>app</title>');
    expect((await raw({ path: '/assets/app.js' })).headers['content-type']).toContain('javascript');
  });

  it('falls back to index.html for routes with a dot (a person page), but not for a missing asset', async () => {
    for (const p of ['/people/ana.ruiz%40example.co', '/people/ana.ruiz@example.com?at=2026-11-03']) {
      const r = await raw({ path: p });
      expect(r.status, p).toBe(200);
      expect(r.body, p).toContain('<title>app</title>');
    }
    for (const p of ['/assets/missing.js', '/assets/missing.css', '/favicon.ico']) expect((await raw({ path: p })).status, p).toBe(404);
  });

  it('never serves files outside the UI folder', async () => {
    for (const p of ['/../al-secret-outside.txt', '/%2e%2e/al-secret-outside.txt', '/assets/..%2f..%2fal-secret-outside.txt', '/..%5cal-secret-outside.txt']) {
      const r = await raw({ path: p });
      expect(r.body).not.toContain('outside');
    }
  });
});
