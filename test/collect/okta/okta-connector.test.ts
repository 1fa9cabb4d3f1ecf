import { afterEach, describe, expect, it } from 'vitest';
import { createOktaConnector } from '../../../electron/collect/connectors/okta/okta-connector';
import { ManualClock } from '../../../electron/platform/clock';
import { idFor } from '../../../electron/simulate/org/org-model';
import { startOktaSimulator, type RunningOktaSim } from '../../../electron/simulate/okta/okta-sim';
import { addEvent, eventUuid, orgOfSize, ORG_NOW, smallOrg, SMALL_ORG_EXPECTED_EVENT_UUIDS } from '../../simulate/okta/fixtures';
import { cursorOf, eventsOf, fastHttp, makeCtx, recordsOf, runRead } from './helpers';

const sims: RunningOktaSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function sim(...args: Parameters<typeof startOktaSimulator>) {
  const s = await startOktaSimulator(...args);
  sims.push(s);
  return s;
}

function connectorFor(s: RunningOktaSim, extra: Partial<Parameters<typeof createOktaConnector>[0]> = {}) {
  return createOktaConnector({ sourceId: 'okta-test', baseUrl: s.baseUrl, auth: { type: 'ssws', token: s.token }, prefectAppId: s.prefectAppId, ...extra });
}

