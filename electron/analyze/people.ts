import type { Db } from '../db/open-database';
import type { PeopleAnswer, PersonRow, PrincipalAccess } from '../../shared/domain/analysis';
import type { IdpLifecycle } from '../../shared/domain/records';
import { analysisContext, type AnalysisContext } from './analysis-context';
import { pairKey } from './fact-ref';
import { leaverStatus } from './identity/leaver-status';
import { findingsOpenAt } from './findings/findings-store';
import type { PointInTimeOptions } from './point-in-time';
import { requireAsOf } from './snapshot-view';

/** Most active first: a person with one active IdP account is active, whatever the others say. */
const LIFECYCLE_ORDER: readonly IdpLifecycle[] = ['active', 'staged', 'suspended', 'deprovisioned'];

/**
 * The People table at T: one row per person known to HR or an IdP, plus one per Prefect user
 * account no person could be found for (identity null), so an unknown account is a row to
 * look at rather than a gap. Open findings are counted from the findings history at that
 * collection (recorded findings only: nothing is judged on the fly here).
 */
export function peopleAt(db: Db, time: Date, options: PointInTimeOptions = {}): PeopleAnswer {
  const asOf = requireAsOf(db, time);
  const context = analysisContext(db, asOf.collectionId, { depth: 'access', ...options });
  const open = findingsOpenAt(db, asOf.collectionId) ?? [];
  const findingsByIdentity = new Map<string, number>();
  const findingsByEmail = new Map<string, number>();
  for (const f of open) {
    if (f.subject.identityId) findingsByIdentity.set(f.subject.identityId, (findingsByIdentity.get(f.subject.identityId) ?? 0) + 1);
    else if (f.subject.email) findingsByEmail.set(f.subject.email, (findingsByEmail.get(f.subject.email) ?? 0) + 1);
  }
  return { ...asOf, rows: peopleRows(context, findingsByIdentity, findingsByEmail) };
}

export function peopleRows(context: AnalysisContext, findingsByIdentity: ReadonlyMap<string, number>, findingsByEmail: ReadonlyMap<string, number>): PersonRow[] {
  const { identities, access } = context;
  const rows: PersonRow[] = [];
  for (const identity of identities.identities) {
    const principals: PrincipalAccess[] = [];
    for (const link of identity.prefect) {
      const p = access.byActor.get(pairKey(link.sourceId, link.actorId));
      if (p) principals.push(p);
    }
    const lifecycle = identity.idp.length ? LIFECYCLE_ORDER.find((l) => identity.idp.some((a) => a.lifecycle === l)) ?? null : null;
    rows.push({
      identityId: identity.identityId,
      displayName: identity.displayName,
      email: identity.emails[0] ?? null,
      employeeId: identity.employeeId,
      hrStatus: identity.hr?.status ?? null,
      idpLifecycle: lifecycle,
      leaver: leaverStatus(identity).leaver,
      ...accessSummary(principals),
      matchedBy: identity.prefect[0]?.matchedBy ?? null,
      openFindings: findingsByIdentity.get(identity.identityId) ?? 0,
    });
  }
  for (const member of identities.unmatched) {
    const p = access.byActor.get(pairKey(member.sourceId, member.actorId));
    rows.push({
      identityId: null,
      displayName: member.name,
      email: member.email,
      employeeId: null,
      hrStatus: null,
      idpLifecycle: null,
      leaver: false,
      ...accessSummary(p ? [p] : []),
      matchedBy: null,
      openFindings: member.email ? (findingsByEmail.get(member.email.toLowerCase()) ?? 0) : 0,
    });
  }
  return rows;
}

function accessSummary(principals: readonly PrincipalAccess[]): Pick<PersonRow, 'prefectActive' | 'accountRole' | 'workspaceCount' | 'topWorkspaceRole'> {
  let accountRole: string | null = null;
  let accountRank = -1;
  let topRole: string | null = null;
  let topRank = -1;
  const workspaces = new Set<string>();
  let active = false;
  for (const p of principals) {
    if (!p.active) continue;
    active = true;
    if (p.accountRoleRank > accountRank) {
      accountRank = p.accountRoleRank;
      accountRole = p.accountRoleName;
    }
    for (const w of p.workspaces) {
      if (!w.role) continue;
      workspaces.add(pairKey(p.sourceId, w.workspaceId));
      if (w.role.rank > topRank) {
        topRank = w.role.rank;
        topRole = w.role.name;
      }
    }
  }
  return { prefectActive: active, accountRole, workspaceCount: workspaces.size, topWorkspaceRole: topRole };
}
