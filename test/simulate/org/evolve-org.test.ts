import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../../electron/simulate/org/generate-org';
import { evolveOrg } from '../../../electron/simulate/org/evolve-org';
import { createRng } from '../../../electron/simulate/org/rng';
import type { OrgModel } from '../../../electron/simulate/org/org-model';
import { ROOT_CHANGE_KINDS, type OrgChange } from '../../../electron/simulate/org/org-change';
import { checkOrgInvariants } from '../../../electron/simulate/org/org-invariants';
import { checkPlantedProblems } from '../../../electron/simulate/org/planted-checks';
import { plantedKind } from '../../../electron/simulate/org/planted-kinds';
import { addDays, daysBetween } from '../../../electron/simulate/org/org-time';
import { daysAgo, view } from './org-test-helpers';

const START = '2025-03-03';
const make = (people: number, seed = 21): OrgModel => generateOrg({ seed, people, start: START });

describe('evolveOrg', () => {
  it('is deterministic: same seed and steps give deep-equal organisations and change logs', () => {
    const a = make(250);
    const b = make(250);
    const ra = createRng(5);
    const rb = createRng(5);
    const ca: OrgChange[] = [];
    for (let d = 0; d < 30; d++) ca.push(...evolveOrg(a, ra));
    const cb = evolveOrg(b, rb, { days: 30 });
    expect(cb).toEqual(ca);
    expect(b).toEqual(a);
    const c = make(250);
    evolveOrg(c, createRng(6), { days: 30 });
    expect(c).not.toEqual(a);
  });

  it('gives the same result after a JSON round-trip mid-way (the index is rebuilt from the model alone)', () => {
    const a = make(250);
    const rng = createRng(8);
    evolveOrg(a, rng, { days: 10 });
    const b = JSON.parse(JSON.stringify(a)) as OrgModel;
    const rb = createRng(0, rng.state());
    const ca = evolveOrg(a, rng, { days: 15 });
    const cb = evolveOrg(b, rb, { days: 15 });
    expect(cb).toEqual(ca);
    expect(b).toEqual(a);
  });

  it('keeps every invariant and every planted problem through 90 days, and moves the clock a day at a time', () => {
    const org = make(250);
    const rng = createRng(9);
    const v0 = org.version;
    const byDay = new Map<string, OrgChange[]>();
    for (let d = 0; d < 90; d++) {
      const before = org.now;
      const changes = evolveOrg(org, rng);
      expect(Date.parse(org.now) - Date.parse(before)).toBe(86_400_000);
      for (const c of changes) {
        expect(c.day).toBe(before.slice(0, 10));
        byDay.set(c.day, [...(byDay.get(c.day) ?? []), c]);
      }
      expect(checkOrgInvariants(org), `day ${d}`).toEqual([]);
      expect(checkPlantedProblems(org), `day ${d}`).toEqual([]);
    }
    expect(org.now).toBe(`${addDays(START, 90)}T00:00:00.000Z`);
    expect(org.version).toBeGreaterThan(v0 + 90);
    const kinds = new Set([...byDay.values()].flat().map((c) => c.kind));
    for (const k of ['hire', 'termination', 'idp-activated', 'idp-deprovisioned', 'prefect-added', 'prefect-removed', 'group-change', 'logins', 'key-rotated']) {
      expect(kinds.has(k as OrgChange['kind']), k).toBe(true);
    }
    // The planted offboarding miss happened: removed 4 days after termination.
    const late = org.planted.find((p) => plantedKind(p) === 'offboarding-deadline-missed');
    const removal = [...byDay.values()].flat().find((c) => c.kind === 'prefect-removed' && c.subject === late?.subject);
    expect(removal?.lagDays).toBe(4);
  });

  it('keeps something happening most days in a small organisation (25 people)', () => {
    const org = make(25);
    const rng = createRng(3);
    let busy = 0;
    let root = 0;
    for (let d = 0; d < 60; d++) {
      const changes = evolveOrg(org, rng);
      if (changes.length > 0) busy++;
      root += changes.filter((c) => ROOT_CHANGE_KINDS.has(c.kind)).length;
      expect(checkOrgInvariants(org)).toEqual([]);
    }
    console.log(`25 people, 60 days: ${busy} days with changes, ${root} root changes`);
    expect(busy).toBeGreaterThanOrEqual(40);
    expect(root).toBeGreaterThanOrEqual(20);
    expect(root).toBeLessThan(120);
    expect(checkPlantedProblems(org)).toEqual([]);
  });

  it('churns about 0.5% of the headcount a day at 10,000 people over 30 days', () => {
    const org = make(10_000);
    const rng = createRng(4);
    let root = 0;
    let personDays = 0;
    for (let d = 0; d < 30; d++) {
      personDays += org.people.filter((p) => p.hrStatus !== 'terminated').length;
      root += evolveOrg(org, rng).filter((c) => ROOT_CHANGE_KINDS.has(c.kind)).length;
    }
    const rate = root / personDays;
    console.log(`10k people, 30 days: ${root} root changes, ${(rate * 100).toFixed(3)}% per person-day`);
    expect(rate).toBeGreaterThan(0.002);
    expect(rate).toBeLessThan(0.01);
    expect(checkOrgInvariants(org)).toEqual([]);
  });

  it('removes leavers from Prefect with a latency distribution: mostly within the deadline, some late', () => {
    const org = make(2000);
    const changes = evolveOrg(org, createRng(12), { days: 120 });
    const v = view(org);
    const removals = changes.filter((c) => c.kind === 'prefect-removed' && c.lagDays !== undefined);
    const within = removals.filter((c) => (c.lagDays ?? 0) <= 1).length;
    const late = removals.filter((c) => (c.lagDays ?? 0) >= 2);
    const histogram: Record<number, number> = {};
    for (const c of removals) histogram[c.lagDays ?? -1] = (histogram[c.lagDays ?? -1] ?? 0) + 1;
    console.log(`2k people, 120 days: ${removals.length} leaver removals, lag histogram (days) ${JSON.stringify(histogram)}`);
    expect(removals.length).toBeGreaterThan(30);
    expect(within).toBeGreaterThan(removals.length * 0.6);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((c) => (c.lagDays ?? 0) <= 8)).toBe(true);
    // Every leaver (not planted to stay) is gone from Prefect once the longest lag has passed.
    const keep = new Set(org.planted.filter((p) => plantedKind(p) === 'leaver-still-active').map((p) => p.subject));
    for (const p of org.people) {
      if (p.hrStatus !== 'terminated' || keep.has(p.personId) || !p.terminationDate) continue;
      if (daysBetween(p.terminationDate, org.now.slice(0, 10)) > 9) {
        expect(v.memberByPerson.has(p.personId), p.email).toBe(false);
        expect(p.idpStatus === 'DEPROVISIONED' || p.idpStatus === 'SUSPENDED').toBe(true);
      }
    }
  });

  it('stages hires, activates them the next day and syncs them into Prefect within a day of that', () => {
    const org = make(1000);
    const changes = evolveOrg(org, createRng(13), { days: 60 });
    const hires = changes.filter((c) => c.kind === 'hire');
    expect(hires.length).toBeGreaterThan(10);
    let synced = 0;
    for (const h of hires) {
      const activated = changes.find((c) => c.kind === 'idp-activated' && c.subject === h.subject);
      if (h.day < addDays(org.now.slice(0, 10), -1)) expect(activated?.day, h.subject).toBe(addDays(h.day, 1));
      const mapped = changes.some((c) => c.kind === 'group-added' && c.subject === h.subject && c.day === h.day && / to prefect-/.test(c.detail));
      const added = changes.find((c) => c.kind === 'prefect-added' && c.subject === h.subject);
      expect(added === undefined || mapped || (activated !== undefined && added.day > activated.day)).toBe(true);
      if (mapped && activated && daysBetween(activated.day, org.now.slice(0, 10)) > 2) {
        const disturbed = changes.some(
          (c) => c.subject === h.subject && c.day <= addDays(activated.day, 1) && (c.kind === 'termination' || c.kind === 'move' || c.kind === 'group-change'),
        );
        if (disturbed) continue;
        expect(added, h.subject).toBeDefined();
        expect([0, 1]).toContain(daysBetween(activated.day, added?.day ?? ''));
        synced++;
      }
    }
    expect(synced).toBeGreaterThan(3);
  });

  it('updates last logins (never for the dormant admin) and rotates keys before they expire', () => {
    const org = make(250);
    const before = new Map(org.prefect.members.map((m) => [m.actorId, m.lastLogin]));
    const changes = evolveOrg(org, createRng(14), { days: 60 });
    const moved = org.prefect.members.filter((m) => before.has(m.actorId) && m.lastLogin !== before.get(m.actorId));
    expect(moved.length).toBeGreaterThan(20);
    const dormant = org.planted.find((p) => plantedKind(p) === 'dormant-admin')?.subject;
    const m = org.prefect.members.find((x) => x.personId === dormant);
    expect(daysAgo(org, m?.lastLogin ?? '')).toBeGreaterThan(180);
    expect(changes.some((c) => c.kind === 'key-rotated')).toBe(true);
    const now = org.now;
    for (const bot of org.prefect.bots) {
      const active = bot.apiKeys[bot.apiKeys.length - 1];
      if (active?.expiration) expect(active.expiration > now, bot.name).toBe(true);
      for (const k of bot.apiKeys.slice(0, -1)) expect(k.expiration !== null && k.expiration > now).toBe(true);
    }
    const none = evolveOrg(make(250), createRng(14), { days: 10, loginRate: 0 });
    expect(none.some((c) => c.kind === 'logins')).toBe(false);
  });

  it('plants new problems over time, and they hold too', () => {
    const org = make(250);
    const before = org.planted.length;
    const changes = evolveOrg(org, createRng(15), { days: 14, plantRate: 1 });
    const planted = changes.filter((c) => c.kind === 'planted');
    expect(planted.length).toBeGreaterThanOrEqual(5);
    expect(org.planted.length).toBe(before + planted.length);
    expect(checkPlantedProblems(org)).toEqual([]);
    expect(checkOrgInvariants(org)).toEqual([]);
  });

  it('copes with a simulator changing the model between days (version bumped)', () => {
    const org = make(250);
    const rng = createRng(16);
    evolveOrg(org, rng, { days: 3 });
    // A remediation through the Prefect API: the planted leaver's membership is deleted.
    const leaver = org.planted.find((p) => plantedKind(p) === 'leaver-still-active')?.subject;
    const member = org.prefect.members.find((m) => m.personId === leaver);
    expect(member).toBeDefined();
    org.prefect.members = org.prefect.members.filter((m) => m !== member);
    for (const t of org.prefect.teams) t.memberActorIds = t.memberActorIds.filter((a) => a !== member?.actorId);
    org.prefect.userAccess = org.prefect.userAccess.filter((a) => a.actorId !== member?.actorId);
    org.version++;
    evolveOrg(org, rng, { days: 10 });
    expect(checkOrgInvariants(org)).toEqual([]);
    expect(org.prefect.members.some((m) => m.personId === leaver)).toBe(false);
    expect(checkPlantedProblems(org).filter((e) => !e.startsWith('leaver-still-active'))).toEqual([]);
  });

  it('times the planted late leaver to the days collected, so their finding is open on the last one', () => {
    for (const days of [1, 3, 6, 8, 40, 90]) {
      const org = generateOrg({ seed: 21, people: 60, start: START, days });
      const rng = createRng(9);
      const late = org.planted.find((p) => plantedKind(p) === 'offboarding-deadline-missed')!;
      const changes: OrgChange[] = [];
      // A JSON round-trip half-way: the planned termination is in the model, not in the index.
      let model = org;
      for (let d = 0; d < days - 1; d++) {
        if (d === Math.floor(days / 2)) model = JSON.parse(JSON.stringify(model)) as OrgModel;
        changes.push(...evolveOrg(model, rng));
        expect(checkOrgInvariants(model), `${days} days, day ${d}`).toEqual([]);
        expect(checkPlantedProblems(model), `${days} days, day ${d}`).toEqual([]);
      }
      const last = addDays(START, days - 1);
      const person = model.people.find((p) => p.personId === late.subject)!;
      expect(person.hrStatus, `${days} days`).toBe('terminated');
      const before = daysBetween(person.terminationDate!, last);
      const removal = changes.find((c) => c.kind === 'prefect-removed' && c.subject === late.subject);
      if (days >= 6) {
        // Leaves inside the period, within its last month, and the late removal is collected.
        expect(person.terminationDate! >= START, `${days} days`).toBe(true);
        expect(before, `${days} days`).toBeGreaterThanOrEqual(5);
        expect(before, `${days} days`).toBeLessThanOrEqual(29);
        expect(late.note).toContain(`leaves on ${person.terminationDate}`);
        expect(removal?.lagDays, `${days} days`).toBe(4);
        expect(changes.some((c) => c.kind === 'termination' && c.subject === late.subject)).toBe(true);
      } else {
        // Too short to hold both: left before the start, removed late the day before the last (or, for 1 day, still a member 2 days on).
        expect(before, `${days} days`).toBe(days === 1 ? 2 : 5);
        expect(late.note).toContain(`terminated ${person.terminationDate}`);
        if (days > 1) expect(removal?.lagDays, `${days} days`).toBe(4);
      }
    }
  });

  it('rejects a bad day count', () => {
    expect(() => evolveOrg(make(25), createRng(1), { days: -1 })).toThrow(/days must be a whole number/);
  });
});
