import { afterEach, describe, expect, it } from 'vitest';
import { createPrefectConnector } from '../../../electron/collect/connectors/prefect/prefect-connector';
import { HttpError } from '../../../electron/collect/http/http-client';
import { createPrefectSimHandler, startPrefectSimulator, type PrefectSimOptions } from '../../../electron/simulate/prefect/prefect-sim';
import { startSimServer, type RunningSim, type SimHandler, type SimResponse, type SimRequest } from '../../../electron/simulate/sim-server';
import { allSecrets, buildPrefectTestOrg, TEST_NOW } from '../../simulate/prefect/fixtures';
import { countByPath, recordsOf, runRead, testHttp } from './helpers';

const sims: RunningSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function simWith(options: PrefectSimOptions = {}, spec = { users: 440, bots: 10 }) {
  const org = buildPrefectTestOrg(spec);
  const sim = await startPrefectSimulator(org, options);
  sims.push(sim);
  return { org, sim, connector: createPrefectConnector({ sourceId: 'p', ...sim.credentials, includeAuditEvents: false }) };
}

/** The real simulator behind a wrapper that can rewrite chosen answers (shapes the simulator never sends). */
async function wrappedSim(rewrite: (req: SimRequest, inner: SimResponse) => SimResponse | undefined) {
  const org = buildPrefectTestOrg({ users: 440, bots: 10 });
  const inner = createPrefectSimHandler(org);
  const handler: SimHandler = async (req) => {
    const res = await inner(req);
    return rewrite(req, res) ?? res;
  };
  const sim = await startSimServer({ name: 'prefect-wrapped', handler });
  sims.push(sim);
  const connector = createPrefectConnector({ sourceId: 'p', apiUrl: `${sim.origin}/api`, accountId: org.prefect.accountId, apiKey: inner.apiKey, includeAuditEvents: false });
  return { org, sim, connector };
}

async function readError(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error('expected the read to fail');
}

