import type { Connector, SourceItem } from '../../electron/collect/connector';
import type { SourceKind } from '../../shared/domain/records';

/**
 * A connector that generates a large organisation on the fly, one record at a time, so the
 * ingest benchmark measures the store, not an HTTP stack or an array held in memory.
 * `variant` shifts a deterministic slice of people so successive "days" churn.
 */
export function syntheticIdp(sourceId: string, people: number, groupMemberships: number, day = 0, churnPerDay = 0): Connector {
  return {
    sourceId,
    kind: 'okta' as SourceKind,
    async *read() {
      let records = 0;
      const groups = 500;
      for (let i = 0; i < people; i++) {
        const id = personId(i, day, churnPerDay, people);
        yield userRecord(id, 'active');
        records += 1;
        if (records % 20000 === 0) yield progress(records);
      }
      const perPerson = Math.max(1, Math.round(groupMemberships / people));
      for (let i = 0; i < people; i++) {
        const id = personId(i, day, churnPerDay, people);
        for (let g = 0; g < perPerson; g++) {
          const groupId = `g${(i * 7 + g * 131) % groups}`;
          yield { type: 'record', record: { kind: 'idp_group_member', key: `${groupId}:${id}`, value: { groupId, memberId: id, memberType: 'user' } } };
          records += 1;
          if (records % 20000 === 0) yield progress(records);
        }
      }
      return { complete: true, mode: 'full', pages: Math.ceil(records / 200), records, events: 0, notes: [] };
    },
  };
}

export function syntheticPrefect(sourceId: string, members: number, day = 0, churnPerDay = 0): Connector {
  return {
    sourceId,
    kind: 'prefect',
    async *read() {
      let records = 0;
      for (let i = 0; i < members; i++) {
        const id = personId(i, day, churnPerDay, members);
        yield {
          type: 'record',
          record: {
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
          },
        };
        records += 1;
        if (records % 20000 === 0) yield progress(records);
      }
      return { complete: true, mode: 'full', pages: Math.ceil(records / 200), records, events: 0, notes: [] };
    },
  };
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

function userRecord(id: string, lifecycle: 'active' | 'suspended'): SourceItem {
  const email = `${id}@example.com`;
  return {
    type: 'record',
    record: {
      kind: 'idp_user',
      key: id,
      value: { id, userName: email, email, emails: [email], displayName: `Person ${id}`, rawStatus: lifecycle.toUpperCase(), lifecycle, employeeId: `E${id}`, department: 'Data' },
    },
  };
}

function progress(records: number): SourceItem {
  return { type: 'progress', progress: { phase: 'reading', pages: Math.ceil(records / 200), records } };
}
