import type { IdpLifecycle } from '../../../shared/domain/records';
import type { FactRef } from '../fact-ref';
import type { FactAsOf } from '../../collect/store/fact-queries';

/**
 * The shapes the identity module hands to the rest of the analysis (and, through the API,
 * to the UI). Plain data, no Node types: the lead can move them to shared/domain as they are.
 */

/** How a Prefect account was tied to a person. */
export type MatchMethod = 'manual' | 'email' | `rule:${string}`;

export interface HrRecord {
  sourceId: string;
  employeeId: string;
  email: string;
  name: string | null;
  status: 'active' | 'leave' | 'terminated';
  hireDate: string | null;
  terminationDate: string | null;
  department: string | null;
  fact: FactRef;
}

export interface IdpGroupRef {
  groupId: string;
  name: string;
  /** False when the membership comes through a nested group. */
  direct: boolean;
}

export interface IdpAccount {
  sourceId: string;
  userId: string;
  userName: string | null;
  emails: string[];
  lifecycle: IdpLifecycle;
  rawStatus: string;
  employeeId: string | null;
  /** Transitively expanded over memberType "group" edges; empty when group facts were not loaded. */
  groups: IdpGroupRef[];
  fact: FactRef;
}

export interface PrefectMembershipLink {
  sourceId: string;
  membershipId: string;
  actorId: string;
  userId: string | null;
  email: string | null;
  handle: string | null;
  accountRoleName: string | null;
  active: boolean;
  matchedBy: MatchMethod;
  fact: FactRef;
}

export interface OwnedServiceAccount {
  sourceId: string;
  botId: string;
  name: string;
  matchedBy: 'manual' | 'audit-actor' | 'audit-email';
}

/** A person as the HR roster and the identity providers describe them. */
export interface Identity {
  /** Stable: `emp:<employeeId>` when an employee id is known, else `email:<address>`, else `idp:<source>:<user id>`. */
  identityId: string;
  displayName: string | null;
  /** Every address known for the person (HR and every IdP alias), lower-case. */
  emails: string[];
  employeeId: string | null;
  hr: HrRecord | null;
  idp: IdpAccount[];
  prefect: PrefectMembershipLink[];
  serviceAccounts: OwnedServiceAccount[];
}

/** A Prefect user membership no person could be found for. */
export interface UnmatchedMember {
  sourceId: string;
  membershipId: string;
  actorId: string;
  email: string | null;
  handle: string | null;
  name: string | null;
  active: boolean;
  accountRoleName: string | null;
  /** no-match: nothing fits; ambiguous: several people fit equally (a manual link settles it). */
  reason: 'no-match' | 'ambiguous';
  candidates: string[];
  fact: FactRef;
}

/** Who created (owns) a service account, as far as the audit log or a manual link says. */
export interface ServiceAccountOwner {
  sourceId: string;
  botId: string;
  identityId: string | null;
  creatorActorId: string | null;
  creatorName: string | null;
  matchedBy: OwnedServiceAccount['matchedBy'] | null;
  /** The audit event that names the creator, when there is one. */
  event: { sourceId: string; eventId: string; occurredAt: string; type: string } | null;
}

export interface IdentityIndex {
  identities: Identity[];
  byId: Map<string, Identity>;
  /** Lower-case address -> the identities that hold it (more than one means ambiguous). */
  byEmail: Map<string, Identity[]>;
  /** pairKey(prefect source, actor id) -> the identity and how it was matched. */
  byPrefectActor: Map<string, { identity: Identity; link: PrefectMembershipLink }>;
  unmatched: UnmatchedMember[];
  /** pairKey(prefect source, bot id) -> owner. */
  serviceAccountOwners: Map<string, ServiceAccountOwner>;
  /** pairKey(idp source, user id) -> the user's direct group membership facts (evidence for group-based findings). */
  groupMemberships: Map<string, FactAsOf<'idp_group_member'>[]>;
}