describe('Prefect connector under faults', () => {
  it('waits out the per-account rate limit for the Retry-After seconds and finishes', async () => {
    let fakeNow = Date.parse('2025-03-01T00:00:00Z');
    const { sim, connector } = await simWith({ rateLimitPerMinute: 10, now: () => fakeNow });
    const { http, waits } = testHttp({ onSleep: (ms) => void (fakeNow += ms) });
    const out = await runRead(connector, http, { now: TEST_NOW });
    expect(out.verdict.complete).toBe(true);
    expect(recordsOf(out.records, 'prefect_member')).toHaveLength(450);
    // 33 requests at 10 a minute: three 429s, each asking for the rest of the minute.
    expect(waits).toEqual([60_000, 60_000, 60_000]);
    expect(sim.requests).toHaveLength(33 + 3);
    expect(out.items.some((i) => i.type === 'progress' && i.progress.waitingMs === 60_000)).toBe(true);
  });

  it("retries the simulator's 429 burst and 5xx answers on filter reads", async () => {
    const { sim, connector } = await simWith({
      faults: [
        { match: 'account_memberships/filter', kind: 'status', status: 503, after: 1, times: 2 },
        { match: 'teams/filter', kind: 'rate-limit', times: 2 },
      ],
    });
    const { http, waits } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    expect(recordsOf(out.records, 'prefect_member')).toHaveLength(450);
    expect(out.verdict.complete).toBe(true);
    const byPath = countByPath(sim.requests);
    expect(byPath.get('POST /api/accounts/:id/account_memberships/filter')).toBe(3 + 2);
    expect(byPath.get('POST /api/accounts/:id/teams/filter')).toBe(1 + 2);
    expect(waits).toEqual([6, 11, 1000, 1000]); // two jittered backoffs, then Retry-After: 1 twice
  });

  it('retries a connection reset', async () => {
    const { sim, connector } = await simWith({ faults: [{ match: 'bots/filter', kind: 'reset', times: 1 }] });
    const { http } = testHttp();
    const out = await runRead(connector, http, { now: TEST_NOW });
    expect(recordsOf(out.records, 'prefect_service_account')).toHaveLength(10);
    expect(countByPath(sim.requests).get('POST /api/accounts/:id/bots/filter')).toBe(2);
  });

  it('fails clearly on a rejected key, without repeating the key', async () => {
    const { sim } = await simWith();
    const badKey = 'pnu_thisKeyIsNotValid0000000000000000';
    const connector = createPrefectConnector({ sourceId: 'p', ...sim.credentials, apiKey: badKey });
    const { http } = testHttp();
    const error = await readError(runRead(connector, http, { now: TEST_NOW }));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^Prefect rejected the API key \(401 on POST \/accounts\/[0-9a-f-]+\/account_roles\/filter \(offset 0\)\)/);
    expect(error.message).not.toContain(badKey);
    expect(sim.requests).toHaveLength(1); // a 401 is not retried
  });

  it('names what the key may not read on a 403, and shows a 422 detail', async () => {
    const forbidden = await simWith({ faults: [{ match: 'teams/filter', kind: 'status', status: 403 }] });
    const e403 = await readError(runRead(forbidden.connector, testHttp().http, { now: TEST_NOW }));
    expect(e403.message).toMatch(/Prefect: the key lacks permission to read teams \(403 on POST \/accounts\/.+\/teams\/filter \(offset 0\)\): Forbidden/);

    const invalid = await simWith({ faults: [{ match: 'account_roles/filter', kind: 'status', status: 422 }] });
    const e422 = await readError(runRead(invalid.connector, testHttp().http, { now: TEST_NOW }));
    expect(e422.status).toBe(422);
    expect(e422.message).toContain('(422): body.limit: Input should be less than or equal to 200');
  });

  it('names the endpoint and offset of a page that is not JSON or is cut short', async () => {
    const malformed = await simWith({ faults: [{ match: 'account_memberships/filter', kind: 'malformed', after: 1 }] });
    const e1 = await readError(runRead(malformed.connector, testHttp().http, { now: TEST_NOW }));
    expect(e1.message).toMatch(/^Prefect POST \/accounts\/[0-9a-f-]+\/account_memberships\/filter \(offset 200\): body is not JSON/);

    const truncated = await simWith({ faults: [{ match: 'user_access/filter', kind: 'truncate', after: 2 }] });
    const e2 = await readError(runRead(truncated.connector, testHttp().http, { now: TEST_NOW }));
    expect(e2.message).toMatch(/\/workspaces\/[0-9a-f-]+\/user_access\/filter \(offset 0\): body is not JSON/);
  });

  it('fails on a page that is not an array, naming endpoint and offset', async () => {
    const { connector } = await wrappedSim((req) => (req.path.endsWith('/bots/filter') ? { status: 200, json: { items: [] } } : undefined));
    const error = await readError(runRead(connector, testHttp().http, { now: TEST_NOW }));
    expect(error.message).toMatch(/POST \/accounts\/[0-9a-f-]+\/bots\/filter \(offset 0\): expected a JSON array of service accounts, got an object/);
  });

  it('quarantines an item it cannot normalize, keeps reading, and drops key material from the quarantined copy', async () => {
    const { org, connector } = await wrappedSim((req, res) => {
      const body = req.body as { offset?: number } | undefined;
      if (req.path.endsWith('/account_memberships/filter') && body?.offset === 200 && Array.isArray(res.json)) {
        const items = [...(res.json as Record<string, unknown>[])];
        items[0] = { ...items[0], actor_id: undefined };
        return { status: 200, json: items };
      }
      if (req.path.endsWith('/bots/filter') && Array.isArray(res.json)) {
        const items = [...(res.json as Record<string, unknown>[])];
        const first = items[0] as { api_key: Record<string, unknown> };
        items[0] = { ...first, name: '', api_key: { ...first.api_key, key: 'pnb_leakedKeyValue1234567890' } };
        return { status: 200, json: items };
      }
      return undefined;
    });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    const quarantined = out.items.flatMap((i) => (i.type === 'quarantine' ? [i] : []));
    expect(quarantined.map((q) => [q.kind, q.reason])).toEqual([
      ['prefect_member', 'actor_id: Invalid input: expected string, received undefined'],
      ['prefect_service_account', 'name: Too small: expected string to have >=1 characters'],
    ]);
    expect(quarantined[0]!.where).toMatch(/account_memberships\/filter \(offset 200\)$/);
    expect(recordsOf(out.records, 'prefect_member')).toHaveLength(449);
    expect(recordsOf(out.records, 'prefect_service_account')).toHaveLength(9);
    expect(out.verdict.complete).toBe(false);
    expect(out.verdict.notes).toContain('2 item(s) could not be normalized and were quarantined; removals are not inferred from this read');
    const text = JSON.stringify(out);
    expect(text).not.toContain('pnb_leakedKeyValue');
    for (const secret of allSecrets(org)) expect(text).not.toContain(secret);
  });

  it('notes a missing count endpoint and still vouches for the read', async () => {
    const { connector } = await wrappedSim((req) => (req.path.endsWith('/account_memberships/count') ? { status: 404, json: { detail: 'Not Found' } } : undefined));
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(out.verdict.complete).toBe(true);
    expect(recordsOf(out.records, 'prefect_member')).toHaveLength(450);
    expect(out.verdict.notes).toEqual(['membership count endpoint not available (404); memberships were not cross-checked against a total']);
  });

  it('stops when cancelled', async () => {
    const { sim, connector } = await simWith();
    const controller = new AbortController();
    const { http } = testHttp();
    const gen = connector.read({ http, clock: { now: () => new Date(TEST_NOW) }, signal: controller.signal, cursors: new Map() });
    const first = await gen.next();
    expect(first.done).toBe(false);
    controller.abort();
    const error = await readError((async () => { for (;;) if ((await gen.next()).done) return; })());
    expect(error.kind).toBe('aborted');
    expect(sim.requests.length).toBeLessThan(5);
  });
});
