import { pairKey } from '../../fact-ref';
import type { Finding } from '../finding-types';
import { identitySubject, type RuleContext } from '../rule-context';

/**
 * Shadow access: a direct user grant on a workspace held by someone whose access the
 * directory governs. "Governed" means the person is in a group the policy maps, or is a
 * member of any team that directory sync manages (directoryGroupId set): for them, access is
 * meant to come from groups, and a direct grant is invisible to the IdP and survives group
 * changes. Every such direct grant is flagged; high when it gives more than their teams do on
 * that workspace (it widens access), medium when it only duplicates.
 *
 * Direct grants to people outside directory governance (collaborators invited by hand) are
 * how Prefect expects them to be given access and are not flagged here; unknown-account and
 * role-drift cover whether such people should be there at all. Inactive memberships grant
 * nothing and are skipped, as are break-glass accounts.
 */
export function directGrantBypass(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const p of ctx.access.principals) {
    if (p.type !== 'user' || !p.active) continue;
    const directs = p.workspaces.filter((w) => w.grants.some((g) => g.kind === 'direct'));
    if (directs.length === 0) continue;
    const who = ctx.identities.byPrefectActor.get(pairKey(p.sourceId, p.actorId))?.identity;
    if (ctx.isBreakGlass([p.email, ...(who?.emails ?? [])])) continue;
    const syncedTeams = ctx.teamsOf(p.sourceId, p.actorId).filter((t) => t.team?.value.directoryGroupId);
    const mapped = who ? ctx.mappingsOf(who) : [];
    if (syncedTeams.length === 0 && mapped.length === 0) continue;
    const governedBy = [...syncedTeams.map((t) => `team ${t.team!.value.name}`), ...mapped.map((m) => `group ${m.idpGroup}`)];
    for (const w of directs) {
      const grant = w.grants.find((g) => g.kind === 'direct')!;
      const others = w.grants.filter((g) => g.kind === 'team');
      const widens = others.every((g) => g.rank < grant.rank);
      const subject = who
        ? identitySubject(who, { sourceId: p.sourceId, membershipId: p.id, actorId: p.actorId, workspaceId: w.workspaceId })
        : { type: 'member' as const, id: p.id, sourceId: p.sourceId, identityId: null, email: p.email, name: p.name, membershipId: p.id, actorId: p.actorId, workspaceId: w.workspaceId };
      out.push(
        ctx.finding({
          rule: 'direct-grant-bypass',
          kind: 'direct-grant-bypass',
          severity: widens ? 'high' : 'medium',
          title: `${who?.displayName ?? p.email ?? p.name} has ${grant.roleName} on ${w.workspaceName} granted directly, outside the directory-governed teams`,
          subject,
          subjectKey: `${p.sourceId}|${p.actorId}|${w.workspaceId}`,
          evidence: [...grant.evidence.map((e) => ctx.evidence(e)), ctx.evidence(p.fact), ...syncedTeams.map((t) => ctx.evidence(t.membership))],
          details: {
            workspace: w.workspaceName,
            directRole: grant.roleName,
            teamRoles: others.map((g) => ({ team: g.team?.name ?? null, role: g.roleName })),
            widensAccess: widens,
            governedBy,
          },
        }),
      );
    }
  }
  return out;
}
