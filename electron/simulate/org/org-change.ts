/**
 * The change log evolveOrg returns: one line per thing that happened on a simulated day, so the
 * demo can narrate the history and tests can measure churn and revocation latency without
 * diffing whole models.
 */
export type OrgChangeKind =
  /** Root events: what HR, managers and admins decide (these make up the churn rate). */
  | 'hire'
  | 'termination'
  | 'move'
  | 'leave-started'
  | 'leave-ended'
  /** An admin or manager changed someone's group membership (access request, clean-up). */
  | 'group-change'
  /** Consequences in the IdP. */
  | 'idp-activated'
  | 'idp-deprovisioned'
  | 'group-added'
  | 'group-removed'
  /** Consequences in Prefect (directory sync, admins, service accounts). */
  | 'prefect-added'
  | 'prefect-removed'
  | 'role-changed'
  | 'logins'
  | 'key-rotated'
  | 'key-removed'
  | 'planted';

export interface OrgChange {
  /** The simulated day (YYYY-MM-DD, UTC). */
  day: string;
  kind: OrgChangeKind;
  /** personId (or membershipId, bot id, key id for the kinds about those). */
  subject: string;
  detail: string;
  /** For idp-deprovisioned and prefect-removed of a leaver: whole days since the HR termination date. */
  lagDays?: number;
}

/** Kinds counted as churn: decisions, not their consequences (the group and Prefect changes they cause). */
export const ROOT_CHANGE_KINDS: ReadonlySet<OrgChangeKind> = new Set<OrgChangeKind>([
  'hire',
  'termination',
  'move',
  'leave-started',
  'leave-ended',
  'group-change',
]);
