import type { RecordKind } from '../../../shared/domain/records';

/**
 * What a finding is, as the store keeps it and the UI, CLI and evidence exports show it.
 * Plain data (no Node types), so it can move to shared/domain unchanged.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The rules (one file each under rules/). */
export type RuleId =
  | 'leaver-still-active'
  | 'offboarding-deadline-missed'
  | 'role-drift'
  | 'direct-grant-bypass'
  | 'expected-access-missing'
  | 'dormant-account'
  | 'service-account-risk'
  | 'unknown-account'
  | 'sod-conflict';

/** What exactly a rule found; a rule may find several kinds (role drift: above or below). */
export type FindingKind =
  | 'leaver-still-active'
  | 'offboarding-deadline-missed'
  | 'role-escalation'
  | 'role-drift-below'
  | 'workspace-role-escalation'
  | 'workspace-role-below'
  | 'direct-grant-bypass'
  | 'expected-access-missing'
  | 'dormant-admin'
  | 'dormant-account'
  | 'never-logged-in'
  | 'key-without-expiry'
  | 'key-too-old'
  | 'bot-owned-by-leaver'
  | 'bot-admin-role'
  | 'unknown-account'
  | 'sod-conflict';

export interface FindingSubject {
  type: 'identity' | 'member' | 'bot' | 'api-key';
  /** identity id, membership id, bot id or key id. */
  id: string;
  /** The Prefect source for member, bot and key subjects. */
  sourceId: string | null;
  identityId: string | null;
  email: string | null;
  name: string | null;
  /** Set when the finding is about one workspace. */
  workspaceId?: string | null;
  /** Set for member subjects and identity findings about one membership. */
  membershipId?: string | null;
  actorId?: string | null;
  botId?: string | null;
}

/** One piece of evidence: a stored fact version (with the collections it held over) or an event. */
export interface Evidence {
  sourceId: string;
  kind: RecordKind | 'event';
  key: string;
  /** For facts: the collection range the version held over (to null: still holds). */
  collections: { from: number; to: number | null } | null;
  /** For events: when it happened. */
  occurredAt?: string;
  /** A few fields of the value, enough for a person to read; never a secret (records hold none). */
  excerpt: Record<string, unknown>;
}

export interface Finding {
  /** Stable: a hash of the rule, the kind and the subject, so the same problem keeps its id across collections. */
  id: string;
  rule: RuleId;
  kind: FindingKind;
  severity: Severity;
  title: string;
  subject: FindingSubject;
  evidence: Evidence[];
  /** Structured specifics (role names, dates, latency ranges) for the UI and JSON output. */
  details: Record<string, unknown>;
  policyVersion: number;
  /** The complete collection it was computed from. */
  collectionId: number;
}
