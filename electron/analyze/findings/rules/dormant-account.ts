import { pairKey } from '../../fact-ref';
import { BUILTIN_ACCOUNT_RANK } from '../../role-rank';
import type { Finding, FindingSubject } from '../finding-types';
import { identitySubject, DAY_MS, type RuleContext } from '../rule-context';

/**
 * Active memberships nobody uses: the last login is older than the dormancy threshold, or
 * there was never a login and the membership is older than it (its age is taken from the
 * audit log's creation event, else from the first collection that saw it: a lower bound).
 * Dormant Owners and Admins are high severity (an unwatched admin account is a takeover
 * target); other dormant accounts medium, and never-logged-in ones low (high for admins).
 *
 * Not flagged: break-glass accounts (dormant by design), inactive memberships, and leavers
 * (the leaver finding already says the account must go).
 */
export function dormantAccount(ctx: RuleContext): Finding[] {
  const limit = ctx.policy.dormancyDays * DAY_MS;
  const adminRank = BUILTIN_ACCOUNT_RANK.Admin!;
  const out: Finding[] = [];
  for (const p of ctx.access.principals) {
    if (p.type !== 'user' || !p.active) continue;
    const account = ctx.prefectSource(p.sourceId);
    const loginFact = account?.lastLogins.get(p.id);
    const lastLogin = loginFact?.value.lastLogin ?? null;
    // The cheap test first: most accounts are in use.
    if (lastLogin && ctx.now - Date.parse(lastLogin) <= limit) continue;
    const who = ctx.identities.byPrefectActor.get(pairKey(p.sourceId, p.actorId))?.identity;
    if (ctx.isBreakGlass([p.email, ...(who?.emails ?? [])])) continue;
    if (who && ctx.leaver(who).leaver) continue;
    const admin = p.accountRoleRank >= adminRank;
    const subject = (): FindingSubject =>
      who
        ? identitySubject(who, { sourceId: p.sourceId, membershipId: p.id, actorId: p.actorId })
        : { type: 'member', id: p.id, sourceId: p.sourceId, identityId: null, email: p.email, name: p.name, membershipId: p.id, actorId: p.actorId };
    const name = who?.displayName ?? p.email ?? p.name ?? p.id;
    const evidence = () => [ctx.evidence(p.fact), ...(loginFact ? [ctx.evidence(loginFact)] : [])];
    if (lastLogin) {
      const idle = ctx.now - Date.parse(lastLogin);
      if (idle <= limit) continue;
      out.push(
        ctx.finding({
          rule: 'dormant-account',
          kind: admin ? 'dormant-admin' : 'dormant-account',
          severity: admin ? 'high' : 'medium',
          // Dated, not counted: the title reads true on every day the finding stays open.
          title: `${name} (${p.accountRoleName ?? 'member'}) has not logged in to Prefect since ${lastLogin.slice(0, 10)} (over ${ctx.policy.dormancyDays} days)`,
          subject: subject(),
          subjectKey: `${p.sourceId}|${p.actorId}`,
          evidence: evidence(),
          details: { lastLogin, idleDays: Math.floor(idle / DAY_MS), thresholdDays: ctx.policy.dormancyDays, accountRole: p.accountRoleName },
        }),
      );
      continue;
    }
    const created = ctx.history.membershipCreated.get(pairKey(p.sourceId, p.id));
    const firstSeen = ctx.history.membershipFirstSeen.get(pairKey(p.sourceId, p.id));
    const firstSeenAt = firstSeen !== undefined ? ctx.history.clock.timeOf(firstSeen) : null;
    const since = created ? Date.parse(created.occurredAt) : firstSeenAt ? Date.parse(firstSeenAt) : null;
    if (since === null || ctx.now - since <= limit) continue;
    out.push(
      ctx.finding({
        rule: 'dormant-account',
        kind: 'never-logged-in',
        severity: admin ? 'high' : 'low',
        title: `${name} (${p.accountRoleName ?? 'member'}) has never logged in to Prefect since the membership ${created ? 'was created' : 'was first seen'} on ${new Date(since).toISOString().slice(0, 10)} (over ${ctx.policy.dormancyDays} days)`,
        subject: subject(),
        subjectKey: `${p.sourceId}|${p.actorId}`,
        evidence: [...evidence(), ...(created ? [ctx.eventEvidence(created)] : [])],
        details: { lastLogin: null, since: new Date(since).toISOString(), sinceBasis: created ? 'audit-event' : 'first-seen', thresholdDays: ctx.policy.dormancyDays, accountRole: p.accountRoleName },
      }),
    );
  }
  return out;
}
