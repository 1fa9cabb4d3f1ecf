import type { Db } from '../db/open-database';
import { analysisContext, type AnalysisCache } from './analysis-context';
import { requireAsOf } from './snapshot-view';
import { pairKey } from './fact-ref';
import { BUILTIN_ACCOUNT_RANK } from './role-rank';
import type { Identity } from './identity/identity-types';
import type { Policy } from './policy/policy-schema';
import { policyVersionJudging } from './policy/policy-store';
import { DEFAULT_MATCH_RULES } from './identity/match-rules';
import type { IdpVsPrefect } from '../../shared/domain/analysis';
export type { IdpVsPrefect };

/**
 * The directory and Prefect compared at one time T, through the policy's mapping: who Prefect
 * lets in that the IdP does not know or has disabled, who the IdP's mapped groups say should
 * be in Prefect and is not, and whose roles and teams differ from what the groups give. When
 * no policy is given, the one the findings at T were judged under, so that the differences
 * agree with the role-drift findings shown for T rather than with a mapping saved since.
 */
export function idpVsPrefect(db: Db, time: Date, options: { policy?: Policy; cache?: AnalysisCache } = {}): IdpVsPrefect {
  const asOf = requireAsOf(db, time);
  const policy = options.policy ?? policyVersionJudging(db, asOf.collectionId).policy;
  const { identities, access, view } = analysisContext(db, asOf.collectionId, {
    depth: 'full',
    rules: policy.matchRules ?? DEFAULT_MATCH_RULES,
    ...(options.cache ? { cache: options.cache } : {}),
  });
  const mappingsByGroup = new Map(policy.mappings.map((m) => [m.idpGroup.toLowerCase(), m]));
  const mappingsOf = (i: Identity) => {
    const names = new Set(i.idp.filter((a) => a.lifecycle === 'active').flatMap((a) => a.groups.map((g) => g.name.toLowerCase())));
    return [...names].map((n) => mappingsByGroup.get(n)).filter((m): m is NonNullable<typeof m> => !!m);
  };
  const out: IdpVsPrefect = { ...asOf, policyVersion: policy.version, activeInPrefectNotInIdp: [], missingInPrefect: [], roleDifferences: [], teamDifferences: [] };

  for (const p of access.principals) {
    if (p.type !== 'user' || !p.active) continue;
    const who = identities.byPrefectActor.get(pairKey(p.sourceId, p.actorId))?.identity;
    const reason = !who ? 'no-identity' : who.idp.length === 0 ? 'no-idp-account' : who.idp.every((a) => a.lifecycle !== 'active') ? 'idp-disabled' : null;
    if (reason) {
      out.activeInPrefectNotInIdp.push({ sourceId: p.sourceId, membershipId: p.id, email: p.email, identityId: who?.identityId ?? null, accountRole: p.accountRoleName, reason });
    }
  }

  const teamsByActor = new Map<string, Set<string>>();
  for (const account of view.prefect) {
    for (const tm of account.teamMembers) {
      const name = account.teams.get(tm.value.teamId)?.value.name.toLowerCase();
      if (!name) continue;
      const key = pairKey(account.sourceId, tm.value.memberId);
      const set = teamsByActor.get(key) ?? new Set<string>();
      set.add(name);
      teamsByActor.set(key, set);
    }
  }
  const mappedTeams = new Map(policy.mappings.filter((m) => m.prefectTeam).map((m) => [m.prefectTeam!.toLowerCase(), m]));

  for (const identity of identities.identities) {
    if (!identity.idp.some((a) => a.lifecycle === 'active')) continue;
    const mappings = mappingsOf(identity);
    const email = identity.hr?.email ?? identity.emails[0] ?? null;
    const links = identity.prefect.filter((l) => l.active);
    if (mappings.length > 0 && links.length === 0) {
      out.missingInPrefect.push({ identityId: identity.identityId, email, displayName: identity.displayName, groups: mappings.map((m) => m.idpGroup) });
      continue;
    }
    for (const link of links) {
      const principal = access.byActor.get(pairKey(link.sourceId, link.actorId));
      const rankOf = (name: string) => access.accountRoleRanks.get(pairKey(link.sourceId, name)) ?? BUILTIN_ACCOUNT_RANK[name] ?? 0;
      const named = mappings.filter((m) => m.accountRole).map((m) => m.accountRole!);
      const expected = named.length ? named.reduce((a, b) => (rankOf(b) > rankOf(a) ? b : a)) : 'Member';
      const actualRank = principal?.accountRoleRank ?? 0;
      if (policy.mappings.length > 0 && (actualRank > rankOf(expected) || (named.length > 0 && actualRank < rankOf(expected)))) {
        out.roleDifferences.push({
          identityId: identity.identityId,
          email,
          sourceId: link.sourceId,
          membershipId: link.membershipId,
          actual: link.accountRoleName,
          expected,
          direction: actualRank > rankOf(expected) ? 'above' : 'below',
        });
      }
      const teams = teamsByActor.get(pairKey(link.sourceId, link.actorId)) ?? new Set<string>();
      for (const m of mappings) {
        if (m.prefectTeam && !teams.has(m.prefectTeam.toLowerCase())) {
          out.teamDifferences.push({ identityId: identity.identityId, email, sourceId: link.sourceId, team: m.prefectTeam, difference: 'missing' });
        }
      }
      const groups = new Set(mappings.map((m) => m.idpGroup.toLowerCase()));
      for (const t of teams) {
        const m = mappedTeams.get(t);
        if (m && !groups.has(m.idpGroup.toLowerCase())) {
          out.teamDifferences.push({ identityId: identity.identityId, email, sourceId: link.sourceId, team: m.prefectTeam!, difference: 'not-in-group' });
        }
      }
    }
  }
  return out;
}
