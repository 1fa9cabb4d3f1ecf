import { describe, expect, it } from 'vitest';
import { analysisContext, AnalysisCache } from '../../electron/analyze/analysis-context';
import { accessRows } from '../../electron/analyze/point-in-time';
import { diffAccess } from '../../electron/analyze/diff';
import { completeCollections } from '../../electron/analyze/collection-points';
import { setIdentityLink } from '../../electron/analyze/identity/identity-links';
import { deriveAccessThrough } from '../../electron/analyze/derived/derive-access';
import { derivedAccessRows } from '../../electron/analyze/derived/derived-reads';
import { derivedAccessPage } from '../../electron/analyze/derived/access-page';
import { workspacesOf } from '../../electron/analyze/workspace-list';
import type { AccessRow } from '../../shared/domain/analysis';
import { rebuildDerivedAccess } from '../../electron/analyze/derived/rebuild';
import { clearDerived } from '../../electron/analyze/derived/derivation-state';
import type { SourceItem } from '../../electron/collect/connector';
import {
  bot,
  botAccess,
  collect,
  groupMember,
  harness,
  hrEmployee,
  idpGroup,
  idpUser,
  member,
  plusDays,
  prefectBase,
  team,
  teamAccess,
  teamMember,
  userAccess,
  workspace,
  type Harness,
  type SourceScript,
} from './builders';
import { rng } from '../fixtures/rng';

const D0 = '2026-03-02T06:00:00.000Z';


interface PersonState {
  hr: boolean;
  hrEmail: string;
  idp: boolean;
  idpAliases: string[];
  employeeId: boolean;
  lifecycle: 'active' | 'suspended' | 'deprovisioned';
  prefect: boolean;
  prefectEmail: 'work' | 'alias' | 'personal' | 'none';
  role: 'Member' | 'Admin' | 'Collaborator' | 'Owner';
  active: boolean;
  teams: Set<string>;
  direct: Map<string, string>;
  name: string;
}

/**
 * A small organisation that changes a lot every day, with everything identity matching and
 * access resolution care about: shared and personal addresses (ambiguous matches), people in
 * HR only or the IdP only, admins, collaborators, inactive memberships, team and direct
 * grants, bots, renamed teams and workspaces, changed workspace defaults.
 */
class World {
  readonly people: PersonState[] = [];
  readonly random: () => number;
  teamNames = new Map([
    ['t1', 'data'],
    ['t2', 'ml'],
    ['t3', 'ops'],
  ]);
  teamGrants = new Map([
    ['ws-prod:t1', 'wr-runner'],
    ['ws-prod:t2', 'wr-developer'],
    ['ws-staging:t3', 'wr-developer'],
  ]);
  prodName = 'Production';
  devDefault: string | null = 'wr-runner';
  bots = new Map([
    ['bot-1', { grant: 'wr-runner', team: null as string | null }],
    ['bot-2', { grant: 'wr-owner', team: 't2' as string | null }],
  ]);

