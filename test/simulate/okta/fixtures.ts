import type { IdpEvent, IdpStatus, OrgGroup, OrgModel, OrgPerson } from '../../../electron/simulate/org/org-model';
import { emptyPrefect } from '../empty-prefect';

/**
 * Hand-built organisations for the Okta simulator and connector tests (the seeded
 * generator is built elsewhere): a few people of every status, groups (two of them
 * "prefect-" groups, which the simulator assigns to the Prefect app), and System Log events.
 */
export const ORG_NOW = '2025-06-30T12:00:00.000Z';


export function person(n: number, status: IdpStatus, groupIds: string[] = [], extra: Partial<OrgPerson> = {}): OrgPerson {
  const id = `p${String(n).padStart(5, '0')}`;
  const given = `Given${n}`;
  const family = `Family${n}`;
  return {
    personId: id,
    employeeId: `E${String(n).padStart(5, '0')}`,
    givenName: given,
    familyName: family,
    email: `${given}.${family}@acme.example`.toLowerCase(),
    aliases: n % 3 === 0 ? [`alias${n}@acme-old.example`] : [],
    department: n % 2 === 0 ? 'Engineering' : 'Finance',
    hireDate: '2023-01-15',
    terminationDate: status === 'DEPROVISIONED' ? '2025-05-01' : null,
    hrStatus: status === 'DEPROVISIONED' ? 'terminated' : 'active',
    idpStatus: status,
    groupIds,
    updatedAt: '2025-05-01T09:00:00.000Z',
    createdAt: '2023-01-15T09:00:00.000Z',
    ...extra,
  };
}

function group(groupId: string, name: string): OrgGroup {
  return { groupId, name, description: `${name} group`, nestedGroupIds: [], updatedAt: '2024-01-01T00:00:00.000Z' };
}

function event(n: number, published: string, eventType: string, personId: string | null, groupId: string | null = null, actorId: string | null = 'p00001'): IdpEvent {
  return { uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, published, eventType, actorId, personId, groupId };
}

/**
 * 14 people: 7 ACTIVE, 1 STAGED, 1 PROVISIONED, 2 SUSPENDED, 3 DEPROVISIONED; 4 groups;
 * 9 System Log events (one older than Okta's 90-day retention, one of an uninteresting type).
 */
export function smallOrg(): OrgModel {
  const people: OrgPerson[] = [
    person(1, 'ACTIVE', ['g-eng', 'g-prefect-admins']),
    person(2, 'ACTIVE', ['g-eng', 'g-prefect-devs']),
    person(3, 'ACTIVE', ['g-eng', 'g-prefect-devs']),
    person(4, 'DEPROVISIONED', ['g-eng', 'g-prefect-devs']),
    person(5, 'ACTIVE', ['g-finance']),
    person(6, 'STAGED', ['g-finance']),
    person(7, 'SUSPENDED', ['g-eng', 'g-prefect-devs']),
    person(8, 'ACTIVE', ['g-finance']),
    person(9, 'PROVISIONED', []),
    person(10, 'DEPROVISIONED', ['g-finance']),
    person(11, 'ACTIVE', ['g-eng']),
    person(12, 'SUSPENDED', ['g-finance']),
    person(13, 'ACTIVE', ['g-prefect-admins']),
    person(14, 'DEPROVISIONED', []),
  ];
  const groups = [group('g-eng', 'engineering'), group('g-finance', 'finance'), group('g-prefect-admins', 'prefect-admins'), group('g-prefect-devs', 'prefect-developers')];
  const idpEvents = [
    event(1, '2025-03-01T10:00:00.000Z', 'user.lifecycle.create', 'p00011'), // older than 90 days: retained no more
    event(2, '2025-05-01T09:00:00.000Z', 'user.lifecycle.deactivate', 'p00004'),
    event(3, '2025-05-02T09:00:00.000Z', 'group.user_membership.remove', 'p00004', 'g-eng'),
    event(4, '2025-05-03T09:00:00.000Z', 'user.session.start', 'p00002', null, 'p00002'),
    event(5, '2025-05-10T09:00:00.000Z', 'user.lifecycle.suspend', 'p00007'),
    event(6, '2025-06-01T09:00:00.000Z', 'group.user_membership.add', 'p00013', 'g-prefect-admins'),
    event(7, '2025-06-02T09:00:00.000Z', 'application.user_membership.add', 'p00013', null, null),
    event(8, '2025-06-10T09:00:00.000Z', 'user.lifecycle.create', 'p00006'),
    event(9, '2025-06-20T09:00:00.000Z', 'user.lifecycle.deactivate', 'p00014'),
  ];
  return { seed: 1, now: ORG_NOW, version: 1, people, groups, prefect: emptyPrefect(), idpEvents, planted: [] };
}

/** The events smallOrg's System Log returns to the connector (retained and of an interesting type). */
export const SMALL_ORG_EXPECTED_EVENT_UUIDS = [2, 3, 5, 6, 7, 8, 9].map((n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);

/** n people cycling through every status, all in one big group, for paging tests. */
export function orgOfSize(n: number): OrgModel {
  const statuses: IdpStatus[] = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'STAGED', 'PROVISIONED'];
  const people = Array.from({ length: n }, (_, i) => person(i + 1, statuses[i % statuses.length] as IdpStatus, ['g-all', ...(i % 2 === 0 ? ['g-prefect-devs'] : [])]));
  return {
    seed: 2,
    now: ORG_NOW,
    version: 1,
    people,
    groups: [group('g-all', 'all-staff'), group('g-prefect-devs', 'prefect-developers')],
    prefect: emptyPrefect(),
    idpEvents: [],
    planted: [],
  };
}

/** Appends an event the way the generator would (and bumps the version). */
export function addEvent(org: OrgModel, n: number, published: string, eventType: string, personId: string, groupId: string | null = null): void {
  org.idpEvents.push(event(n, published, eventType, personId, groupId));
  org.version += 1;
}

export function eventUuid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
