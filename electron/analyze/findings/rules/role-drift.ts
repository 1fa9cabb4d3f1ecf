import { pairKey } from '../../fact-ref';
import { BUILTIN_ACCOUNT_RANK, type RoleInfo } from '../../role-rank';
import type { Finding } from '../finding-types';
import { identitySubject, type RuleContext } from '../rule-context';

/**
 * Prefect roles that differ from what the policy's mapping grants the person's IdP groups.
 *
 * Account role: expected is the strongest accountRole of the person's mapped groups, or Member
 * when none names one (apis.md: a user in no mapped group is a Member). Above it is an
 * escalation (high); below it, when a mapped group names a role, drift below (low).
 *
 * Workspace roles (only for people in at least one mapped group): a TEAM grant stronger than
 * what the mapping gives on that workspace is an escalation (medium): a hand-made team or a
 * team given more than its group should have. Direct grants are the direct-grant-bypass
 * rule's, defaults are workspace settings, implicit admin access follows the account role
 * (judged above). A resulting role weaker than what the mapping gives through a team the
 * person IS in is drift below (low): the team lacks its grant. (Not being in the team at all
 * is expected-access-missing's finding.)
 *
 * Leavers (the leaver rule is the finding that matters) and break-glass accounts are skipped;
 * with no mappings at all there is nothing to drift from.
 */
export function roleDrift(ctx: RuleContext): Finding[] {
  if (ctx.policy.mappings.length === 0) return [];
  const out: Finding[] = [];
  const plans = new Map<string, WeakMap<object, Plan>>();
  for (const identity of ctx.identities.identities) {
    if (!identity.prefect.some((l) => l.active)) continue;
    if (ctx.leaver(identity).leaver || ctx.isBreakGlassPerson(identity)) continue;
    const mappings = ctx.mappingsOf(identity);
    for (const link of identity.prefect) {
      if (!link.active) continue;
      const principal = ctx.access.byActor.get(pairKey(link.sourceId, link.actorId));
      if (!principal) continue;
      const plan = planFor(ctx, plans, link.sourceId, mappings);
      // Strings and subjects are built only for findings: this loop runs for every member.
      const subject = () => identitySubject(identity, { sourceId: link.sourceId, membershipId: link.membershipId, actorId: link.actorId });
      const who = identity.displayName ?? identity.emails[0] ?? identity.identityId;
      const actual = principal.accountRoleName ?? 'none';
      const accountKey = () => `${identity.identityId}|${link.sourceId}|${link.actorId}|account`;
      if (principal.accountRoleRank > plan.expectedRank) {
        out.push(
          ctx.finding({
            rule: 'role-drift',
            kind: 'role-escalation',
            severity: 'high',
            title: `${who} is ${actual} in Prefect; ${plan.groups.length ? `their groups (${plan.groups.join(', ')}) map to ${plan.expected}` : `they are in no mapped group (${plan.expected})`}`,
            subject: subject(),
            subjectKey: accountKey(),
            evidence: [ctx.evidence(link.fact), ...groupEvidence(ctx, identity, plan.groups)],
            details: { scope: 'account', actualRole: actual, expectedRole: plan.expected, groups: plan.groups },
          }),
        );
      } else if (plan.named && principal.accountRoleRank < plan.expectedRank) {
        out.push(
          ctx.finding({
            rule: 'role-drift',
            kind: 'role-drift-below',
            severity: 'low',
            title: `${who} is ${actual} in Prefect, below the ${plan.expected} their groups (${plan.groups.join(', ')}) map to`,
            subject: subject(),
            subjectKey: accountKey(),
            evidence: [ctx.evidence(link.fact), ...groupEvidence(ctx, identity, plan.groups)],
            details: { scope: 'account', actualRole: actual, expectedRole: plan.expected, groups: plan.groups },
          }),
        );
      }
      if (mappings.length === 0) continue;

      for (const w of principal.workspaces) {
        // Grants are sorted strongest first: the first team grant is the best one.
        const best = w.grants.find((g) => g.kind === 'team');
        if (!best) continue;
        const exp = plan.expectedWs.get(w.workspaceId);
        if (best.rank <= (exp?.role.rank ?? 0)) continue;
        out.push(
          ctx.finding({
            rule: 'role-drift',
            kind: 'workspace-role-escalation',
            severity: 'medium',
            title: `${who} has ${best.roleName} on ${w.workspaceName} through team ${best.team?.name}; the mapping gives ${exp ? exp.role.name : 'no access'} there`,
            subject: { ...subject(), workspaceId: w.workspaceId },
            subjectKey: `${identity.identityId}|${link.sourceId}|${link.actorId}|${w.workspaceId}`,
            evidence: best.evidence.map((e) => ctx.evidence(e)),
            details: { scope: 'workspace', workspace: w.workspaceName, actualRole: best.roleName, viaTeam: best.team?.name ?? null, expectedRole: exp?.role.name ?? null, groups: plan.groups },
          }),
        );
      }
      if (plan.teamWs.length === 0) continue;
      // Below: only what comes through a mapped team the person is actually in.
      const memberships = ctx.teamMembershipsOf(link.sourceId, link.actorId);
      const held = new Map<string, WsExpectation>();
      for (const e of plan.teamWs) {
        if (e.teamId !== null && !memberships.some((m) => m.value.teamId === e.teamId)) continue;
        const prev = held.get(e.workspaceId);
        if (!prev || e.role.rank > prev.role.rank) held.set(e.workspaceId, e);
      }
      for (const [workspaceId, exp] of held) {
        const w = principal.workspaces.find((x) => x.workspaceId === workspaceId);
        if ((w?.role?.rank ?? 0) >= exp.role.rank) continue;
        const name = ctx.prefectSource(link.sourceId)?.workspaces.get(workspaceId)?.value.name ?? workspaceId;
        out.push(
          ctx.finding({
            rule: 'role-drift',
            kind: 'workspace-role-below',
            severity: 'low',
            title: `${who} has ${w?.role?.name ?? 'no access'} on ${name}; ${exp.group} maps to ${exp.role.name}`,
            subject: { ...subject(), workspaceId },
            subjectKey: `${identity.identityId}|${link.sourceId}|${link.actorId}|${workspaceId}`,
            evidence: [ctx.evidence(link.fact), ...(w?.grants.flatMap((g) => g.evidence.map((e) => ctx.evidence(e))) ?? [])],
            details: { scope: 'workspace', workspace: name, actualRole: w?.role?.name ?? null, expectedRole: exp.role.name, groups: plan.groups },
          }),
        );
      }
    }
  }
  return out;
}