  /** accounts 2: a second Prefect account holds some of the same people (and a bot of its own). */
  constructor(seed: number, size: number, readonly accounts: 1 | 2 = 1) {
    this.random = rng(seed);
    for (let i = 0; i < size; i++) this.people.push(this.newPerson(i));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private newPerson(i: number): PersonState {
    return {
      hr: this.random() < 0.85,
      // Two people share an address now and then: matching must stop at "ambiguous".
      hrEmail: this.random() < 0.08 ? 'shared@x.io' : `p${i}@x.io`,
      idp: this.random() < 0.85,
      idpAliases: this.random() < 0.3 ? [`alias${i}@x.io`] : [],
      employeeId: this.random() < 0.7,
      lifecycle: 'active',
      prefect: this.random() < 0.8,
      prefectEmail: this.pick(['work', 'work', 'work', 'alias', 'personal', 'none'] as const),
      role: this.pick(['Member', 'Member', 'Member', 'Member', 'Admin', 'Collaborator'] as const),
      active: this.random() < 0.9,
      teams: new Set(['t1', 't2', 't3'].filter(() => this.random() < 0.35)),
      direct: new Map(this.random() < 0.2 ? [[this.pick(['ws-prod', 'ws-dev']), this.pick(['wr-owner', 'wr-viewer', 'wr-developer'])]] : []),
      name: `Person ${i}`,
    };
  }

  /** One day of churn: most people unchanged, some changed in one way each; now and then an account-wide change. */
  evolve(): void {
    for (const [i, p] of this.people.entries()) {
      if (this.random() > 0.25) continue;
      switch (Math.floor(this.random() * 12)) {
        case 0:
          p.hr = !p.hr;
          break;
        case 1:
          p.idp = !p.idp;
          break;
        case 2:
          p.lifecycle = this.pick(['active', 'suspended', 'deprovisioned'] as const);
          break;
        case 3:
          p.prefect = !p.prefect;
          break;
        case 4:
          p.prefectEmail = this.pick(['work', 'alias', 'personal', 'none'] as const);
          break;
        case 5:
          p.role = this.pick(['Member', 'Admin', 'Collaborator', 'Owner'] as const);
          break;
        case 6:
          p.active = !p.active;
          break;
        case 7: {
          const t = this.pick(['t1', 't2', 't3']);
          if (p.teams.has(t)) p.teams.delete(t);
          else p.teams.add(t);
          break;
        }
        case 8:
          if (p.direct.size) p.direct.clear();
          else p.direct.set(this.pick(['ws-prod', 'ws-dev', 'ws-staging']), this.pick(['wr-owner', 'wr-viewer', 'wr-developer']));
          break;
        case 9:
          p.idpAliases = p.idpAliases.length ? [] : [`alias${i}@x.io`];
          break;
        case 10:
          p.hrEmail = p.hrEmail === 'shared@x.io' ? `p${i}@x.io` : this.random() < 0.3 ? 'shared@x.io' : `p${i}.new@x.io`;
          break;
        default:
          p.name = `Person ${i}${this.random() < 0.5 ? ' Jr' : ''}`;
      }
    }
    const r = this.random();
    if (r < 0.08) this.teamNames.set('t1', this.teamNames.get('t1') === 'data' ? 'data-eng' : 'data');
    else if (r < 0.16) this.prodName = this.prodName === 'Production' ? 'Prod' : 'Production';
    else if (r < 0.24) this.devDefault = this.devDefault ? null : 'wr-runner';
    else if (r < 0.32) this.teamGrants.set('ws-prod:t1', this.teamGrants.get('ws-prod:t1') === 'wr-runner' ? 'wr-developer' : 'wr-runner');
    else if (r < 0.4) this.bots.get('bot-1')!.team = this.bots.get('bot-1')!.team ? null : 't1';
  }

  sources(): SourceScript[] {
    const hr: SourceItem[] = [];
    const idp: SourceItem[] = [idpGroup('g1', 'prefect-data')];
    const prefect: SourceItem[] = [...prefectBase().filter((i) => !(i.type === 'record' && i.record.kind === 'prefect_workspace'))];
    prefect.push(workspace('ws-prod', this.prodName, 'prod', null), workspace('ws-staging', 'Staging', 'staging', 'wr-viewer'), workspace('ws-dev', 'Development', 'dev', this.devDefault));
    for (const [id, name] of this.teamNames) prefect.push(team(id, name, `dg-${id}`));
    for (const [k, role] of this.teamGrants) {
      const [ws, t] = k.split(':') as [string, string];
      prefect.push(teamAccess(ws, t, role));
    }
    for (const [i, p] of this.people.entries()) {
      const x = `x${i}`;
      if (p.hr) hr.push(hrEmployee(`E${i}`, p.hrEmail, { name: p.name }));
      if (p.idp) {
        idp.push(idpUser(`u-${x}`, p.hrEmail, { emails: [p.hrEmail, ...p.idpAliases], employeeId: p.employeeId ? `E${i}` : null, lifecycle: p.lifecycle, userName: `${x}@corp.io`, displayName: p.name }));
        if (i % 3 === 0) idp.push(groupMember('g1', `u-${x}`));
      }
      if (p.prefect) {
        const email = { work: p.hrEmail, alias: p.idpAliases[0] ?? p.hrEmail, personal: `${x}@gmail.com`, none: null }[p.prefectEmail];
        prefect.push(member(x, email, { role: p.role, active: p.active, handle: i % 4 === 0 ? null : x }));
        for (const t of p.teams) prefect.push(teamMember(t, x));
        for (const [ws, role] of p.direct) prefect.push(userAccess(ws, x, role));
      }
    }
    for (const [id, b] of this.bots) {
      prefect.push(bot(id, id), botAccess('ws-prod', id, b.grant));
      if (b.team) prefect.push(teamMember(b.team, id, 'bot'));
    }
    const scripts: SourceScript[] = [
      { id: 'hr', kind: 'hr_csv', items: hr },
      { id: 'okta', kind: 'okta', items: idp },
      { id: 'prefect', kind: 'prefect', items: prefect },
    ];
    if (this.accounts === 2) {
      const second: SourceItem[] = [...prefectBase(), bot('bot-9', 'nightly'), botAccess('ws-prod', 'bot-9', 'wr-runner')];
      for (const [i, p] of this.people.entries()) {
        if (i % 3 !== 1 || !p.prefect) continue;
        second.push(member(`x${i}`, p.hrEmail, { role: p.role, active: i % 2 === 0 || p.active }));
        for (const [ws, role] of p.direct) second.push(userAccess(ws, `x${i}`, role));
      }
      scripts.push({ id: 'prefect-eu', kind: 'prefect', items: second });
    }
    return scripts;
  }
}

/** What the engine answers for collection C, computed from the facts with nothing cached. */
function engineRows(h: Harness, c: number) {
  return accessRows(analysisContext(h.db, c, { depth: 'access' }), { includeInactive: true });
}

async function runHistory(seed: number, days: number, accounts: 1 | 2 = 1) {
  const h = harness(D0);
  const world = new World(seed, 24, accounts);
  const cache = new AnalysisCache();
  const outcome = { complete: [] as number[], degraded: 0, failed: 0 };
  for (let day = 0; day < days; day++) {
    if (day > 0) world.evolve();
    const sources = world.sources();
    // Now and then a source cannot be read completely, or fails: those collections are never derived.
    const roll = world.random();
    if (day === 3 || (day > 0 && roll < 0.12)) sources[2]!.outcome = 'degraded';
    else if (day === 6 || (day > 0 && roll < 0.18)) sources[1]!.outcome = 'failed';
    const { id, status } = await collect(h, plusDays(D0, day), sources);
    if (status === 'complete') {
      outcome.complete.push(id);
      // Right after the collection, from the engine's context (the cache) or incrementally from
      // the last derived collection (the worker); sometimes not at all, and it catches up later.
      const how = world.random();
      if (how < 0.45) deriveAccessThrough(h.db, h.clock, id, { cache });
      else if (how < 0.85) rebuildDerivedAccess(h.db, h.clock);
    } else if (status === 'degraded') outcome.degraded += 1;
    else outcome.failed += 1;
  }
  deriveAccessThrough(h.db, h.clock, outcome.complete.at(-1)!, { cache });
  return { h, world, cache, outcome };
}

/**
 * Pages (derivedAccessPage) are the whole answer's slices, with its total and workspace list:
 * at the edges, inside one principal's rows, across accounts, and at random offsets.
 */
function expectPagesMatch(h: Harness, c: number, everyone: AccessRow[], random: () => number): void {
  const workspaces = workspacesOf(everyone);
  for (const filter of [{ includeInactive: true }, {}, { workspace: 'prod' }, { workspace: 'Staging', usersOnly: true }, { usersOnly: true, includeInactive: true }]) {
    const all = derivedAccessRows(h.db, c, filter)!;
    const cuts: [number, number][] = [[0, 1], [0, 5], [1, 3], [Math.max(0, all.length - 2), 10], [all.length, 5], [0, 100_000]];
    for (let i = 0; i < 6; i++) cuts.push([Math.floor(random() * (all.length + 1)), 1 + Math.floor(random() * 12)]);
    for (const [offset, limit] of cuts) {
      const page = derivedAccessPage(h.db, c, filter, offset, limit);
      const what = `collection ${c} ${JSON.stringify(filter)} [${offset}, +${limit})`;
      expect(page, what).not.toBeNull();
      expect(page!.total, what).toBe(all.length);
      expect(page!.rows, what).toEqual(all.slice(offset, offset + limit));
      expect(page!.workspaces, what).toEqual(workspaces);
    }
  }
  // Finding who holds an address reads every body: not a page's job.
  expect(derivedAccessPage(h.db, c, { email: 'p3@x.io' }, 0, 10)).toBeNull();
}

describe('derived access', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`reads back exactly what the engine computes, at every complete collection (seed ${seed})`, async () => {
      const { h, world, outcome } = await runHistory(seed, 18, seed >= 5 ? 2 : 1);
      expect(outcome.complete.length).toBeGreaterThan(8);
      expect(outcome.degraded).toBeGreaterThan(0);
      expect(outcome.failed).toBeGreaterThan(0);
      let rows = 0;
      let secondAccountRows = 0;
      for (const c of outcome.complete) {
        const expected = engineRows(h, c);
        const derived = derivedAccessRows(h.db, c, { includeInactive: true });
        expect(derived, `collection ${c}`).not.toBeNull();
        expect(derived, `collection ${c}`).toEqual(expected);
        rows += expected.length;
        const context = analysisContext(h.db, c, { depth: 'access' });
        for (const filter of [{}, { workspace: 'prod' }, { workspace: 'Staging', usersOnly: true }, { email: 'shared@x.io' }, { email: 'p3@x.io' }, { email: 'alias5@x.io', includeInactive: true }]) {
          expect(derivedAccessRows(h.db, c, filter), `collection ${c} ${JSON.stringify(filter)}`).toEqual(accessRows(context, filter));
        }
        expectPagesMatch(h, c, expected, world.random);
        secondAccountRows += expected.filter((r) => r.principal.sourceId === 'prefect-eu').length;
      }
      expect(rows).toBeGreaterThan(100);
      if (world.accounts === 2) expect(secondAccountRows).toBeGreaterThan(20);
      // A rebuild of the whole history by incremental steps reads back the same answers.
      clearDerived(h.db, 'stale');
      const steps = rebuildDerivedAccess(h.db, h.clock);
      expect(steps.length).toBe(outcome.complete.length);
      expect(steps.slice(1).some((s) => s.principals < steps[0]!.principals)).toBe(true);
      for (const c of outcome.complete) expect(derivedAccessRows(h.db, c, { includeInactive: true }), `rebuilt collection ${c}`).toEqual(engineRows(h, c));
      // The history really moved: principals have several versions.
      const versions = h.db.prepare('SELECT count(*) AS n FROM access_principals WHERE valid_to IS NOT NULL').get() as { n: number };
      expect(versions.n).toBeGreaterThan(10);
    }, 60_000);
  }

  it('diffs from derived rows exactly as the full comparison does, for random pairs of dates', async () => {
    const { h, world, outcome } = await runHistory(4, 16);
    let changes = 0;
    const dates = completeCollections(h.db).map((c) => new Date(c.finishedAt));
    for (let i = 0; i < 25; i++) {
      const a = dates[Math.floor(world.random() * dates.length)]!;
      const b = dates[Math.floor(world.random() * dates.length)]!;
      for (const options of [{}, { includeGrantChanges: true }, { usersOnly: true }]) {
        const full = diffAccess(h.db, a, b, { ...options, strategy: 'full' });
        changes += full.changes.length;
        expect(diffAccess(h.db, a, b, options), `${a.toISOString()} -> ${b.toISOString()} ${JSON.stringify(options)}`).toEqual(full);
      }
    }
    expect(outcome.complete.length).toBeGreaterThan(6);
    expect(changes).toBeGreaterThan(50);
  }, 60_000);

  it('stops answering when a manual link changes, and answers again after a rebuild (a window of snapshots at a time) under the new link', async () => {
    const { h, outcome } = await runHistory(5, 8);
    const c = outcome.complete.at(-1)!;
    expect(derivedAccessRows(h.db, c)).not.toBeNull();
    setIdentityLink(h.db, h.clock, { subjectKind: 'prefect-user', sourceId: 'prefect', subjectId: 'a-x1', identityId: 'emp:E2', mode: 'link' }, 'tester');
    expect(derivedAccessRows(h.db, c)).toBeNull();
    const rebuilt = rebuildDerivedAccess(h.db, h.clock);
    expect(rebuilt.map((o) => o.collectionId)).toEqual(outcome.complete);
    for (const id of outcome.complete) expect(derivedAccessRows(h.db, id, { includeInactive: true }), `collection ${id}`).toEqual(engineRows(h, id));
    const linked = derivedAccessRows(h.db, c, { includeInactive: true })!.filter((r) => r.principal.actorId === 'a-x1');
    expect(linked.length === 0 || linked.every((r) => r.identityId === 'emp:E2' && r.matchedBy === 'manual')).toBe(true);
  }, 60_000);

  it('refuses to derive a collection that is not complete', async () => {
    const h = harness(D0);
    const world = new World(9, 5);
    const sources = world.sources();
    sources[2]!.outcome = 'degraded';
    const { id, status } = await collect(h, D0, sources);
    expect(status).toBe('degraded');
    expect(() => deriveAccessThrough(h.db, h.clock, id)).toThrow(/degraded/);
    expect((h.db.prepare('SELECT count(*) AS n FROM access_principals').get() as { n: number }).n).toBe(0);
  });
});
