import type { Fact, IdpSourceView } from '../snapshot-view';
import type { IdpGroupRef } from './identity-types';

/**
 * Each user's groups in one directory, nested groups expanded: if group A contains group B
 * (memberType "group") and Ana is in B, Ana is in A too (Entra and SCIM allow nesting; what a
 * mapping grants to A reaches her). Cycles are tolerated. Group refs are shared objects so a
 * million memberships cost one array slot each. Also returns each user's direct membership
 * facts, which findings cite as evidence.
 */
export function userGroupsOf(source: IdpSourceView): { groups: Map<string, IdpGroupRef[]>; memberships: Map<string, Fact<'idp_group_member'>[]> } {
  const parents = new Map<string, string[]>();
  const memberships = new Map<string, Fact<'idp_group_member'>[]>();
  for (const f of source.groupMembers) {
    const v = f.value;
    if (v.memberType === 'group') {
      const list = parents.get(v.memberId);
      if (list) list.push(v.groupId);
      else parents.set(v.memberId, [v.groupId]);
      continue;
    }
    const facts = memberships.get(v.memberId);
    if (facts) facts.push(f);
    else memberships.set(v.memberId, [f]);
  }
  const name = (id: string) => source.groups.get(id)?.value.name ?? id;
  const refs = new Map<string, { direct: IdpGroupRef; nested: IdpGroupRef }>();
  const refFor = (id: string, isDirect: boolean): IdpGroupRef => {
    let r = refs.get(id);
    if (!r) {
      r = { direct: { groupId: id, name: name(id), direct: true }, nested: { groupId: id, name: name(id), direct: false } };
      refs.set(id, r);
    }
    return isDirect ? r.direct : r.nested;
  };

  // Ancestors of each group (excluding itself), memoised; a cycle contributes what it reached.
  const ancestors = new Map<string, string[]>();
  const visiting = new Set<string>();
  const ancestorsOf = (g: string): string[] => {
    const known = ancestors.get(g);
    if (known) return known;
    const ps = parents.get(g);
    if (!ps || visiting.has(g)) return [];
    visiting.add(g);
    const out = new Set<string>();
    for (const p of ps) {
      out.add(p);
      for (const a of ancestorsOf(p)) out.add(a);
    }
    visiting.delete(g);
    out.delete(g);
    const list = [...out];
    ancestors.set(g, list);
    return list;
  };

  const result = new Map<string, IdpGroupRef[]>();
  for (const [userId, facts] of memberships) {
    const list: IdpGroupRef[] = new Array(facts.length);
    for (let i = 0; i < facts.length; i++) list[i] = refFor(facts[i]!.value.groupId, true);
    if (parents.size > 0) {
      const seen = new Set<string>(list.map((g) => g.groupId));
      for (const f of facts) {
        for (const a of ancestorsOf(f.value.groupId)) {
          if (!seen.has(a)) {
            seen.add(a);
            list.push(refFor(a, false));
          }
        }
      }
    }
    result.set(userId, list);
  }
  return { groups: result, memberships };
}
