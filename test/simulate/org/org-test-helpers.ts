import type { OrgModel, OrgPerson, PrefectMember } from '../../../electron/simulate/org/org-model';
import { idFor } from '../../../electron/simulate/org/org-model';
import { PREFECT_GROUP_MAPPINGS } from '../../../electron/simulate/org/org-layout';

/** Reads the model the way a test would reason about it, independent of the generator's own helpers. */
export function view(org: OrgModel) {
  const people = new Map(org.people.map((p) => [p.personId, p]));
  const groupByName = new Map(org.groups.map((g) => [g.name, g]));
  const groupName = new Map(org.groups.map((g) => [g.groupId, g.name]));
  const memberByPerson = new Map(org.prefect.members.filter((m) => m.personId).map((m) => [m.personId as string, m]));
  const roleName = (m: PrefectMember): string => org.prefect.accountRoles.find((r) => r.id === m.accountRoleId)?.name ?? '?';
  const mappedRole = (p: OrgPerson): string | null => {
    const rank = ['Member', 'Admin', 'Owner'];
    let best: string | null = null;
    for (const m of PREFECT_GROUP_MAPPINGS) {
      const g = groupByName.get(m.group);
      if (g && p.groupIds.includes(g.groupId) && (best === null || rank.indexOf(m.accountRole) > rank.indexOf(best))) best = m.accountRole;
    }
    return best;
  };
  const groupsOf = (p: OrgPerson): string[] => p.groupIds.map((g) => groupName.get(g) ?? g);
  const actorOfPerson = (personId: string): string => idFor('prefect', `actor:${personId}`);
  return { people, groupByName, memberByPerson, roleName, mappedRole, groupsOf, actorOfPerson };
}

export function daysAgo(org: OrgModel, iso: string): number {
  return (Date.parse(org.now) - Date.parse(iso)) / 86_400_000;
}
