import { afterEach, describe, expect, it } from 'vitest';
import { idFor, type OrgModel } from '../../../electron/simulate/org/org-model';
import { createEntraSimHandler, startEntraSimulator, type RunningEntraSim } from '../../../electron/simulate/entra/entra-sim';
import { startSimServer } from '../../../electron/simulate/sim-server';
import { buildEntraOrg, group, person, touch } from '../../simulate/entra/fixtures';
import { applyRead, connectorFor, cursorsOf, harness, readError, records, removals, runRead, sortedEntries } from './helpers';

const e = (internalId: string) => idFor('entra', internalId);

let sims: RunningEntraSim[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function start(org: OrgModel, options: Parameters<typeof startEntraSimulator>[1] = {}) {
  const sim = await startEntraSimulator(org, options);
  sims.push(sim);
  return sim;
}

const countPaths = (sim: RunningEntraSim, fragment: string) => sim.requests.filter((r) => r.includes(fragment)).length;

describe('Entra connector: full read', () => {
  it('reads every user, group and direct member across pages, and stores both deltaLinks', async () => {
    const org = buildEntraOrg({ extraPeople: 20 });
    const sim = await start(org);
    const h = harness();
    const result = await runRead(connectorFor(sim, { pageSize: 10 }), h.ctx());

    expect(result.verdict).toMatchObject({ mode: 'full', complete: true, events: 0 });
    const users = records(result.items, 'idp_user');
    // 27 people, one deleted from Entra 30+ days after deprovisioning.
    expect(users).toHaveLength(26);
    expect(users.map((u) => u.key)).not.toContain(e('p00006'));
    expect(countPaths(sim, '/v1.0/users/delta')).toBe(3);
    expect(countPaths(sim, '/v1.0/groups/delta')).toBe(1);
    expect(countPaths(sim, '/oauth2/v2.0/token')).toBe(1);
    expect(result.verdict.pages).toBe(4);
    expect(result.verdict.records).toBe(records(result.items).length);

    const byKey = new Map(users.map((u) => [u.key, u.value]));
    expect(byKey.get(e('p00000'))).toEqual({
      id: e('p00000'),
      userName: 'ada.lovelace@example.com',
      email: 'ada.lovelace@example.com',
      emails: ['ada.lovelace@example.com', 'ada.l@example.com', 'countess@example.org'],
      displayName: 'Ada Lovelace',
      rawStatus: 'accountEnabled=true',
      lifecycle: 'active',
      employeeId: 'E1000',
      department: 'Engineering',
    });
    expect(byKey.get(e('p00002'))).toMatchObject({ lifecycle: 'suspended', rawStatus: 'accountEnabled=false' });
    expect(byKey.get(e('p00003'))).toMatchObject({ lifecycle: 'suspended' }); // STAGED: created disabled
    expect(byKey.get(e('p00004'))).toMatchObject({ lifecycle: 'active' }); // PROVISIONED
    expect(byKey.get(e('p00005'))).toMatchObject({ lifecycle: 'suspended' }); // deprovisioned 10 days ago

    const groups = records(result.items, 'idp_group');
    expect(groups.map((g) => g.value)).toEqual(
      expect.arrayContaining([
        { id: e('g-all'), name: 'All Staff', description: 'All Staff team' },
        { id: e('g-admins'), name: 'Prefect Admins', description: null },
      ]),
    );
    const members = records(result.items, 'idp_group_member').map((m) => m.value);
    expect(members).toContainEqual({ groupId: e('g-all'), memberId: e('g-eng'), memberType: 'group' });
    expect(members).toContainEqual({ groupId: e('g-all'), memberId: e('g-data'), memberType: 'group' });
    expect(members).toContainEqual({ groupId: e('g-eng'), memberId: e('p00005'), memberType: 'user' });
    expect(members.some((m) => m.memberId === e('p00006'))).toBe(false);
    // 1 in admins, 2 nested in all, and each of the 26 users in one of eng/data (p00003 in none, p00000 in eng+admins).
    expect(members).toHaveLength(1 + 2 + 25);

    const cursors = cursorsOf(result.items);
    expect(cursors.get('users.deltaLink')).toMatch(new RegExp(`^${sim.origin}/v1.0/users/delta\\?\\$deltatoken=`));
    expect(cursors.get('groups.deltaLink')).toMatch(new RegExp(`^${sim.origin}/v1.0/groups/delta\\?\\$deltatoken=`));
    const progress = result.items.filter((i) => i.type === 'progress');
    expect(progress.map((p) => (p.type === 'progress' ? p.progress.phase : ''))).toEqual(['users (full)', 'users (full)', 'users (full)', 'groups (full)']);
  });

  it('follows empty pages that carry only a nextLink', async () => {
    const org = buildEntraOrg();
    const sim = await start(org, { emptyDeltaPages: 2 });
    const h = harness();
    const first = await runRead(connectorFor(sim), h.ctx());
    expect(records(first.items, 'idp_user')).toHaveLength(6);
    expect(countPaths(sim, '/v1.0/users/delta')).toBe(3);
    expect(countPaths(sim, '/v1.0/groups/delta')).toBe(3);

    person(org, 'p00001').department = 'Finance';
    touch(org);
    const second = await runRead(connectorFor(sim), h.ctx(cursorsOf(first.items)));
    expect(second.verdict.mode).toBe('delta');
    expect(records(second.items).map((r) => r.key)).toEqual([e('p00001')]);
    expect(countPaths(sim, '/v1.0/users/delta')).toBe(6);
  });
});

describe('Entra connector: delta reads', () => {
  it('yields exactly the changes: disabled, deleted, member added and removed, group renamed', async () => {
    const org = buildEntraOrg({ extraPeople: 5 });
    const sim = await start(org);
    const h = harness();
    const connector = connectorFor(sim);
    const full = await runRead(connector, h.ctx());
    const stored = applyRead(new Map(), full);

    person(org, 'p00001').idpStatus = 'SUSPENDED'; // disabled: a change, not a removal
    person(org, 'p00005').updatedAt = '2025-04-01T00:00:00.000Z'; // deprovisioned 61 days ago: deleted
    person(org, 'p00004').groupIds.push('g-eng'); // member added
    person(org, 'p00000').groupIds = ['g-eng']; // removed from g-admins
    group(org, 'g-data').name = 'Data & Analytics'; // renamed
    touch(org);

    const delta = await runRead(connector, h.ctx(cursorsOf(full.items)));
    expect(delta.verdict).toMatchObject({ mode: 'delta', complete: true });
    expect(records(delta.items, 'idp_user').map((r) => [r.key, r.value.lifecycle])).toEqual([[e('p00001'), 'suspended']]);
    expect(records(delta.items, 'idp_group').map((r) => [r.key, r.value.name]).sort()).toEqual(
      // Groups whose members changed come back with their (unchanged) properties.
      [
        [e('g-admins'), 'Prefect Admins'],
        [e('g-data'), 'Data & Analytics'],
        [e('g-eng'), 'Engineering'],
      ].sort(),
    );
    expect(records(delta.items, 'idp_group_member').map((r) => r.key)).toEqual([`${e('g-eng')}:${e('p00004')}`]);
    expect(removals(delta.items).sort()).toEqual(
      [`idp_user ${e('p00005')}`, `idp_group_member ${e('g-eng')}:${e('p00005')}`, `idp_group_member ${e('g-admins')}:${e('p00000')}`].sort(),
    );

    // Applying the delta to the stored state gives what a fresh full read sees.
    const fresh = await runRead(connectorFor(sim), harness().ctx());
    expect(sortedEntries(applyRead(stored, delta))).toEqual(sortedEntries(applyRead(new Map(), fresh)));

    // Nothing changed since: an empty delta with fresh cursors.
    const quiet = await runRead(connector, h.ctx(cursorsOf(delta.items)));
    expect(quiet.verdict.mode).toBe('delta');
    expect(records(quiet.items)).toHaveLength(0);
    expect(removals(quiet.items)).toHaveLength(0);
    expect(cursorsOf(quiet.items).size).toBe(2);
  });

  it('yields a deleted group as removed (its memberships are the store\'s to drop)', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const h = harness();
    const full = await runRead(connectorFor(sim), h.ctx());
    org.groups = org.groups.filter((g) => g.groupId !== 'g-admins');
    for (const p of org.people) p.groupIds = p.groupIds.filter((g) => g !== 'g-admins');
    touch(org);
    const delta = await runRead(connectorFor(sim), h.ctx(cursorsOf(full.items)));
    expect(removals(delta.items)).toEqual([`idp_group ${e('g-admins')}`]);
    const after = applyRead(applyRead(new Map(), full), delta);
    expect([...after.keys()].some((k) => k.includes(e('g-admins')))).toBe(false);
  });

  it('treats a replayed change as harmless: each key once per read, and a repeated read changes nothing', async () => {
    const org = buildEntraOrg();
    const sim = await start(org, { replayChanges: true });
    const h = harness();
    const connector = connectorFor(sim);
    const full = await runRead(connector, h.ctx());
    person(org, 'p00001').idpStatus = 'SUSPENDED';
    person(org, 'p00004').groupIds.push('g-eng');
    person(org, 'p00000').groupIds = ['g-eng'];
    touch(org);

    const cursors = cursorsOf(full.items);
    const delta = await runRead(connector, h.ctx(cursors));
    const keys = delta.items.flatMap((i) => (i.type === 'record' ? [`${i.record.kind} ${i.record.key}`] : i.type === 'removed' ? [`removed ${i.kind} ${i.key}`] : []));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain(`idp_user ${e('p00001')}`);
    expect(keys).toContain(`removed idp_group_member ${e('g-admins')}:${e('p00000')}`);

    // The collection did not commit, so the same cursors are used again: the replay applies cleanly.
    const again = await runRead(connector, h.ctx(cursors));
    const once = applyRead(applyRead(new Map(), full), delta);
    expect(sortedEntries(applyRead(once, again))).toEqual(sortedEntries(once));
    const fresh = await runRead(connectorFor(sim), harness().ctx());
    expect(sortedEntries(once)).toEqual(sortedEntries(applyRead(new Map(), fresh)));
  });
});

