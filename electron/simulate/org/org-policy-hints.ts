import type { OrgModel } from './org-model';
import { PREFECT_GROUP_MAPPINGS, SOD_GROUP_PAIRS, type AccountRoleName, type WorkspaceRoleName } from './org-layout';
import { PLANTED_THRESHOLDS } from './planted-checks';

/**
 * The policy the simulated organisation was built against: the demo configures this so that
 * exactly the planted problems (and the organisation's natural drift) show up as findings, and
 * the break-glass account is recognised instead of flagged.
 */
export interface OrgPolicyHints {
  /** IdP group -> Prefect team (same name), account role, workspace grants. */
  mappings: { group: string; team: string; accountRole: Exclude<AccountRoleName, 'Collaborator'>; workspaces: { workspace: string; role: WorkspaceRoleName }[] }[];
  /** A leaver removed later than this after the HR termination date is a missed deadline (lags of 0-1 days pass, 2+ fail). */
  offboardingDeadlineHours: number;
  maxKeyAgeDays: number;
  dormancyDays: number;
  breakGlassEmails: string[];
  /** Pairs of teams (directory group names) nobody should hold together. */
  sodTeamPairs: [string, string][];
}

export function orgPolicyHints(org: OrgModel): OrgPolicyHints {
  return {
    mappings: PREFECT_GROUP_MAPPINGS.map((m) => ({ group: m.group, team: m.group, accountRole: m.accountRole, workspaces: m.workspaces.map((w) => ({ ...w })) })),
    offboardingDeadlineHours: PLANTED_THRESHOLDS.offboardingDeadlineHours,
    maxKeyAgeDays: PLANTED_THRESHOLDS.maxKeyAgeDays,
    dormancyDays: PLANTED_THRESHOLDS.dormancyDays,
    breakGlassEmails: org.prefect.members.filter((m) => m.personId === null && m.email.startsWith('prefect-breakglass@')).map((m) => m.email),
    sodTeamPairs: SOD_GROUP_PAIRS.map(([a, b]) => [a, b]),
  };
}
