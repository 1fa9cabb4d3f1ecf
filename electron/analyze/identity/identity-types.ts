import type { FactAsOf } from '../../collect/store/fact-queries';
import type { MatchMethod, HrRecord, IdpGroupRef, IdpAccount, PrefectMembershipLink, OwnedServiceAccount, Identity, UnmatchedMember } from '../../../shared/domain/analysis';
export type { MatchMethod, HrRecord, IdpGroupRef, IdpAccount, PrefectMembershipLink, OwnedServiceAccount, Identity, UnmatchedMember };

/**
 * The shapes the identity module hands to the rest of the analysis (and, through the API,
 * to the UI). Plain data, no Node types: the lead can move them to shared/domain as they are.
 */

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
