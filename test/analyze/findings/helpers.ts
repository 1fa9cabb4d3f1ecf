import { computeFindings } from '../../../electron/analyze/findings/compute-findings';
import type { Finding } from '../../../electron/analyze/findings/finding-types';
import { parsePolicy, type PolicyInput } from '../../../electron/analyze/policy/policy-schema';
import type { Harness } from '../builders';

/** A policy for tests: the directory mapping of the test worlds plus whatever the test sets. */
export function testPolicy(extra: Partial<PolicyInput> = {}) {
  return parsePolicy({
    version: 3,
    mappings: [
      { idpGroup: 'prefect-data', prefectTeam: 'prefect-data', accountRole: 'Member', workspaceRoles: [{ workspace: 'prod', role: 'Runner' }, { workspace: 'staging', role: 'Developer' }] },
      { idpGroup: 'prefect-admins', prefectTeam: 'prefect-admins', accountRole: 'Admin', workspaceRoles: [{ workspace: 'prod', role: 'Owner' }] },
      { idpGroup: 'prefect-auditors', prefectTeam: 'prefect-auditors', accountRole: 'Member', workspaceRoles: [{ workspace: 'prod', role: 'Viewer' }] },
    ],
    ...extra,
  });
}

export function findings(h: Harness, collectionId: number, policy = testPolicy()): Finding[] {
  return computeFindings(h.db, collectionId, policy).findings;
}

/** `kind subject` for each finding, where subject is the email or the subject id: compact to assert on. */
export function summary(list: Finding[], rule?: string): string[] {
  return list
    .filter((f) => !rule || f.rule === rule)
    .map((f) => `${f.kind} ${f.subject.email ?? f.subject.id}${f.subject.workspaceId ? ` @${f.subject.workspaceId}` : ''}`)
    .sort();
}
