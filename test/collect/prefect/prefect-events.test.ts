import { afterEach, describe, expect, it } from 'vitest';
import { createPrefectConnector } from '../../../electron/collect/connectors/prefect/prefect-connector';
import { startPrefectSimulator, type PrefectSimOptions, type RunningPrefectSim } from '../../../electron/simulate/prefect/prefect-sim';
import type { SourceItem } from '../../../electron/collect/connector';
import type { SimRequest } from '../../../electron/simulate/sim-server';
import type { SourceEvent } from '../../../shared/domain/records';
import { buildPrefectTestOrg, TEST_NOW, type PrefectOrgSpec } from '../../simulate/prefect/fixtures';
import { runRead, testHttp } from './helpers';

const DAY = 86_400_000;
const sims: RunningPrefectSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function setup(spec: PrefectOrgSpec, simOptions: PrefectSimOptions = {}, lookbackDays = 40) {
  // Few members: these tests are about the audit log.
  const org = buildPrefectTestOrg({ users: 5, bots: 1, workspaces: 1, ...spec });
  const seen: SimRequest[] = [];
  const sim = await startPrefectSimulator(org, { ...simOptions, onRequest: (r) => seen.push(r) });
  sims.push(sim);
  const connector = createPrefectConnector({ sourceId: 'p', ...sim.credentials, auditLookbackDays: lookbackDays });
  const eventQueries = () =>
    seen.filter((r) => r.path.endsWith('/events/filter')).map((r) => (r.body as { filter: { occurred: { since: string; until: string } }; limit: number }));
  const nextPages = () => seen.filter((r) => r.path.endsWith('/events/filter/next'));
  return { org, sim, connector, eventQueries, nextPages };
}

const eventsOf = (items: SourceItem[]): SourceEvent[] => items.flatMap((i) => (i.type === 'event' ? [i.event] : []));

