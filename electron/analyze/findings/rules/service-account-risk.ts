import { pairKey } from '../../fact-ref';
import { ADMIN_ACCOUNT_ROLES } from '../../role-rank';
import type { Finding, FindingSubject } from '../finding-types';
import { DAY_MS, type RuleContext } from '../rule-context';

/**
 * Service accounts (bots) are never governed by the IdP, so nothing else watches them:
 * - key-without-expiry (medium): an API key with no expiration;
 * - key-too-old (medium): a live key created longer ago than maxApiKeyAgeDays (an expired
 *   key is dead and not flagged; a key of unknown age is not judged);
 * - bot-owned-by-leaver (high): the person who created it (audit log `service-account.created`,
 *   or a manual owner link) has left;
 * - bot-admin-role (high): an Owner/Admin account role, or the Owner role on a workspace.
 */
export function serviceAccountRisk(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const maxAge = ctx.policy.maxApiKeyAgeDays * DAY_MS;
  for (const account of ctx.view.prefect) {
    for (const sa of account.serviceAccounts.values()) {
      const bot = sa.value;
      const subject = (extra: Partial<FindingSubject> = {}): FindingSubject => ({
        type: 'bot',
        id: bot.id,
        sourceId: account.sourceId,
        identityId: null,
        email: null,
        name: bot.name,
        botId: bot.id,
        actorId: bot.actorId,
        ...extra,
      });
      const owner = ctx.identities.serviceAccountOwners.get(pairKey(account.sourceId, bot.id));
      const ownerIdentity = owner?.identityId ? ctx.identities.byId.get(owner.identityId) : undefined;
      if (ownerIdentity) {
        const status = ctx.leaver(ownerIdentity);
        if (status.leaver) {
          const event = owner?.event ? { ...owner.event, actorId: owner.creatorActorId, actorName: owner.creatorName } : null;
          out.push(
            ctx.finding({
              rule: 'service-account-risk',
              kind: 'bot-owned-by-leaver',
              severity: 'high',
              title: `Service account ${bot.name} was created by ${ownerIdentity.displayName ?? owner?.creatorName ?? ownerIdentity.identityId}, who has left (${status.reasons.join('; ')})`,
              subject: subject({ identityId: ownerIdentity.identityId, email: owner?.creatorName ?? ownerIdentity.emails[0] ?? null }),
              subjectKey: `${account.sourceId}|${bot.id}`,
              evidence: [ctx.evidence(sa), ...(event ? [ctx.eventEvidence(event)] : []), ...status.evidence.map((r) => ctx.evidence(r))],
              details: { owner: ownerIdentity.identityId, ownerMatchedBy: owner?.matchedBy ?? null, reasons: status.reasons },
            }),
          );
        }
      }

      const principal = ctx.access.byActor.get(pairKey(account.sourceId, bot.id));
      // Owner granted on a workspace (directly or by a team); implicit access follows the account role, judged on its own.
      const ownerWorkspaces = principal?.workspaces.filter((w) => w.grants.some((g) => g.kind !== 'account-admin' && g.rank >= 50)) ?? [];
      const adminAccount = !!bot.accountRoleName && ADMIN_ACCOUNT_ROLES.has(bot.accountRoleName);
      if (adminAccount || ownerWorkspaces.length > 0) {
        const where = [adminAccount ? `account role ${bot.accountRoleName}` : null, ...ownerWorkspaces.map((w) => `Owner on ${w.workspaceName}`)].filter(Boolean);
        out.push(
          ctx.finding({
            rule: 'service-account-risk',
            kind: 'bot-admin-role',
            severity: 'high',
            title: `Service account ${bot.name} holds an administrative role (${where.join(', ')})`,
            subject: subject(ownerWorkspaces[0] ? { workspaceId: ownerWorkspaces[0].workspaceId } : {}),
            subjectKey: `${account.sourceId}|${bot.id}`,
            evidence: [ctx.evidence(sa), ...ownerWorkspaces.flatMap((w) => w.grants.filter((g) => g.kind !== 'account-admin' && g.rank >= 50).flatMap((g) => g.evidence.map((e) => ctx.evidence(e))))],
            details: { accountRole: bot.accountRoleName, ownerOn: ownerWorkspaces.map((w) => w.workspaceName) },
          }),
        );
      }
    }

    for (const key of account.apiKeys) {
      const k = key.value;
      const bot = account.serviceAccounts.get(k.serviceAccountId)?.value;
      const subject: FindingSubject = { type: 'api-key', id: k.id, sourceId: account.sourceId, identityId: null, email: null, name: k.name ?? k.id, botId: k.serviceAccountId };
      const expires = k.expiration ? Date.parse(k.expiration) : null;
      if (expires !== null && expires <= ctx.now) continue;
      if (expires === null) {
        out.push(
          ctx.finding({
            rule: 'service-account-risk',
            kind: 'key-without-expiry',
            severity: 'medium',
            title: `API key ${k.name ?? k.id} of service account ${bot?.name ?? k.serviceAccountId} never expires`,
            subject,
            subjectKey: `${account.sourceId}|${k.id}`,
            evidence: [ctx.evidence(key)],
            details: { serviceAccount: bot?.name ?? k.serviceAccountId, created: k.created },
          }),
        );
      }
      if (k.created && ctx.now - Date.parse(k.created) > maxAge) {
        const ageDays = Math.floor((ctx.now - Date.parse(k.created)) / DAY_MS);
        out.push(
          ctx.finding({
            rule: 'service-account-risk',
            kind: 'key-too-old',
            severity: 'medium',
            title: `API key ${k.name ?? k.id} of service account ${bot?.name ?? k.serviceAccountId} was created ${k.created.slice(0, 10)}, over the maximum age of ${ctx.policy.maxApiKeyAgeDays} days`,
            subject,
            subjectKey: `${account.sourceId}|${k.id}`,
            evidence: [ctx.evidence(key)],
            details: { serviceAccount: bot?.name ?? k.serviceAccountId, created: k.created, expiration: k.expiration, ageDays, maxAgeDays: ctx.policy.maxApiKeyAgeDays },
          }),
        );
      }
    }
  }
  return out;
}
