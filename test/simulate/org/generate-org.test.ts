import { beforeAll, describe, expect, it } from 'vitest';
import { generateOrg, MIN_PEOPLE } from '../../../electron/simulate/org/generate-org';
import { orgPolicyHints } from '../../../electron/simulate/org/org-policy-hints';
import type { OrgModel } from '../../../electron/simulate/org/org-model';
import { checkOrgInvariants } from '../../../electron/simulate/org/org-invariants';
import { checkPlantedProblems } from '../../../electron/simulate/org/planted-checks';
import { PLANTED_KINDS, plantedKind, resolvePlantedSubject } from '../../../electron/simulate/org/planted-kinds';
import { DEPARTMENTS, PREFECT_GROUPS } from '../../../electron/simulate/org/org-layout';
import { daysAgo, view } from './org-test-helpers';

const START = '2025-03-03';
const orgs = new Map<number, OrgModel>();

beforeAll(() => {
  for (const n of [25, 250, 2000]) orgs.set(n, generateOrg({ seed: 11, people: n, start: START }));
});
const org = (n: number): OrgModel => orgs.get(n) as OrgModel;

describe('generateOrg', () => {
  it('is deterministic: same options, deep-equal organisation; another seed, another one', () => {
    const a = generateOrg({ seed: 11, people: 250, start: START });
    expect(a).toEqual(org(250));
    const b = generateOrg({ seed: 12, people: 250, start: START });
    expect(b.people.map((p) => p.email)).not.toEqual(a.people.map((p) => p.email));
  });

  it('honours the head count and builds the groups, teams, roles and workspaces', () => {
    for (const n of [25, 250, 2000]) {
      const o = org(n);
      expect(o.people).toHaveLength(n);
      expect(o.now).toBe('2025-03-03T00:00:00.000Z');
      const names = new Set(o.groups.map((g) => g.name));
      for (const d of DEPARTMENTS) expect(names.has(`dept-${d.slug}`)).toBe(true);
      for (const g of PREFECT_GROUPS) expect(names.has(g)).toBe(true);
      expect(o.groups.some((g) => g.nestedGroupIds.length > 0)).toBe(true);

      const pf = o.prefect;
      for (const g of PREFECT_GROUPS) {
        const group = o.groups.find((x) => x.name === g);
        const team = pf.teams.find((t) => t.name === g);
        expect(team?.directoryGroupId).toBe(group?.groupId);
      }
      const handMade = pf.teams.filter((t) => t.directoryGroupId === null);
      expect(handMade).toHaveLength(1);
      expect(handMade[0]?.memberActorIds.length).toBeGreaterThan(0);
      expect(pf.teams.filter((t) => t.directoryGroupId !== null && t.workspaces.length > 0).length).toBeGreaterThanOrEqual(4);

      expect(pf.accountRoles.map((r) => r.name).sort()).toEqual(['Admin', 'Collaborator', 'Member', 'Owner']);
      expect(pf.accountRoles.every((r) => r.isSystemRole && r.permissions.length > 0)).toBe(true);
      const builtIns = pf.workspaceRoles.filter((r) => r.accountId === null).map((r) => r.name).sort();
      expect(builtIns).toEqual(['Developer', 'Owner', 'Runner', 'Viewer', 'Worker']);
      const custom = pf.workspaceRoles.filter((r) => r.accountId !== null);
      expect(custom).toHaveLength(1);
      expect(custom[0]?.accountId).toBe(pf.accountId);
      expect(custom[0]?.inheritedRoleId).toBe(pf.workspaceRoles.find((r) => r.name === 'Developer')?.id);

      expect(pf.workspaces.map((w) => w.handle).sort()).toEqual(['analytics', 'dev', 'prod', 'staging']);
      expect(pf.workspaces.some((w) => w.defaultWorkspaceRoleId === null)).toBe(true);
      expect(pf.workspaces.some((w) => w.defaultWorkspaceRoleId !== null)).toBe(true);
      expect(checkOrgInvariants(o)).toEqual([]);
    }
  });

  it('makes a plausible roster: addresses, aliases, statuses, dates', () => {
    const o = org(2000);
    const domain = o.people[0]?.email.split('@')[1] ?? '';
    expect(o.people.every((p) => p.email === p.email.toLowerCase() && p.email.endsWith(`@${domain}`))).toBe(true);
    expect(o.people.every((p) => /^[a-z-]+\.[a-z]+\d*@/.test(p.email))).toBe(true);
    expect(o.people.some((p) => /\d@/.test(p.email))).toBe(true); // collision suffixes
    const withAlias = o.people.filter((p) => p.aliases.length > 0).length;
    expect(withAlias).toBeGreaterThan(40);
    expect(withAlias).toBeLessThan(250);

    const onLeave = o.people.filter((p) => p.hrStatus === 'leave').length / o.people.length;
    expect(onLeave).toBeGreaterThan(0.01);
    expect(onLeave).toBeLessThan(0.06);
    const gone = o.people.filter((p) => p.hrStatus === 'terminated');
    expect(gone.length).toBeGreaterThan(40);
    expect(gone.every((p) => p.terminationDate !== null && p.terminationDate >= p.hireDate && p.terminationDate < START)).toBe(true);
    const statuses = new Set(gone.map((p) => p.idpStatus));
    expect(statuses.has('DEPROVISIONED')).toBe(true);
    expect(statuses.has('SUSPENDED')).toBe(true);
    const hireYears = new Set(o.people.map((p) => p.hireDate.slice(0, 4)));
    expect(hireYears.size).toBeGreaterThanOrEqual(5);
    expect(o.people.filter((p) => p.hrStatus !== 'terminated').every((p) => p.idpStatus === 'ACTIVE' || p.idpStatus === 'STAGED')).toBe(true);
  });

  it('gives Prefect memberships by the directory mapping, with one Owner and some admins', () => {
    const o = org(2000);
    const v = view(o);
    const planted = new Set(o.planted.map((p) => p.subject));
    let synced = 0;
    for (const person of o.people) {
      const expected = v.mappedRole(person);
      const member = v.memberByPerson.get(person.personId);
      const working = person.hrStatus !== 'terminated' && person.idpStatus === 'ACTIVE';
      if (planted.has(person.personId)) continue;
      if (working && expected) {
        expect(member, `${person.email} is in a mapped group`).toBeDefined();
        if (member) expect(v.roleName(member)).toBe(expected);
        synced++;
      }
      if (!expected) expect(member).toBeUndefined();
    }
    expect(synced).toBeGreaterThan(300);
    const owners = o.prefect.members.filter((m) => v.roleName(m) === 'Owner' && m.personId !== null);
    expect(owners).toHaveLength(1);
    expect(o.prefect.members.filter((m) => v.roleName(m) === 'Admin').length).toBeGreaterThanOrEqual(4);
    const hints = orgPolicyHints(o);
    expect(hints.breakGlassEmails).toHaveLength(1);
    const breakGlass = o.prefect.members.find((m) => m.email === hints.breakGlassEmails[0]);
    expect(breakGlass && v.roleName(breakGlass)).toBe('Owner');
    expect(hints.mappings.map((m) => m.group)).toEqual(expect.arrayContaining(['prefect-admins', 'prefect-data-eng', 'prefect-analytics', 'prefect-viewers']));
    // Last logins are mostly recent, some never; none in the future.
    const logins = o.prefect.members.map((m) => m.lastLogin).filter((x): x is string => x !== null);
    expect(logins.filter((l) => daysAgo(o, l) < 30).length / logins.length).toBeGreaterThan(0.6);
    // Some accounts hold an alias or a differently cased address: identity matching has work to do.
    const odd = o.prefect.members.filter((m) => m.personId && m.email !== v.people.get(m.personId)?.email);
    expect(odd.length).toBeGreaterThan(0);
  });

  it('has service accounts with keys (expiring, except the planted one) and workspace access', () => {
    const o = org(250);
    const pf = o.prefect;
    expect(pf.bots.length).toBeGreaterThanOrEqual(5);
    const keys = pf.bots.flatMap((b) => b.apiKeys);
    const noExpiry = keys.filter((k) => k.expiration === null).map((k) => k.id);
    const plantedKeys = o.planted.filter((p) => plantedKind(p) === 'key-without-expiry').map((p) => p.subject);
    expect(noExpiry.sort()).toEqual(plantedKeys.sort());
    expect(keys.every((k) => /^pnb_[A-Za-z0-9]{36}$/.test(k.secret))).toBe(true);
    expect(pf.bots.every((b) => pf.botAccess.some((a) => a.botId === b.id))).toBe(true);
    expect(pf.bots.filter((b) => b.createdByActorId !== null).length).toBeGreaterThanOrEqual(pf.bots.length - 1);
  });

  it('writes IdP events in Okta types and Prefect audit events named prefect-cloud.<resource>.<action>', () => {
    const o = org(2000);
    const okta = new Set([
      'user.lifecycle.create', 'user.lifecycle.activate', 'user.lifecycle.deactivate', 'user.lifecycle.suspend',
      'group.user_membership.add', 'group.user_membership.remove', 'application.user_membership.add', 'application.user_membership.remove',
    ]);
    expect(o.idpEvents.length).toBeGreaterThan(50);
    expect(o.idpEvents.every((e) => okta.has(e.eventType))).toBe(true);
    expect(o.idpEvents.every((e) => daysAgo(o, e.published) <= 90)).toBe(true);
    const resources = new Set(['account-membership', 'team-membership', 'service-account', 'api-key', 'workspace-access', 'user']);
    const seen = new Set<string>();
    for (const e of o.prefect.auditEvents) {
      const [, resource, action] = e.event.split('.');
      expect(resources.has(resource ?? '')).toBe(true);
      seen.add(`${resource}.${action}`);
      expect(e.related.some((r) => r.role === 'actor')).toBe(true);
    }
    for (const k of ['account-membership.created', 'account-membership.deleted', 'team-membership.created', 'service-account.created', 'workspace-access.created']) {
      expect(seen.has(k), k).toBe(true);
    }
  });

  for (const n of [25, 250]) {
    it(`plants every kind of problem, and each holds in the model (people=${n})`, () => {
      const o = org(n);
      const v = view(o);
      const kinds = new Set(o.planted.map(plantedKind));
      for (const k of PLANTED_KINDS) expect(kinds.has(k), k).toBe(true);
      expect(checkPlantedProblems(o)).toEqual([]);
      for (const p of o.planted) expect(resolvePlantedSubject(o, p), p.kind).not.toBeNull();

      // The brief's checks, spelled out against the raw model.
      for (const p of o.planted) {
        const kind = plantedKind(p);
        if (kind === 'leaver-still-active') {
          const person = v.people.get(p.subject);
          expect(person?.hrStatus).toBe('terminated');
          expect(['DEPROVISIONED', 'SUSPENDED']).toContain(person?.idpStatus);
          expect(v.memberByPerson.get(p.subject)?.active).toBe(true);
        }
        if (kind === 'direct-grant-bypass') {
          const access = o.prefect.userAccess.find((a) => a.id === p.subject);
          expect(o.prefect.members.some((m) => m.actorId === access?.actorId)).toBe(true);
        }
        if (kind === 'key-without-expiry') {
          expect(o.prefect.bots.flatMap((b) => b.apiKeys).find((k) => k.id === p.subject)?.expiration).toBeNull();
        }
        if (kind === 'dormant-admin') {
          const m = v.memberByPerson.get(p.subject);
          expect(m && v.roleName(m)).toBe('Admin');
          expect(daysAgo(o, m?.lastLogin ?? '')).toBeGreaterThan(120);
        }
        if (kind === 'bot-owned-by-leaver') {
          const bot = o.prefect.bots.find((b) => b.id === p.subject);
          const leaver = o.people.find((x) => x.hrStatus === 'terminated' && v.actorOfPerson(x.personId) === bot?.createdByActorId);
          expect(leaver).toBeDefined();
          expect(o.prefect.members.some((m) => m.actorId === bot?.createdByActorId)).toBe(false);
          // Prefect knows the creator only from the audit log: the event is there and names the leaver.
          const created = o.prefect.auditEvents.find((e) => e.event === 'prefect-cloud.service-account.created' && e.resourceId.endsWith(bot?.id ?? '-'));
          expect(created?.related.find((r) => r.role === 'actor')?.name).toBe(leaver?.email);
        }
        if (kind === 'unknown-account') {
          const m = o.prefect.members.find((x) => x.membershipId === p.subject);
          expect(m?.personId).toBeNull();
          const e = m?.email.toLowerCase();
          expect(o.people.some((x) => x.email === e || x.aliases.includes(e ?? ''))).toBe(false);
        }
        if (kind === 'role-escalation') {
          const person = v.people.get(p.subject);
          const m = v.memberByPerson.get(p.subject);
          expect(m && v.roleName(m)).toBe('Admin');
          expect(person && v.mappedRole(person)).toBe('Member');
        }
        if (kind === 'expected-access-missing') {
          const person = v.people.get(p.subject);
          expect(person?.idpStatus).toBe('ACTIVE');
          expect(person && v.mappedRole(person)).not.toBeNull();
          expect(v.memberByPerson.has(p.subject)).toBe(false);
        }
      }
    });
  }

  it('plants the same number of problems whatever the size', () => {
    expect(org(25).planted.length).toBe(org(250).planted.length);
    expect(org(2000).planted.length).toBe(org(250).planted.length);
    expect(new Set(org(250).planted.map((p) => p.subject)).size).toBe(org(250).planted.length);
  });

  it('survives a JSON round-trip unchanged', () => {
    const o = org(250);
    const copy = JSON.parse(JSON.stringify(o)) as OrgModel;
    expect(copy).toEqual(o);
    expect(checkOrgInvariants(copy)).toEqual([]);
  });

  it('rejects options it cannot honour, naming them', () => {
    expect(() => generateOrg({ seed: 1, people: MIN_PEOPLE - 1, start: START })).toThrow(/people must be an integer of at least 20/);
    expect(() => generateOrg({ seed: 1, people: 30.5, start: START })).toThrow(/people/);
    expect(() => generateOrg({ seed: Number.NaN, people: 30, start: START })).toThrow(/seed/);
    expect(() => generateOrg({ seed: 1, people: 30, start: 'soon' })).toThrow(/not an ISO date/);
  });
});