describe('Entra connector: resync', () => {
  it('reads both resources in full when a deltaLink has expired (410 syncStateNotFound)', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const h = harness();
    const full = await runRead(connectorFor(sim), h.ctx());
    org.now = '2025-06-09T12:00:00.000Z'; // 8 days later: past the 7-day token lifetime
    h.clock.set(org.now);
    person(org, 'p00001').department = 'Finance';
    touch(org);

    const before = countPaths(sim, '/v1.0/groups/delta');
    const result = await runRead(connectorFor(sim), h.ctx(cursorsOf(full.items)));
    expect(result.verdict.mode).toBe('full');
    expect(result.verdict.notes.join(' ')).toMatch(/resync.*410 syncStateNotFound/);
    expect(records(result.items, 'idp_user')).toHaveLength(6);
    expect(records(result.items, 'idp_group')).toHaveLength(4);
    // The expired users token is detected first; groups are then read in full too, without their token.
    expect(countPaths(sim, '/v1.0/groups/delta') - before).toBe(1);
    expect(cursorsOf(result.items).size).toBe(2);
  });

  it('reads in full when only one cursor is stored, or when Graph resets its delta state (410 resyncRequired)', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const h = harness();
    const full = await runRead(connectorFor(sim), h.ctx());
    const onlyUsers = new Map([...cursorsOf(full.items)].filter(([k]) => k === 'users.deltaLink'));
    const partial = await runRead(connectorFor(sim), h.ctx(onlyUsers));
    expect(partial.verdict.mode).toBe('full');
    expect(records(partial.items, 'idp_group')).toHaveLength(4);

    sim.resetDeltaState();
    const reset = await runRead(connectorFor(sim), h.ctx(cursorsOf(partial.items)));
    expect(reset.verdict.mode).toBe('full');
    expect(reset.verdict.notes.join(' ')).toMatch(/resyncRequired/);
  });

  it('switches to a full read when Graph asks for a resync mid-delta, withdrawing what the full read does not confirm', async () => {
    const org = buildEntraOrg({ extraPeople: 12 });
    const entra = createEntraSimHandler(org, { maxPageSize: 5 });
    const victim = person(org, 'p00100');
    let armed = false;
    const server = await startSimServer({
      name: 'entra',
      handler: entra.handler,
      errorResponse: entra.errorResponse,
      // Data changing while the client pages: right after the first page of the delta round,
      // a user that page reported as changed is deleted.
      afterRequest: (req) => {
        if (armed && req.path === '/v1.0/users/delta' && req.query.has('$deltatoken')) {
          Object.assign(victim, { hrStatus: 'terminated', idpStatus: 'DEPROVISIONED', updatedAt: '2025-01-01T00:00:00.000Z' });
          touch(org);
        }
      },
    });
    const sim = Object.assign(server, {
      credentials: { ...entra.credentials, graphBaseUrl: server.origin, loginBaseUrl: server.origin },
      resetDeltaState: entra.resetDeltaState,
    });
    sims.push(sim);
    const h = harness();
    const connector = connectorFor(sim);
    const full = await runRead(connector, h.ctx());
    const stored = applyRead(new Map(), full);
    // Twelve users change, so the users delta spans three pages; page 2 answers 410.
    for (const p of org.people.filter((p) => p.personId >= 'p00100')) p.department = 'Finance';
    touch(org);
    armed = true;
    sim.faults.push({ match: /users\/delta\?\$skiptoken/, kind: 'status', status: 410, times: 1 });

    const result = await runRead(connector, h.ctx(cursorsOf(full.items)));
    expect(result.verdict.mode).toBe('full');
    expect(result.verdict.notes.join(' ')).toMatch(/part-way.*resyncRequired/);
    expect(result.verdict.notes.join(' ')).toMatch(/1 record\(s\) yielded before the resync .* withdrawn/);
    expect(records(result.items, 'idp_user').some((r) => r.key === e('p00100'))).toBe(true); // from the delta phase
    expect(removals(result.items)).toEqual([`idp_user ${e('p00100')}`]);
    armed = false;
    const fresh = await runRead(connectorFor(sim), harness().ctx());
    expect(records(fresh.items, 'idp_user').some((r) => r.key === e('p00100'))).toBe(false);
    expect(sortedEntries(applyRead(stored, result))).toEqual(sortedEntries(applyRead(new Map(), fresh)));
  });
});