interface WsExpectation {
  workspaceId: string;
  role: RoleInfo;
  group: string;
  /** The mapped team the grant should come through; null when the mapping names none. */
  teamId: string | null;
}

/** What a set of mappings expects in one Prefect source: computed once per distinct set (most people share a few). */
interface Plan {
  groups: string[];
  expected: string;
  expectedRank: number;
  /** Whether a mapped group names an account role (otherwise Member is only the floor). */
  named: boolean;
  /** Workspace id -> the strongest role any of the mappings gives there. */
  expectedWs: Map<string, WsExpectation>;
  /** Every (workspace, role, team) the mappings give, for the below check. */
  teamWs: WsExpectation[];
}

function planFor(ctx: RuleContext, plans: Map<string, WeakMap<object, Plan>>, sourceId: string, mappings: ReturnType<RuleContext['mappingsOf']>): Plan {
  // mappingsOf interns equal sets, so the array itself is the memo key.
  let perSource = plans.get(sourceId);
  if (!perSource) {
    perSource = new WeakMap();
    plans.set(sourceId, perSource);
  }
  const cached = perSource.get(mappings);
  if (cached) return cached;
  const rankOf = (name: string) => ctx.access.accountRoleRanks.get(pairKey(sourceId, name)) ?? BUILTIN_ACCOUNT_RANK[name] ?? 0;
  const named = mappings.filter((m) => m.accountRole).map((m) => m.accountRole!);
  const expected = named.length ? named.reduce((a, b) => (rankOf(b) > rankOf(a) ? b : a)) : 'Member';
  const expectedWs = new Map<string, WsExpectation>();
  const teamWs: WsExpectation[] = [];
  for (const m of mappings) {
    const teamId = m.prefectTeam ? (ctx.teamByName(sourceId, m.prefectTeam)?.value.id ?? `missing:${m.prefectTeam}`) : null;
    for (const wr of m.workspaceRoles ?? []) {
      const w = ctx.workspaceByRef(sourceId, wr.workspace);
      const role = ctx.workspaceRoleByName(sourceId, wr.role);
      if (!w || !role) continue;
      const e: WsExpectation = { workspaceId: w.value.id, role, group: m.idpGroup, teamId };
      teamWs.push(e);
      const prev = expectedWs.get(e.workspaceId);
      if (!prev || role.rank > prev.role.rank) expectedWs.set(e.workspaceId, e);
    }
  }
  const plan: Plan = { groups: mappings.map((m) => m.idpGroup), expected, expectedRank: rankOf(expected), named: named.length > 0, expectedWs, teamWs };
  perSource.set(mappings, plan);
  return plan;
}

/** The group memberships that put the person under these mappings (the direct ones; nested ones cite the IdP account). */
export function groupEvidence(ctx: RuleContext, identity: Parameters<RuleContext['mappingsOf']>[0], groups: string[]) {
  const wanted = new Set(groups.map((g) => g.toLowerCase()));
  const out = [];
  for (const a of identity.idp) {
    const direct = ctx.identities.groupMemberships.get(pairKey(a.sourceId, a.userId)) ?? [];
    for (const g of a.groups) {
      if (!wanted.has(g.name.toLowerCase())) continue;
      const fact = g.direct ? direct.find((f) => f.value.groupId === g.groupId) : undefined;
      out.push(ctx.evidence(fact ?? a.fact));
    }
  }
  return out;
}