describe('Prefect audit events', () => {
  it('reads a 40-day range in windows of at most 14 days, following page tokens', async () => {
    const { org, connector, eventQueries, nextPages } = await setup({ auditDays: 45, auditPerDay: 30 });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    const queries = eventQueries();
    expect(queries.map((q) => q.filter.occurred)).toEqual([
      { since: '2025-01-20T12:00:00.000Z', until: '2025-02-03T12:00:00.000Z' },
      { since: '2025-02-03T12:00:00.000Z', until: '2025-02-17T12:00:00.000Z' },
      { since: '2025-02-17T12:00:00.000Z', until: '2025-03-01T12:00:00.000Z' },
    ]);
    for (const q of queries) {
      expect(Date.parse(q.filter.occurred.until) - Date.parse(q.filter.occurred.since)).toBeLessThanOrEqual(14 * DAY);
      expect(q.limit).toBe(200);
    }
    // 420 + 420 + 360 events: pages of 200 need 2 + 2 + 1 further pages by token.
    expect(nextPages()).toHaveLength(5);
    const events = eventsOf(out.items);
    const since = Date.parse(TEST_NOW) - 40 * DAY;
    const expected = org.prefect.auditEvents.filter((e) => Date.parse(e.occurred) >= since).map((e) => e.id).sort();
    expect(events.map((e) => e.id).sort()).toEqual(expected);
    expect(expected).toHaveLength(1200);
    expect(out.verdict.events).toBe(1200);
    expect(out.items.filter((i) => i.type === 'cursor')).toEqual([{ type: 'cursor', name: 'events.since', value: TEST_NOW }]);

    const sample = events.find((e) => e.id === org.prefect.auditEvents[0]!.id)!;
    const source = org.prefect.auditEvents[0]!;
    expect(sample).toEqual({
      id: source.id,
      occurredAt: source.occurred,
      type: source.event,
      actorId: org.prefect.members[0]!.actorId,
      actorName: 'user0000@example.com',
      targetIds: [source.resourceId],
      detail: { resourceId: source.resourceId, resourceName: 'target 0', related: [] },
    });
  });

  it('does not yield an event on a window edge twice', async () => {
    const { org, connector } = await setup({ auditDays: 0, auditPerDay: 0 });
    const edge = new Date(Date.parse(TEST_NOW) - 26 * DAY).toISOString(); // end of the first window
    org.prefect.auditEvents.push({ id: 'edge-event', occurred: edge, event: 'prefect-cloud.team.updated', resourceId: 'prefect-cloud.team.t1', resourceName: null, related: [] });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(eventsOf(out.items).map((e) => e.id)).toEqual(['edge-event']);
  });

  it('takes only the page token from next_page, even when it names another host', async () => {
    const { sim, connector, nextPages } = await setup({ auditDays: 10, auditPerDay: 50 }, { nextPageOrigin: 'http://internal-prefect.invalid:4200' });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(out.verdict.events).toBe(500);
    expect(nextPages()).toHaveLength(2);
    expect(sim.requests.every((r) => !r.includes('internal-prefect'))).toBe(true);
  });

  it("caps the first read's lookback at the account's audit retention", async () => {
    const { connector, eventQueries } = await setup({ auditDays: 45, auditPerDay: 2, retentionDays: 7 }, {}, 30);
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(eventQueries().map((q) => q.filter.occurred.since)).toEqual(['2025-02-22T12:00:00.000Z']);
    expect(out.verdict.events).toBe(14);
    expect(out.verdict.notes).toEqual([]);
  });

  it('resumes from the stored cursor, re-reading a short overlap', async () => {
    const { org, connector, eventQueries } = await setup({ auditDays: 45, auditPerDay: 30 });
    const first = await runRead(connector, testHttp().http, { now: TEST_NOW });
    const cursor = first.items.find((i) => i.type === 'cursor') as { value: string };

    const later = new Date(Date.parse(TEST_NOW) + 2 * DAY).toISOString();
    const added = [1, 2, 3].map((n) => ({
      id: `new-${n}`,
      occurred: new Date(Date.parse(TEST_NOW) + n * 3_600_000).toISOString(),
      event: 'prefect-cloud.api-key.rotated',
      resourceId: `prefect-cloud.api-key.k${n}`,
      resourceName: null,
      related: [],
    }));
    org.prefect.auditEvents.push(...added);
    const before = eventQueries().length;
    const second = await runRead(connector, testHttp().http, { now: later, cursors: new Map([['events.since', cursor.value]]) });
    const queries = eventQueries().slice(before);
    expect(queries.map((q) => q.filter.occurred)).toEqual([{ since: '2025-03-01T11:50:00.000Z', until: later }]);
    // The 10-minute overlap re-reads nothing new here (the last old event is 47 min before the cursor).
    expect(eventsOf(second.items).map((e) => e.id)).toEqual(['new-3', 'new-2', 'new-1']);
    expect(second.items.find((i) => i.type === 'cursor')).toEqual({ type: 'cursor', name: 'events.since', value: later });
  });

  it('falls back to pages of 50 when the events endpoint refuses limit 200', async () => {
    const { connector, eventQueries } = await setup({ auditDays: 10, auditPerDay: 12 }, { auditMaxLimit: 50 });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(eventQueries().map((q) => q.limit)).toEqual([200, 50, 50, 50]);
    expect(out.verdict.events).toBe(120);
    expect(out.verdict.notes).toEqual(['the events endpoint refused limit 200; read audit events 50 per page']);
  });

  it('keeps the identity records and notes it when the key may not read the audit log', async () => {
    const { connector } = await setup({ auditDays: 5, auditPerDay: 5 }, { faults: [{ match: '/events/filter', kind: 'status', status: 403 }] });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(out.verdict.complete).toBe(true);
    expect(out.records.filter((r) => r.kind === 'prefect_member')).toHaveLength(6);
    expect(out.verdict.events).toBe(0);
    expect(out.items.some((i) => i.type === 'cursor')).toBe(false);
    expect(out.verdict.notes).toEqual([expect.stringMatching(/^audit events not read: Prefect: the key lacks permission to read audit events \(403 on POST \/accounts\/.+\/events\/filter/)]);
  });

  it('skips audit events when told to', async () => {
    const org = buildPrefectTestOrg({ users: 5, bots: 1, workspaces: 1, auditDays: 5, auditPerDay: 5 });
    const sim = await startPrefectSimulator(org);
    sims.push(sim);
    const connector = createPrefectConnector({ sourceId: 'p', ...sim.credentials, includeAuditEvents: false });
    const out = await runRead(connector, testHttp().http, { now: TEST_NOW });
    expect(out.verdict.events).toBe(0);
    expect(out.items.some((i) => i.type === 'cursor')).toBe(false);
    expect(sim.requests.some((r) => r.includes('/events/'))).toBe(false);
  });
});
