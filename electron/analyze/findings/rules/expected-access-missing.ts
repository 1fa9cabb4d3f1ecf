import type { Finding } from '../finding-types';
import { identitySubject, type RuleContext } from '../rule-context';
import { groupEvidence } from './role-drift';

/**
 * The directory says someone should be in Prefect and they are not: an active, employed person
 * in a mapped IdP group with no active membership in a Prefect account (provisioning failed or
 * is stuck), or with a membership but outside the team the mapping names. Low severity (it is
 * missing access, not excess), but it shows the sync is not doing its job.
 *
 * Only people with an active IdP account count (staged new hires are not due yet), and no
 * leaver. Each Prefect account in the snapshot is expected to follow the same mapping.
 */
export function expectedAccessMissing(ctx: RuleContext): Finding[] {
  if (ctx.policy.mappings.length === 0 || ctx.view.prefect.length === 0) return [];
  const out: Finding[] = [];
  for (const identity of ctx.identities.identities) {
    if (!identity.idp.some((a) => a.lifecycle === 'active') || ctx.leaver(identity).leaver) continue;
    const mappings = ctx.mappingsOf(identity);
    if (mappings.length === 0) continue;
    const groups = mappings.map((m) => m.idpGroup);
    const who = identity.displayName ?? identity.emails[0] ?? identity.identityId;
    for (const account of ctx.view.prefect) {
      const links = identity.prefect.filter((l) => l.sourceId === account.sourceId && l.active);
      if (links.length === 0) {
        out.push(
          ctx.finding({
            rule: 'expected-access-missing',
            kind: 'expected-access-missing',
            severity: 'low',
            title: `${who} is in ${groups.join(', ')} but has no active Prefect membership`,
            subject: identitySubject(identity, { sourceId: account.sourceId }),
            subjectKey: `${identity.identityId}|${account.sourceId}|membership`,
            evidence: groupEvidence(ctx, identity, groups),
            details: { missing: 'membership', groups, inactiveMembership: identity.prefect.some((l) => l.sourceId === account.sourceId) },
          }),
        );
        continue;
      }
      for (const m of mappings) {
        if (!m.prefectTeam) continue;
        const team = ctx.teamByName(account.sourceId, m.prefectTeam);
        if (!team) continue;
        const inTeam = links.some((l) => ctx.teamMembershipsOf(account.sourceId, l.actorId).some((t) => t.value.teamId === team.value.id));
        if (inTeam) continue;
        out.push(
          ctx.finding({
            rule: 'expected-access-missing',
            kind: 'expected-access-missing',
            severity: 'low',
            title: `${who} is in ${m.idpGroup} but not in the Prefect team ${team.value.name}`,
            subject: identitySubject(identity, { sourceId: account.sourceId, membershipId: links[0]!.membershipId, actorId: links[0]!.actorId }),
            subjectKey: `${identity.identityId}|${account.sourceId}|team:${team.value.id}`,
            evidence: [...groupEvidence(ctx, identity, [m.idpGroup]), ctx.evidence(team), ...links.map((l) => ctx.evidence(l.fact))],
            details: { missing: 'team', team: team.value.name, groups: [m.idpGroup] },
          }),
        );
      }
    }
  }
  return out;
}