describe('Entra connector: faults', () => {
  it('waits out 429 and 503 with Retry-After (per-tenant rate key) and reports the wait', async () => {
    const org = buildEntraOrg();
    const sim = await start(org, {
      retryAfterSeconds: 3,
      faults: [
        { match: '/v1.0/users/delta', kind: 'rate-limit', times: 2 },
        { match: '/v1.0/groups/delta', kind: 'status', status: 503, times: 1 },
      ],
    });
    const h = harness();
    const result = await runRead(connectorFor(sim), h.ctx());
    expect(result.verdict.complete).toBe(true);
    expect(h.sleeps).toEqual([3000, 3000, 3000]);
    const waits = result.items.flatMap((i) => (i.type === 'progress' && i.progress.waitingMs ? [i.progress.waitingMs] : []));
    expect(waits).toEqual([6000, 3000]);
    expect(countPaths(sim, '/v1.0/users/delta')).toBe(3);
  });

  it('fails naming the page when a page is not JSON, is cut short, or has no value', async () => {
    const org = buildEntraOrg({ extraPeople: 10 });
    const malformed = await start(org, { faults: [{ match: '/v1.0/groups/delta', kind: 'malformed' }] });
    const err1 = await readError(connectorFor(malformed), harness().ctx());
    expect(err1.message).toMatch(/^Entra \/v1.0\/groups\/delta page 1: body is not JSON/);

    const truncated = await start(org, { faults: [{ match: '/v1.0/users/delta', kind: 'truncate', after: 1 }] });
    const err2 = await readError(connectorFor(truncated, { pageSize: 10 }), harness().ctx());
    expect(err2.message).toMatch(/^Entra \/v1.0\/users\/delta page 2: body is not JSON/);
  });

  it('explains a missing Graph permission (403 Authorization_RequestDenied)', async () => {
    const sim = await start(buildEntraOrg(), { permissions: ['User.Read.All'] });
    const error = await readError(connectorFor(sim), harness().ctx());
    expect(error.message).toMatch(/\/v1.0\/groups\/delta page 1: HTTP 403/);
    expect(error.message).toMatch(/missing Graph permission \(User.Read.All \/ GroupMember.Read.All\)/);
    expect(error.message).toMatch(/GroupMember.Read.All with admin consent/);
    expect(error).toMatchObject({ failure: 'permission', code: 'Authorization_RequestDenied' });
  });

  it('gets a fresh token once when Graph says the cached one expired', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const h = harness();
    const connector = connectorFor(sim);
    const first = await runRead(connector, h.ctx());
    // The simulator's clock moves two hours; ours does not, so our cached token looks fresh to us.
    org.now = '2025-06-01T14:00:00.000Z';
    const second = await runRead(connector, h.ctx(cursorsOf(first.items)));
    expect(second.verdict.mode).toBe('delta');
    expect(countPaths(sim, '/oauth2/v2.0/token')).toBe(2);
  });

  it('stops at the next page when the collection is cancelled', async () => {
    const sim = await start(buildEntraOrg({ extraPeople: 20 }));
    const controller = new AbortController();
    const generator = connectorFor(sim, { pageSize: 5 }).read({ ...harness().ctx(), signal: controller.signal });
    for (;;) {
      const step = await generator.next();
      if (step.done) throw new Error('the read finished before it was cancelled');
      if (step.value.type === 'progress') break;
    }
    controller.abort();
    await expect(generator.next()).rejects.toMatchObject({ name: 'HttpError', kind: 'aborted', message: 'Entra /v1.0/users/delta: cancelled' });
    expect(countPaths(sim, '/v1.0/users/delta')).toBe(1);
  });

  it('ignores a stored deltaLink for another Graph host (the configuration changed) and reads in full', async () => {
    const org = buildEntraOrg();
    const sim = await start(org);
    const h = harness();
    const cursors = new Map([
      ['users.deltaLink', `${sim.origin}/v1.0/users/delta?$deltatoken=abc`],
      ['groups.deltaLink', 'https://graph.example.net/v1.0/groups/delta?$deltatoken=abc'],
    ]);
    const result = await runRead(connectorFor(sim), h.ctx(cursors));
    // A cursor for another host is ignored (the configuration changed): full read.
    expect(result.verdict.mode).toBe('full');
    expect(result.verdict.notes.join(' ')).toMatch(/not for http:\/\/127.0.0.1/);
  });
});
