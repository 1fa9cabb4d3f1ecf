import type { OrgPolicyHints } from '../../simulate/org/org-policy-hints';
import { policySchema, type Policy } from './policy-schema';

/**
 * The policy the simulated organisation was built against (orgPolicyHints(org)): its
 * directory mapping (each prefect-* group becomes a team of the same name with an account role
 * and workspace roles), thresholds, break-glass account and segregation-of-duties pairs. The
 * demo saves it as the first policy version so the planted problems show up as findings.
 */
export function demoPolicy(hints: OrgPolicyHints): Policy {
  return policySchema.parse({
    version: 0,
    mappings: hints.mappings.map((m) => ({
      idpGroup: m.group,
      prefectTeam: m.team,
      accountRole: m.accountRole,
      workspaceRoles: m.workspaces.map((w) => ({ workspace: w.workspace, role: w.role })),
    })),
    offboardingDeadlineHours: hints.offboardingDeadlineHours,
    maxApiKeyAgeDays: hints.maxKeyAgeDays,
    dormancyDays: hints.dormancyDays,
    breakGlassEmails: hints.breakGlassEmails,
    sodPairs: hints.sodTeamPairs.map(([a, b]) => ({ a: { idpGroup: a }, b: { idpGroup: b }, name: `${a} / ${b}` })),
  });
}
