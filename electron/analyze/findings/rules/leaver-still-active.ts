import type { Finding } from '../finding-types';
import { identitySubject, type RuleContext } from '../rule-context';

/**
 * Someone HR has terminated, or whom every identity provider has suspended or deprovisioned,
 * still holds an ACTIVE Prefect membership. Critical: the person can still run flows and read
 * secrets. An inactive membership grants nothing and is not flagged; break-glass accounts
 * are never flagged.
 */
export function leaverStillActive(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const identity of ctx.identities.identities) {
    const active = identity.prefect.filter((l) => l.active);
    if (active.length === 0) continue;
    const status = ctx.leaver(identity);
    if (!status.leaver) continue;
    if (ctx.isBreakGlassPerson(identity)) continue;
    for (const link of active) {
      out.push(
        ctx.finding({
          rule: 'leaver-still-active',
          kind: 'leaver-still-active',
          severity: 'critical',
          title: `${identity.displayName ?? link.email ?? identity.identityId} has left (${status.reasons.join('; ')}) but is still an active ${link.accountRoleName ?? 'member'} in Prefect`,
          subject: identitySubject(identity, { sourceId: link.sourceId, membershipId: link.membershipId, actorId: link.actorId }),
          subjectKey: `${identity.identityId}|${link.sourceId}|${link.actorId}`,
          evidence: [...status.evidence.map((r) => ctx.evidence(r)), ctx.evidence(link.fact)],
          details: {
            reasons: status.reasons,
            terminationDate: status.terminationDate,
            membershipId: link.membershipId,
            accountRole: link.accountRoleName,
            prefectEmail: link.email,
            matchedBy: link.matchedBy,
          },
        }),
      );
    }
  }
  return out;
}
