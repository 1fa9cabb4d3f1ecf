import { afterEach, describe, expect, it } from 'vitest';
import { createOktaConnector } from '../../../electron/collect/connectors/okta/okta-connector';
import { OktaError } from '../../../electron/collect/connectors/okta/okta-errors';
import { idFor, type IdpStatus } from '../../../electron/simulate/org/org-model';
import { startOktaSimulator, type RunningOktaSim } from '../../../electron/simulate/okta/okta-sim';
import { orgOfSize, smallOrg } from '../../simulate/okta/fixtures';
import { fakeTime, fastHttp, makeCtx, recordsOf, runRead } from './helpers';

const sims: RunningOktaSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function sim(...args: Parameters<typeof startOktaSimulator>) {
  const s = await startOktaSimulator(...args);
  sims.push(s);
  return s;
}

function connectorFor(s: RunningOktaSim, token = s.token) {
  return createOktaConnector({ sourceId: 'okta-faults', baseUrl: s.baseUrl, auth: { type: 'ssws', token }, prefectAppId: s.prefectAppId });
}

/** Nothing a read yields or throws may contain the credential. */
function expectNoSecret(out: { items: unknown[]; error: Error | null }, secret: string) {
  expect(JSON.stringify(out.items)).not.toContain(secret);
  expect(out.error?.message ?? '').not.toContain(secret);
  expect(out.error?.stack ?? '').not.toContain(secret);
}

const MEMBERS = /^\/api\/v1\/groups\/[^/]+\/users/;

