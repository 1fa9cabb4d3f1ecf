import type { IdpStatus, OrgGroup, OrgModel, OrgPerson } from '../../../electron/simulate/org/org-model';
import { emptyPrefect } from '../empty-prefect';

/**
 * Hand-built organisations for the SCIM and HR tests (the seeded generator is written in
 * parallel; these match org-model.ts exactly and keep every expectation visible here).
 */

export function person(
  n: number,
  givenName: string,
  familyName: string,
  idpStatus: IdpStatus,
  groupIds: string[],
  extra: Partial<OrgPerson> = {},
): OrgPerson {
  const id = String(n).padStart(3, '0');
  return {
    personId: `p${id}`,
    employeeId: `E${id}`,
    givenName,
    familyName,
    email: `${givenName}.${familyName}@example.com`.toLowerCase(),
    aliases: [],
    department: 'Engineering',
    hireDate: '2020-01-15',
    terminationDate: null,
    hrStatus: idpStatus === 'DEPROVISIONED' ? 'terminated' : 'active',
    idpStatus,
    groupIds,
    updatedAt: '2025-06-01T00:00:00.000Z',
    createdAt: '2020-01-15T09:00:00.000Z',
    ...extra,
  };
}

export function group(groupId: string, name: string, nestedGroupIds: string[] = []): OrgGroup {
  return { groupId, name, description: null, nestedGroupIds, updatedAt: '2025-06-01T00:00:00.000Z' };
}

/** Seven people (every IdP status), four groups: Everyone nests Engineering; one group is empty. */
export function buildTestOrg(): OrgModel {
  return {
    seed: 1,
    now: '2025-06-02T00:00:00.000Z',
    version: 1,
    people: [
      person(1, 'Ada', 'Lovelace', 'ACTIVE', ['g-eng', 'g-all'], { aliases: ['ada@old.example.com'] }),
      person(2, 'Grace', 'Hopper', 'ACTIVE', ['g-eng']),
      person(3, 'Alan', 'Turing', 'SUSPENDED', ['g-data'], { department: 'Data' }),
      person(4, 'Linus', 'Torvalds', 'DEPROVISIONED', ['g-eng'], { terminationDate: '2025-05-01' }),
      person(5, 'Barbara', 'Liskov', 'ACTIVE', ['g-data', 'g-all'], { department: 'Data' }),
      person(6, 'Ken', 'Thompson', 'STAGED', []),
      person(7, 'Margaret', 'Hamilton', 'ACTIVE', ['g-all'], { department: 'Flight "Software", Ops' }),
    ],
    groups: [group('g-all', 'Everyone', ['g-eng']), group('g-eng', 'Engineering'), group('g-data', 'Data Platform'), group('g-empty', 'Empty group')],
    prefect: emptyPrefect('acc-1', 'Test account'),
    idpEvents: [],
    planted: [],
  };
}

/** `n` people spread over `groups` groups, for paging tests. */
export function buildBigOrg(n: number, groups = 3): OrgModel {
  const gs = Array.from({ length: groups }, (_, i) => group(`g${i}`, `Group ${i}`));
  return {
    seed: 2,
    now: '2025-06-02T00:00:00.000Z',
    version: 1,
    people: Array.from({ length: n }, (_, i) => person(i + 1, `Given${i + 1}`, `Family${i + 1}`, i % 10 === 9 ? 'SUSPENDED' : 'ACTIVE', [`g${i % groups}`])),
    groups: gs,
    prefect: emptyPrefect('acc-1', 'Test account'),
    idpEvents: [],
    planted: [],
  };
}
