import type { Connector, SourceItem } from '../../electron/collect/connector';
import type { SourceKind, SourceRecord } from '../../shared/domain/records';

const PAGE = 200;

/**
 * Groups a record stream into pages of PAGE, the way a paging connector hands over what
 * one API page held.
 */
async function* paged(records: Iterable<SourceRecord>): AsyncGenerator<SourceItem, number, void> {
  let page: SourceRecord[] = [];
  let n = 0;
  for (const record of records) {
    page.push(record);
    n += 1;
    if (page.length === PAGE) {
      yield { type: 'records', records: page };
      page = [];
      if (n % 20000 === 0) yield progress(n);
    }
  }
  if (page.length) yield { type: 'records', records: page };
  return n;
}

/**
 * A connector that generates a large organisation on the fly, a page at a time, so the
 * ingest benchmark measures the store, not an HTTP stack or an array held in memory.
 * `variant` shifts a deterministic slice of people so successive "days" churn.
 */
export function syntheticIdp(sourceId: string, people: number, groupMemberships: number, day = 0, churnPerDay = 0): Connector {
  return {
    sourceId,
    kind: 'okta' as SourceKind,
    async *read() {
      const records = yield* paged(idpRecords(people, groupMemberships, day, churnPerDay));
      return { complete: true, mode: 'full', pages: Math.ceil(records / PAGE), records, events: 0, notes: [] };
    },
  };
}

function* idpRecords(people: number, groupMemberships: number, day: number, churnPerDay: number): Generator<SourceRecord> {
  const groups = 500;
  for (let i = 0; i < people; i++) yield userRecord(personId(i, day, churnPerDay, people), 'active');
  const perPerson = Math.max(1, Math.round(groupMemberships / people));
  for (let i = 0; i < people; i++) {
    const id = personId(i, day, churnPerDay, people);
    for (let g = 0; g < perPerson; g++) {
      const groupId = `g${(i * 7 + g * 131) % groups}`;
      yield { kind: 'idp_group_member', key: `${groupId}:${id}`, value: { groupId, memberId: id, memberType: 'user' } };
    }
  }
}

export function syntheticPrefect(sourceId: string, members: number, day = 0, churnPerDay = 0): Connector {
  return {
    sourceId,
    kind: 'prefect',
    async *read() {
      const records = yield* paged(prefectRecords(members, day, churnPerDay));
      return { complete: true, mode: 'full', pages: Math.ceil(records / PAGE), records, events: 0, notes: [] };
    },
  };
}

function* prefectRecords(members: number, day: number, churnPerDay: number): Generator<SourceRecord> {
  for (let i = 0; i < members; i++) {
    const id = personId(i, day, churnPerDay, members);
    yield {
      kind: 'prefect_member',
      key: `m-${id}`,
      value: {
        id: `m-${id}`,
        actorId: `a-${id}`,
        userId: `u-${id}`,
        email: `${id}@example.com`,
        handle: id,
        firstName: 'First',
        lastName: `Last${i}`,
        accountRoleId: i % 50 === 0 ? 'role-admin' : 'role-member',
        accountRoleName: i % 50 === 0 ? 'Admin' : 'Member',
        active: true,
      },
    };
  }
}

/** Person i on a given day: each day `churnPerDay` of the population are replaced by new hires. */
function personId(i: number, day: number, churnPerDay: number, population: number): string {
  if (churnPerDay === 0) return `p${i}`;
  const replacedPerDay = Math.round(population * churnPerDay);
  // Rolling window: the slice [day*k, day*k + k) of the population has been replaced `generation` times.
  const slot = i;
  const generation = Math.floor((day * replacedPerDay + (population - slot - 1)) / population);
  return generation === 0 ? `p${slot}` : `p${slot}g${generation}`;
}

function userRecord(id: string, lifecycle: 'active' | 'suspended'): SourceRecord {
  const email = `${id}@example.com`;
  return {
    kind: 'idp_user',
    key: id,
    value: { id, userName: email, email, emails: [email], displayName: `Person ${id}`, rawStatus: lifecycle.toUpperCase(), lifecycle, employeeId: `E${id}`, department: 'Data' },
  };
}

function progress(records: number): SourceItem {
  return { type: 'progress', progress: { phase: 'reading', pages: Math.ceil(records / 200), records } };
}