describe('Okta connector under faults', () => {
  it('waits out a 429 until X-Rate-Limit-Reset measured against Date (no Retry-After), then succeeds', async () => {
    const serverNow = Date.parse('2025-06-30T12:00:15.500Z');
    const s = await sim(smallOrg(), { now: () => serverNow, faults: [{ match: '/api/v1/users', kind: 'rate-limit', times: 1 }] });
    const time = fakeTime();
    const http = fastHttp(time);
    const out = await runRead(connectorFor(s), makeCtx({ http }));
    expect(out.error).toBeNull();
    // The window of the injected 429 resets at 12:01:00; the response Date says 12:00:15.
    expect(time.sleeps).toEqual([45_000]);
    const waits = out.items.flatMap((i) => (i.type === 'progress' && i.progress.waitingMs ? [i.progress] : []));
    expect(waits).toEqual([expect.objectContaining({ phase: 'users', waitingMs: 45_000, message: expect.stringContaining('rate limit') })]);
    expect(s.requests.slice(0, 2)).toEqual(['GET /api/v1/users?limit=200', 'GET /api/v1/users?limit=200']);
    expect(recordsOf(out.items, 'idp_user')).toHaveLength(14);
  });

  it('fails with E0000047 named when the rate limit outlasts the retries', async () => {
    const s = await sim(smallOrg(), { faults: [{ match: '/api/v1/users', kind: 'rate-limit', times: 99 }] });
    const http = fastHttp();
    const out = await runRead(connectorFor(s), makeCtx({ http }));
    expect(out.error).toBeInstanceOf(OktaError);
    expect(out.error!.message).toMatch(/^Okta \/api\/v1\/users page 1: Okta rate limit still exceeded after retries \(E0000047\)/);
    expect((out.error as OktaError).oktaCode).toBe('E0000047');
    expect(http.requestCount).toBe(6);
  });

  it('asks again with a smaller page when a group-members page answers 500, without waiting', async () => {
    const s = await sim(orgOfSize(23), { faults: [{ match: MEMBERS, kind: 'status', status: 500, times: 1 }] });
    const time = fakeTime();
    const out = await runRead(connectorFor(s), makeCtx({ http: fastHttp(time) }));
    expect(out.error).toBeNull();
    const gAll = idFor('okta-group', 'g-all');
    const memberRequests = s.requests.filter((r) => r.startsWith(`GET /api/v1/groups/${gAll}/users`));
    expect(memberRequests).toEqual([`GET /api/v1/groups/${gAll}/users?limit=200`, `GET /api/v1/groups/${gAll}/users?limit=100`]);
    expect(recordsOf(out.items, 'idp_group_member')).toHaveLength(23 + 12);
    expect(time.sleeps).toEqual([]);
    expect(out.items.some((i) => i.type === 'progress' && /limit=100/.test(i.progress.message ?? ''))).toBe(true);
    expect(out.verdict!.complete).toBe(true);
  });

  it('gives up on a group-members page that keeps timing out at the smallest page, naming it', async () => {
    const s = await sim(orgOfSize(5), { faults: [{ match: MEMBERS, kind: 'status', status: 500, times: 99 }] });
    const out = await runRead(connectorFor(s), makeCtx({ http: fastHttp() }));
    const gAll = idFor('okta-group', 'g-all');
    expect(out.error!.message).toBe(
      `Okta /api/v1/groups/${gAll}/users page 1: HTTP 500 E0000009: Your last request took too long to complete. This is likely due to a load issue on our side. We\u2019ve logged this and will work to address it. Please either simplify your query or wait a few minutes and try again.`,
    );
    expect(s.requests.filter((r) => r.includes('/users?limit=')).map((r) => /limit=(\d+)/.exec(r)![1]).slice(-4)).toEqual(['200', '100', '50', '25']);
  });

  it('retries 5xx and connection resets (lists, group members and the System Log)', async () => {
    const s = await sim(smallOrg(), {
      faults: [
        { match: '/api/v1/users', kind: 'status', status: 503, times: 2 },
        { match: /^\/api\/v1\/groups\?/, kind: 'reset', times: 1 },
        { match: MEMBERS, kind: 'reset', times: 1 },
        { match: MEMBERS, kind: 'status', status: 502, after: 2, times: 1 },
        { match: '/api/v1/logs', kind: 'status', status: 504, times: 1 },
      ],
    });
    const time = fakeTime();
    const out = await runRead(connectorFor(s), makeCtx({ http: fastHttp(time) }));
    expect(out.error).toBeNull();
    expect(recordsOf(out.items, 'idp_user')).toHaveLength(14);
    expect(recordsOf(out.items, 'idp_group_member')).toHaveLength(17);
    expect(out.verdict!.complete).toBe(true);
    // Backoffs: two 503s on users, the reset on the group list, the 504 on the log. The member
    // page's reset and 502 are first answered to us unretried, then re-sent through the client's policy at once.
    expect(time.sleeps).toHaveLength(4);
    expect(s.requests.filter((r) => MEMBERS.test(r.slice(4)))).toHaveLength(4 + 2);
  });

  it('fails naming the page when a page is not JSON', async () => {
    const s = await sim(orgOfSize(23), { pageSizeCap: 6, faults: [{ match: '/api/v1/users', kind: 'malformed', after: 1, times: 1 }] });
    const out = await runRead(connectorFor(s), makeCtx({ http: fastHttp() }));
    expect(out.error).toBeInstanceOf(OktaError);
    expect(out.error!.message).toMatch(/^Okta \/api\/v1\/users page 2: body is not JSON/);
    expect(out.verdict).toBeNull();
  });

  it('fails naming the page when a page is cut short', async () => {
    const s = await sim(smallOrg(), { faults: [{ match: /^\/api\/v1\/groups\?/, kind: 'truncate', times: 1 }] });
    const out = await runRead(connectorFor(s), makeCtx({ http: fastHttp() }));
    expect(out.error!.message).toMatch(/^Okta \/api\/v1\/groups page 1: body is not valid JSON \(cut short\?/);
  });

  it('quarantines a user it cannot normalize, keeps reading, and does not vouch for completeness', async () => {
    const org = smallOrg();
    org.people[4]!.idpStatus = 'ON_HOLD' as IdpStatus; // not an Okta status
    const s = await sim(org);
    const out = await runRead(connectorFor(s), makeCtx());
    expect(out.error).toBeNull();
    const quarantined = out.items.filter((i) => i.type === 'quarantine');
    expect(quarantined).toEqual([
      expect.objectContaining({ kind: 'idp_user', reason: `user ${idFor('okta-user', 'p00005')} has an unknown Okta status "ON_HOLD"`, where: 'Okta /api/v1/users page 1' }),
    ]);
    expect(recordsOf(out.items, 'idp_user')).toHaveLength(13);
    expect(recordsOf(out.items, 'idp_group')).toHaveLength(5); // with the built-in Everyone
    expect(out.verdict!.complete).toBe(false);
    expect(out.verdict!.notes.join(' ')).toMatch(/quarantined/);
  });

  it('explains a rejected SSWS token by its errorCode and never repeats the token', async () => {
    const s = await sim(smallOrg());
    const wrong = '00WrongTokenValue-abcdefghijklmnop';
    const out = await runRead(connectorFor(s, wrong), makeCtx());
    expect(out.error).toBeInstanceOf(OktaError);
    expect(out.error!.message).toMatch(/^Okta rejected the API token \(E0000011\) at Okta \/api\/v1\/users page 1/);
    expect((out.error as OktaError).code).toBe('UNAUTHORIZED');
    expectNoSecret(out, wrong);
    expectNoSecret(out, s.token);
  });

  it('keeps the SSWS token out of everything a faulty read yields', async () => {
    const s = await sim(orgOfSize(9), {
      pageSizeCap: 3,
      faults: [
        { match: '/api/v1/users', kind: 'rate-limit', times: 1 },
        { match: MEMBERS, kind: 'status', status: 500, times: 1 },
        { match: '/api/v1/logs', kind: 'malformed', times: 1 },
      ],
    });
    const out = await runRead(connectorFor(s), makeCtx({ http: fastHttp() }));
    expect(out.error!.message).toMatch(/\/api\/v1\/logs page 1: body is not JSON/);
    expect(out.items.length).toBeGreaterThan(10);
    expectNoSecret(out, s.token);
  });
});
