import type { Finding } from '../finding-types';
import type { RuleContext } from '../rule-context';

/**
 * An active Prefect user nobody can place: no HR record, no IdP account, no rule and no
 * manual link ties the account to a person. High: access no offboarding process will ever
 * remove. An account several people fit equally (a shared address) is medium: a manual link
 * settles it. Inactive memberships and break-glass accounts are not flagged.
 */
export function unknownAccount(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const u of ctx.identities.unmatched) {
    if (!u.active || ctx.isBreakGlass([u.email])) continue;
    const ambiguous = u.reason === 'ambiguous';
    out.push(
      ctx.finding({
        rule: 'unknown-account',
        kind: 'unknown-account',
        severity: ambiguous ? 'medium' : 'high',
        title: ambiguous
          ? `Prefect account ${u.email ?? u.handle ?? u.membershipId} fits several people (${u.candidates.join(', ')}); link it to one`
          : `Prefect account ${u.email ?? u.handle ?? u.membershipId} (${u.accountRoleName ?? 'member'}) matches no person in HR or the identity providers`,
        subject: { type: 'member', id: u.membershipId, sourceId: u.sourceId, identityId: null, email: u.email, name: u.name, membershipId: u.membershipId, actorId: u.actorId },
        subjectKey: `${u.sourceId}|${u.actorId}`,
        evidence: [ctx.evidence(u.fact)],
        details: { reason: u.reason, candidates: u.candidates, handle: u.handle, accountRole: u.accountRoleName },
      }),
    );
  }
  return out;
}
