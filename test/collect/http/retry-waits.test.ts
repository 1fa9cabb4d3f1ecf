import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../electron/collect/http/undici-client';
import { fakeTime } from '../okta/helpers';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server that answers each request with the next scripted response, and keeps the headers it was sent. */
async function scripted(responses: { status: number; headers: Record<string, string> }[]) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const next = responses.shift() ?? { status: 200, headers: {} };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.status === 200 ? '[]' : '{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/users`, seen };
}

describe('HTTP client retry waits', () => {
  it('backs off after a concurrency 429 whose reset is already due, instead of retrying at once', async () => {
    const time = fakeTime(Date.parse('2025-06-30T12:00:15.000Z'));
    const date = new Date(time.now()).toUTCString();
    // Okta's concurrency 429: Limit and Remaining 0, Reset this very second.
    const concurrency = { status: 429, headers: { 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(time.now() / 1000)), date } };
    const s = await scripted([concurrency, concurrency]);
    const client = createHttpClient({ proxy: 'none', now: time.now, sleep: time.sleep, random: () => 0.5, maxRetries: 5, backoffBaseMs: 500 });
    const res = await client.request({ method: 'GET', url: s.url });
    expect(res.status).toBe(200);
    expect(client.requestCount).toBe(3);
    // Full-jitter backoff (half of 500 ms, then of 1 s at random 0.5), never zero.
    expect(time.sleeps).toEqual([251, 501]);
  });

  it('makes the per-attempt headers anew for every attempt, retries included', async () => {
    const time = fakeTime();
    const s = await scripted([{ status: 503, headers: {} }]);
    const client = createHttpClient({ proxy: 'none', now: time.now, sleep: time.sleep, random: () => 0.5 });
    let n = 0;
    const res = await client.request({ method: 'GET', url: s.url, headers: { authorization: 'DPoP x' }, freshHeaders: () => ({ dpop: `proof-${++n}` }) });
    expect(res.status).toBe(200);
    expect(s.seen.map((h) => [h.authorization, h.dpop])).toEqual([
      ['DPoP x', 'proof-1'],
      ['DPoP x', 'proof-2'],
    ]);
  });
});
