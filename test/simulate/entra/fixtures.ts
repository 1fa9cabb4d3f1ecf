import type { HrStatus, IdpStatus, OrgGroup, OrgModel, OrgPerson } from '../../../electron/simulate/org/org-model';
import { emptyPrefect } from '../empty-prefect';

/**
 * Hand-built organisations for the Entra tests (the seeded generator is written elsewhere).
 * Tests mutate them and call touch() so the simulator sees a new version.
 */
export const ORG_NOW = '2025-06-01T12:00:00.000Z';

const GIVEN = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Niklaus', 'Radia', 'John'];
const FAMILY = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Wirth', 'Perlman', 'Backus'];

export function makePerson(n: number, overrides: Partial<OrgPerson> = {}): OrgPerson {
  const given = GIVEN[n % GIVEN.length] as string;
  const family = FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length] as string;
  const suffix = n >= GIVEN.length ? String(n) : '';
  return {
    personId: `p${String(n).padStart(5, '0')}`,
    employeeId: `E${1000 + n}`,
    givenName: given,
    familyName: family,
    email: `${given}.${family}${suffix}@example.com`.toLowerCase(),
    aliases: [],
    department: n % 2 === 0 ? 'Engineering' : 'Data',
    hireDate: '2023-01-15',
    terminationDate: null,
    hrStatus: 'active' as HrStatus,
    idpStatus: 'ACTIVE' as IdpStatus,
    groupIds: [],
    updatedAt: '2025-01-01T00:00:00.000Z',
    createdAt: '2023-01-10T00:00:00.000Z',
    ...overrides,
  };
}

export function makeGroup(groupId: string, name: string, overrides: Partial<OrgGroup> = {}): OrgGroup {
  return { groupId, name, description: `${name} team`, nestedGroupIds: [], updatedAt: '2024-06-01T00:00:00.000Z', ...overrides };
}

/**
 * A small organisation with every case the Entra view distinguishes:
 * - p00000..: ACTIVE people in Engineering/Data groups, one with aliases;
 * - p00002: SUSPENDED (disabled), p00003: STAGED (disabled), p00004: PROVISIONED (enabled);
 * - p00005: terminated and DEPROVISIONED 10 days ago (still a disabled user);
 * - p00006: terminated and DEPROVISIONED 60 days ago (deleted from Entra);
 * - groups: g-eng, g-data, g-all (nests g-eng and g-data), g-admins (no description).
 * `extraPeople` adds plain ACTIVE people (for paging tests).
 */
export function buildEntraOrg(options: { extraPeople?: number } = {}): OrgModel {
  const people: OrgPerson[] = [
    makePerson(0, { aliases: ['ada.l@example.com', 'countess@example.org'], groupIds: ['g-eng', 'g-admins'] }),
    makePerson(1, { groupIds: ['g-data'] }),
    makePerson(2, { idpStatus: 'SUSPENDED', hrStatus: 'leave', groupIds: ['g-eng'] }),
    makePerson(3, { idpStatus: 'STAGED', hireDate: '2025-07-01', groupIds: [] }),
    makePerson(4, { idpStatus: 'PROVISIONED', groupIds: ['g-data'] }),
    makePerson(5, { idpStatus: 'DEPROVISIONED', hrStatus: 'terminated', terminationDate: '2025-05-20', updatedAt: '2025-05-22T09:00:00.000Z', groupIds: ['g-eng'] }),
    makePerson(6, { idpStatus: 'DEPROVISIONED', hrStatus: 'terminated', terminationDate: '2025-03-01', updatedAt: '2025-03-02T09:00:00.000Z', groupIds: ['g-data'] }),
  ];
  const extra = options.extraPeople ?? 0;
  for (let i = 0; i < extra; i += 1) people.push(makePerson(100 + i, { groupIds: i % 3 === 0 ? ['g-eng'] : ['g-data'] }));
  return {
    seed: 7,
    now: ORG_NOW,
    version: 1,
    people,
    groups: [
      makeGroup('g-eng', 'Engineering'),
      makeGroup('g-data', 'Data Platform'),
      makeGroup('g-all', 'All Staff', { nestedGroupIds: ['g-eng', 'g-data'] }),
      makeGroup('g-admins', 'Prefect Admins', { description: null }),
    ],
    prefect: emptyPrefect('acct-1', 'Example'),
    idpEvents: [],
    planted: [],
  };
}

/** Marks the organisation changed, as the generator does after each mutation. */
export function touch(org: OrgModel): void {
  org.version += 1;
}

export function person(org: OrgModel, personId: string): OrgPerson {
  const found = org.people.find((p) => p.personId === personId);
  if (!found) throw new Error(`no person ${personId}`);
  return found;
}

export function group(org: OrgModel, groupId: string): OrgGroup {
  const found = org.groups.find((g) => g.groupId === groupId);
  if (!found) throw new Error(`no group ${groupId}`);
  return found;
}