describe('Okta connector against the simulator', () => {
  it('reads users of every status, groups, members, app assignments and events, and vouches for it', async () => {
    const s = await sim(smallOrg());
    const out = await runRead(connectorFor(s), makeCtx());
    expect(out.error).toBeNull();
    const users = recordsOf(out.items, 'idp_user');
    expect(users).toHaveLength(14);
    const byStatus = new Map(users.map((u) => [(u.value as { rawStatus: string }).rawStatus, 0]));
    for (const u of users) byStatus.set((u.value as { rawStatus: string }).rawStatus, (byStatus.get((u.value as { rawStatus: string }).rawStatus) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ ACTIVE: 7, STAGED: 1, PROVISIONED: 1, SUSPENDED: 2, DEPROVISIONED: 3 });
    const p3 = users.find((u) => u.key === idFor('okta-user', 'p00003'))!;
    expect(p3.value).toEqual({
      id: idFor('okta-user', 'p00003'),
      userName: 'given3.family3@acme.example',
      email: 'given3.family3@acme.example',
      emails: ['given3.family3@acme.example', 'alias3@acme-old.example'],
      displayName: 'Given3 Family3',
      rawStatus: 'ACTIVE',
      lifecycle: 'active',
      employeeId: 'E00003',
      department: 'Finance',
    });
    const lifecycles = new Set(users.map((u) => (u.value as { lifecycle: string }).lifecycle));
    expect(lifecycles).toEqual(new Set(['active', 'staged', 'suspended', 'deprovisioned']));

    // Every org has the built-in Everyone group: recorded, but its members (every user) are not read.
    expect(recordsOf(out.items, 'idp_group').map((g) => (g.value as { name: string }).name)).toEqual(['Everyone', 'engineering', 'finance', 'prefect-admins', 'prefect-developers']);
    const members = recordsOf(out.items, 'idp_group_member');
    expect(members).toHaveLength(6 + 5 + 2 + 4); // eng, finance, prefect-admins, prefect-developers
    expect(members.map((m) => m.key)).toContain(`${idFor('okta-group', 'g-eng')}:${idFor('okta-user', 'p00004')}`);
    const assignments = recordsOf(out.items, 'idp_app_assignment');
    expect(assignments.map((a) => (a.value as { userId: string }).userId).sort()).toEqual(['p00001', 'p00002', 'p00003', 'p00007', 'p00013'].map((p) => idFor('okta-user', p)).sort());

    const events = eventsOf(out.items);
    expect(events.map((e) => e.id)).toEqual(SMALL_ORG_EXPECTED_EVENT_UUIDS);
    const removal = events.find((e) => e.id === eventUuid(3))!;
    expect(removal).toMatchObject({
      type: 'group.user_membership.remove',
      occurredAt: '2025-05-02T09:00:00.000Z',
      actorId: idFor('okta-user', 'p00001'),
      targetIds: [idFor('okta-user', 'p00004'), idFor('okta-group', 'g-eng')],
    });
    expect(cursorOf(out.items)).toMatch(new RegExp(`^${s.baseUrl}/api/v1/logs\\?`));

    expect(out.verdict).toEqual({
      complete: true,
      mode: 'full',
      pages: expect.any(Number),
      records: 14 + 5 + 17 + 5,
      events: 7,
      notes: ['Members of built-in Okta group(s) Everyone were not read (every user is a member).'],
    });
    expect(s.requests.filter((r) => r.includes(idFor('okta-group', '__okta_everyone__')))).toEqual([]);
    const progress = out.items.filter((i) => i.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(out.verdict!.pages);
    expect(new Set(progress.map((p) => (p.type === 'progress' ? p.progress.phase : '')))).toEqual(
      new Set(['users', 'deprovisioned users', 'groups', 'group members', 'app assignments', 'system log', 'done']),
    );
  });

  it('pages across the page cap with the minimum number of requests, DEPROVISIONED users exactly once', async () => {
    const org = orgOfSize(23); // 20 listed + 3 DEPROVISIONED; g-all has 23 members, g-prefect-devs 12
    const s = await sim(org, { pageSizeCap: 6 });
    const ctx = makeCtx();
    const out = await runRead(connectorFor(s), ctx);
    expect(out.error).toBeNull();
    const users = recordsOf(out.items, 'idp_user');
    expect(users).toHaveLength(23);
    expect(new Set(users.map((u) => u.key)).size).toBe(23);
    expect(users.filter((u) => (u.value as { rawStatus: string }).rawStatus === 'DEPROVISIONED')).toHaveLength(3);
    expect(recordsOf(out.items, 'idp_group_member')).toHaveLength(23 + 12);
    // users 4 pages + DEPROVISIONED 1 + groups 1 + members 4 + 2 + app users 1 + System Log 1 (empty)
    expect(ctx.http.requestCount).toBe(14);
    expect(s.requests).toHaveLength(14);
    expect(out.verdict!.pages).toBe(14);
    expect(s.requests.filter((r) => r.startsWith('GET /api/v1/users?')).every((r) => r.includes('limit=200'))).toBe(true);
  });

  it('keeps a user deprovisioned between the two user passes once, with a note', async () => {
    const org = orgOfSize(10);
    const s = await sim(org, { pageSizeCap: 4 });
    const gen = connectorFor(s).read(makeCtx());
    const items = [];
    let step = await gen.next();
    let changed = false;
    while (!step.done) {
      items.push(step.value);
      if (!changed && step.value.type === 'progress' && step.value.progress.phase === 'users') {
        // p00001 was on page 1 as ACTIVE; now it is deactivated before the DEPROVISIONED search.
        org.people[0]!.idpStatus = 'DEPROVISIONED';
        org.version += 1;
        changed = true;
      }
      step = await gen.next();
    }
    const users = recordsOf(items, 'idp_user');
    expect(users.filter((u) => u.key === idFor('okta-user', 'p00001'))).toHaveLength(1);
    expect(step.value.notes.join(' ')).toMatch(/1 Okta user\(s\) appeared in both/);
  });

  it('resumes the System Log from the stored cursor: the second read returns only new events and stops on an empty page', async () => {
    const org = smallOrg();
    const s = await sim(org, { pageSizeCaps: { logs: 3 } });
    const connector = connectorFor(s);
    const first = await runRead(connector, makeCtx());
    expect(eventsOf(first.items).map((e) => e.id)).toEqual(SMALL_ORG_EXPECTED_EVENT_UUIDS);
    const logRequests = s.requests.filter((r) => r.startsWith('GET /api/v1/logs'));
    expect(logRequests).toHaveLength(4); // 3 + 3 + 1 matching events, then the empty page
    expect(logRequests[0]).toContain('since=2025-04-01T12%3A00%3A00.000Z');
    expect(logRequests[0]).toContain('sortOrder=ASCENDING');
    const cursor = cursorOf(first.items)!;
    expect(cursor).toContain('after=');

    addEvent(org, 60, '2025-06-30T10:00:00.000Z', 'user.lifecycle.suspend', 'p00005');
    addEvent(org, 61, '2025-06-30T10:05:00.000Z', 'user.session.start', 'p00005'); // not of interest: filtered by Okta
    addEvent(org, 62, '2025-06-30T10:10:00.000Z', 'group.user_membership.add', 'p00005', 'g-prefect-devs');
    const before = s.requests.length;
    const second = await runRead(connector, makeCtx({ cursors: new Map([['logs.next', cursor]]) }));
    expect(eventsOf(second.items).map((e) => e.id)).toEqual([eventUuid(60), eventUuid(62)]);
    const secondLogs = s.requests.slice(before).filter((r) => r.startsWith('GET /api/v1/logs'));
    expect(secondLogs).toHaveLength(2);
    expect(secondLogs[0]).not.toContain('since=');
    expect(second.verdict!.events).toBe(2);

    const third = await runRead(connector, makeCtx({ cursors: new Map([['logs.next', cursorOf(second.items)!]]) }));
    expect(eventsOf(third.items)).toEqual([]);
    expect(cursorOf(third.items)).toBeDefined();
  });

  it('starts at most 180 days back however long the lookback, and ignores a cursor from another org', async () => {
    const s = await sim(smallOrg());
    const ctx = makeCtx({ cursors: new Map([['logs.next', 'https://other.okta.com/api/v1/logs?after=abc']]) });
    const out = await runRead(connectorFor(s, { logLookbackDays: 400 }), ctx);
    expect(out.error).toBeNull();
    const first = s.requests.find((r) => r.startsWith('GET /api/v1/logs'))!;
    const since = new URL(`http://x${first.slice(4)}`).searchParams.get('since')!;
    const days = (Date.parse(ORG_NOW) - Date.parse(since)) / 86_400_000;
    expect(days).toBeLessThan(180);
    expect(days).toBeGreaterThan(179.9);
    expect(out.verdict!.notes.join(' ')).toContain('does not belong to this org');
  });

  it('starts the System Log again from the lookback window when Okta refuses the stored cursor (400)', async () => {
    const s = await sim(smallOrg());
    const stale = `${s.baseUrl}/api/v1/logs?sortOrder=ASCENDING&limit=1000&after=not-a-cursor-okta-knows`;
    const out = await runRead(connectorFor(s), makeCtx({ cursors: new Map([['logs.next', stale]]) }));
    expect(out.error).toBeNull();
    expect(eventsOf(out.items).map((e) => e.id)).toEqual(SMALL_ORG_EXPECTED_EVENT_UUIDS);
    expect(out.verdict!.notes).toContain('Okta refused the stored System Log cursor (E0000001); started again from the lookback window.');
    const logs = s.requests.filter((r) => r.startsWith('GET /api/v1/logs'));
    expect(logs[0]).toContain('after=not-a-cursor');
    expect(logs[1]).toContain('since=');
  });

  it('paces on X-Rate-Limit-* before hitting 429 (real one-second windows)', async () => {
    // Limit 2 a second: after any response Remaining is at most 1, the reserve, so every
    // further request in the same family must wait for the next window instead of getting a 429.
    const s = await sim(orgOfSize(3), { rateLimit: { limit: 2, windowMs: 1000 } });
    const out = await runRead(connectorFor(s, { prefectAppId: undefined }), makeCtx());
    expect(out.error).toBeNull();
    const waits = out.items.flatMap((i) => (i.type === 'progress' && i.progress.waitingMs ? [i.progress.waitingMs] : []));
    expect(recordsOf(out.items, 'idp_user')).toHaveLength(3);
    // users: 2 requests (1 wait); groups: list + 2 member pages (2 waits); logs: 1.
    expect(waits).toHaveLength(3);
    expect(waits.every((ms) => ms > 0 && ms <= 1000)).toBe(true);
    expect(s.requests.length).toBe(out.verdict!.pages); // no 429 was ever answered
  }, 10_000);

  it('cancels between pages when the signal aborts', async () => {
    const s = await sim(orgOfSize(30), { pageSizeCap: 5 });
    const controller = new AbortController();
    const gen = connectorFor(s).read(makeCtx({ signal: controller.signal, http: fastHttp() }));
    await gen.next();
    controller.abort();
    await expect(
      (async () => {
        for (let step = await gen.next(); !step.done; step = await gen.next());
      })(),
    ).rejects.toThrow(/cancelled/);
  });

  it('uses a ManualClock for the log start, not the wall clock', async () => {
    const s = await sim(smallOrg());
    await runRead(connectorFor(s, { logLookbackDays: 10 }), makeCtx({ clock: new ManualClock('2025-06-30T00:00:00.000Z') }));
    expect(s.requests.find((r) => r.startsWith('GET /api/v1/logs'))).toContain('since=2025-06-20T00%3A00%3A00.000Z');
  });
});
