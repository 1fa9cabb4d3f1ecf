import { pairKey } from '../../fact-ref';
import type { Identity } from '../../identity/identity-types';
import type { RoleOrTeam } from '../../policy/policy-schema';
import { canonicalJson } from '../../../../shared/canonical-json';
import type { Evidence, Finding } from '../finding-types';
import { identitySubject, type RuleContext } from '../rule-context';
import { groupEvidence } from './role-drift';

/**
 * Segregation of duties: one person holding both sides of a pair the policy forbids together
 * (e.g. administering Prefect and auditing it). A side is a Prefect team, an IdP group
 * (nested ones included), an account role, or a workspace role (optionally on one
 * workspace); it is held through any of the person's ACTIVE memberships. High severity.
 * Break-glass accounts are not flagged.
 */
export function sodConflict(ctx: RuleContext): Finding[] {
  const pairs = ctx.policy.sodPairs;
  if (pairs.length === 0) return [];
  const out: Finding[] = [];
  for (const identity of ctx.identities.identities) {
    const links = identity.prefect.filter((l) => l.active);
    if (links.length === 0) continue;
    if (ctx.isBreakGlassPerson(identity)) continue;
    for (const pair of pairs) {
      const a = holds(ctx, identity, pair.a);
      if (!a) continue;
      const b = holds(ctx, identity, pair.b);
      if (!b) continue;
      const label = pair.name ?? `${describe(pair.a)} / ${describe(pair.b)}`;
      out.push(
        ctx.finding({
          rule: 'sod-conflict',
          kind: 'sod-conflict',
          severity: 'high',
          title: `${identity.displayName ?? identity.emails[0] ?? identity.identityId} holds both ${describe(pair.a)} and ${describe(pair.b)}`,
          subject: identitySubject(identity),
          subjectKey: `${identity.identityId}|${canonicalJson([pair.a, pair.b])}`,
          evidence: [...a, ...b],
          details: { pair: label, a: pair.a, b: pair.b },
        }),
      );
    }
  }
  return out;
}

const groupIdCache = new WeakMap<RuleContext, Map<string, Map<string, Set<string>>>>();

/** The ids of the groups with this name, per directory (names compared case-insensitively, once). */
function groupIdsNamed(ctx: RuleContext, name: string): Map<string, Set<string>> {
  let cache = groupIdCache.get(ctx);
  if (!cache) {
    cache = new Map();
    groupIdCache.set(ctx, cache);
  }
  const key = name.toLowerCase();
  let ids = cache.get(key);
  if (!ids) {
    ids = new Map();
    for (const idp of ctx.view.idp) {
      const set = new Set<string>();
      for (const g of idp.groups.values()) if (g.value.name.toLowerCase() === key) set.add(g.value.id);
      ids.set(idp.sourceId, set);
    }
    cache.set(key, ids);
  }
  return ids;
}

function describe(side: RoleOrTeam): string {
  if ('team' in side) return `team ${side.team}`;
  if ('idpGroup' in side) return `group ${side.idpGroup}`;
  if ('accountRole' in side) return `account role ${side.accountRole}`;
  return `workspace role ${side.workspaceRole}${side.workspace ? ` on ${side.workspace}` : ''}`;
}

/** The evidence that the person holds this side, or null if they do not. */
function holds(ctx: RuleContext, identity: Identity, side: RoleOrTeam): Evidence[] | null {
  const links = identity.prefect.filter((l) => l.active);
  if ('idpGroup' in side) {
    const ids = groupIdsNamed(ctx, side.idpGroup);
    if (!identity.idp.some((a) => a.lifecycle === 'active' && a.groups.some((g) => ids.get(a.sourceId)?.has(g.groupId)))) return null;
    return groupEvidence(ctx, identity, [side.idpGroup]);
  }
  const evidence: Evidence[] = [];
  for (const link of links) {
    if ('team' in side) {
      const wanted = side.team.toLowerCase();
      for (const t of ctx.teamsOf(link.sourceId, link.actorId)) {
        if (t.team?.value.name.toLowerCase() === wanted) evidence.push(ctx.evidence(t.membership));
      }
      continue;
    }
    const principal = ctx.access.byActor.get(pairKey(link.sourceId, link.actorId));
    if (!principal) continue;
    if ('accountRole' in side) {
      if (principal.accountRoleName?.toLowerCase() === side.accountRole.toLowerCase()) evidence.push(ctx.evidence(principal.fact));
      continue;
    }
    const workspace = side.workspace ? ctx.workspaceByRef(link.sourceId, side.workspace) : undefined;
    if (side.workspace && !workspace) continue;
    for (const w of principal.workspaces) {
      if (workspace && w.workspaceId !== workspace.value.id) continue;
      if (w.role?.name.toLowerCase() !== side.workspaceRole.toLowerCase()) continue;
      evidence.push(...w.grants.filter((g) => g.roleId === w.role!.id).flatMap((g) => g.evidence.map((e) => ctx.evidence(e))));
    }
  }
  return evidence.length > 0 ? evidence : null;
}
