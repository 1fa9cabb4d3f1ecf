import type { IdpLifecycle, RecordKind } from './records';

/**
 * What the analysis engine answers, as plain data: the engine (electron/analyze) builds these,
 * the API channels carry them, and the renderer and the CLI's JSON output show them. Types
 * only, so the renderer can import them without loading anything at run time.
 */

// ---------------------------------------------------------------- evidence and time

/**
 * Where a statement of the analysis comes from: one stored fact version, named the way the
 * store names it (source, kind, key) with the collections it held over. Every grant, match
 * and finding carries these so an auditor can go from a conclusion back to the data.
 */
export interface FactRef {
  sourceId: string;
  kind: RecordKind;
  key: string;
  /** The collection that first saw this version. */
  validFrom: number;
  /** The collection that first saw it gone or changed; null while it still holds. */
  validTo: number | null;
}

/** The window in which a change could have happened unseen: between two polls. */
export interface Uncertainty {
  /** The last observation before (inclusive). */
  from: string;
  /** The next observation after (exclusive); null when no later complete collection exists yet. */
  to: string | null;
}

/** A time resolved to the collection that proves the state at it. */
export interface AsOf {
  collectionId: number;
  /** When that collection committed (its data was true then). */
  collectedAt: string;
  /** When the state could have changed without our seeing it: until the next complete collection. */
  uncertainty: Uncertainty;
}

/** A complete collection on the time axis: the times an "as of" answer can come from. */
export interface SnapshotPoint {
  collectionId: number;
  /** When its data was committed. */
  at: string;
}

// ---------------------------------------------------------------- identities

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

export interface LeaverStatus {
  leaver: boolean;
  hrTerminated: boolean;
  /** Every IdP account of the person is suspended or deprovisioned (none active or staged). */
  idpDisabled: boolean;
  /** Human-readable reasons, e.g. "HR: terminated 2026-05-03", "okta: DEPROVISIONED". */
  reasons: string[];
  terminationDate: string | null;
  evidence: FactRef[];
}

/** A manual correction of identity matching, as stored (and put on the ledger). */
export interface IdentityLink {
  subjectKind: 'prefect-user' | 'service-account';
  sourceId: string;
  subjectId: string;
  identityId: string;
  mode: 'link' | 'unlink';
  reason: string | null;
  actor: string;
  createdAt: string;
}

// ---------------------------------------------------------------- effective access

export interface RoleInfo {
  id: string;
  name: string;
  rank: number;
}

export type GrantKind = 'direct' | 'team' | 'default' | 'account-admin';

/** One reason a principal holds a role on a workspace, with the facts it rests on. */
export interface Grant {
  kind: GrantKind;
  roleId: string;
  roleName: string;
  rank: number;
  team: { teamId: string; name: string; directoryGroupId: string | null } | null;
  evidence: FactRef[];
}

export interface WorkspaceAccess {
  workspaceId: string;
  workspaceName: string;
  workspaceHandle: string | null;
  /** The resulting role; null when the principal is inactive (grants are then informational). */
  role: RoleInfo | null;
  /** Every grant, strongest first. */
  grants: Grant[];
}

export interface PrincipalAccess {
  type: 'user' | 'bot';
  sourceId: string;
  /** Membership id for a user, bot id for a service account. */
  id: string;
  actorId: string;
  email: string | null;
  name: string | null;
  handle: string | null;
  accountRoleName: string | null;
  accountRoleRank: number;
  active: boolean;
  workspaces: WorkspaceAccess[];
  fact: FactRef;
}

export interface WorkspaceRef {
  sourceId: string;
  workspaceId: string;
  name: string;
  handle: string | null;
}

/** One "who had what where" row: a principal's resulting role on one workspace and why. */
export interface AccessRow {
  identityId: string | null;
  displayName: string | null;
  email: string | null;
  principal: {
    type: 'user' | 'bot';
    sourceId: string;
    id: string;
    actorId: string;
    name: string | null;
    accountRoleName: string | null;
    active: boolean;
  };
  matchedBy: MatchMethod | null;
  workspace: WorkspaceRef;
  /** Null for an inactive membership (listed only when asked for). */
  role: RoleInfo | null;
  provenance: Grant[];
}

/** An answer and the collection that proves it, with the window the state could have moved in unseen. */
export interface AccessAnswer extends AsOf {
  rows: AccessRow[];
}

/** What one person could do at T: their identity, each Prefect account with its account role and workspaces. */
export interface PersonAccess extends AsOf {
  identity: Identity | null;
  leaver: LeaverStatus | null;
  accounts: PrincipalAccess[];
  /** Service accounts the person created or was linked to as owner, with their access. */
  serviceAccounts: PrincipalAccess[];
}

/** One row of the People table: a person (or an account with no person) at one time. */
export interface PersonRow {
  /** Null for a Prefect account no identity was found for. */
  identityId: string | null;
  displayName: string | null;
  /** The address to open the person by. */
  email: string | null;
  employeeId: string | null;
  hrStatus: HrRecord['status'] | null;
  /** The IdP lifecycle (the most active of the person's accounts), null without an IdP account. */
  idpLifecycle: IdpLifecycle | null;
  leaver: boolean;
  /** Active Prefect memberships. */
  prefectActive: boolean;
  /** The strongest account role over the person's Prefect accounts. */
  accountRole: string | null;
  /** Workspaces with a resulting role. */
  workspaceCount: number;
  /** The strongest workspace role, if any. */
  topWorkspaceRole: string | null;
  matchedBy: MatchMethod | null;
  /** Open findings about this person at that time (recorded findings only). */
  openFindings: number;
}

export interface PeopleAnswer extends AsOf {
  rows: PersonRow[];
}

// ---------------------------------------------------------------- diffs

export type ChangeKind = 'added' | 'removed' | 'role-up' | 'role-down' | 'grants-changed';

/** One principal's access on one scope (the account itself, or a workspace) at one time. */
export interface AccessState {
  role: string;
  rank: number;
  grants: Grant[];
}

export interface AccessChange {
  change: ChangeKind;
  identityId: string | null;
  displayName: string | null;
  email: string | null;
  principal: { type: 'user' | 'bot'; sourceId: string; id: string; actorId: string; name: string | null };
  /** account: the membership and its account role; workspace: a resulting workspace role. */
  scope: 'account' | 'workspace';
  workspace: WorkspaceRef | null;
  before: AccessState | null;
  after: AccessState | null;
}

export interface ChangeGroup {
  key: string;
  label: string;
  changes: AccessChange[];
}

export interface AccessDiff {
  from: AsOf;
  to: AsOf;
  changes: AccessChange[];
  byPerson: ChangeGroup[];
  byWorkspace: ChangeGroup[];
  counts: Record<ChangeKind, number>;
}

/** One side-by-side reading of the directory and Prefect at one time. */
export interface IdpVsPrefect extends AsOf {
  /** The policy version whose group mappings were compared through (0: the built-in default). */
  policyVersion: number;
  /** Active Prefect users the directory does not vouch for. */
  activeInPrefectNotInIdp: {
    sourceId: string;
    membershipId: string;
    email: string | null;
    identityId: string | null;
    accountRole: string | null;
    reason: 'no-identity' | 'no-idp-account' | 'idp-disabled';
  }[];
  /** Active directory users in mapped groups with no active Prefect membership. */
  missingInPrefect: { identityId: string; email: string | null; displayName: string | null; groups: string[] }[];
  /** Account roles that differ from what the mapping gives. */
  roleDifferences: { identityId: string; email: string | null; sourceId: string; membershipId: string; actual: string | null; expected: string; direction: 'above' | 'below' }[];
  /** Team memberships out of step with the groups behind them. */
  teamDifferences: { identityId: string; email: string | null; sourceId: string; team: string; difference: 'missing' | 'not-in-group' }[];
}

// ---------------------------------------------------------------- timelines and metrics

export type TimelineLane = 'hr' | 'idp' | 'group' | 'prefect' | 'team' | 'grant' | 'finding' | 'link';

/**
 * One thing that happened to the person. `precision` says how well its time is known:
 * exact (an audit or System Log event), date (an HR date), between-polls (first seen by the
 * collection at `at`; it happened after `after`), first-seen (already so when the source
 * was first read).
 */
export interface TimelineEvent {
  at: string;
  after: string | null;
  precision: 'exact' | 'date' | 'between-polls' | 'first-seen';
  lane: TimelineLane;
  type: string;
  summary: string;
  sourceId: string | null;
  /** The fact version or event this comes from. */
  evidence: { kind: RecordKind | 'event' | 'finding' | 'ledger'; key: string; collections?: { from: number; to: number | null } };
}

export interface RevocationLatency {
  terminatedAt: string;
  terminationBasis: 'hr-date' | 'idp-event' | 'idp-observed';
  state: 'still-active' | 'removed' | 'removed-before-termination' | 'never-had-access';
  /** The last collection that showed access (after termination, if any did). */
  lastSeenWithAccess: { collectionId: number; at: string } | null;
  /** The first collection that showed the access gone. */
  firstSeenWithout: { collectionId: number; at: string } | null;
  /** The exact removal time from the audit log, when known. */
  removedAt: string | null;
  /** Latency range in hours: min is certain, max null while access remains. */
  latencyHours: { min: number; max: number | null };
}

export interface PersonTimeline {
  email: string;
  identityId: string | null;
  displayName: string | null;
  emails: string[];
  events: TimelineEvent[];
  /** Set when the person has left: how long their Prefect access outlived them. */
  revocation: RevocationLatency | null;
  /** The complete collection the identity and "now" were taken from. */
  asOfCollectionId: number;
}

export interface OrgMetricsPoint {
  collectionId: number;
  at: string;
  /** IdP accounts in the active lifecycle, summed over identity providers (accounts, not people: one person has one per provider). */
  idpActive: number;
  /** How many identity providers the sum covers. */
  idpSources: number;
  /** Active Prefect user memberships (service accounts are not counted). */
  prefectActive: number;
  /** Open findings by severity, where findings were recorded for this collection (else null). */
  openFindings: Record<Severity, number> | null;
}

/** One leaver's revocation latency, for the organisation-wide distribution. */
export interface LeaverLatency {
  identityId: string;
  displayName: string | null;
  email: string | null;
  latency: RevocationLatency;
}

export interface RevocationLatencyReport {
  /** The policy version measured under: the one the findings at this collection were judged under (0: the built-in default). */
  policyVersion: number;
  /** The policy's offboarding deadline the latencies are measured against. */
  deadlineHours: number;
  /** The zone whose start of the termination day the latencies are measured from (the policy's terminationTimeZone, UTC when it names none). */
  terminationTimeZone: string;
  asOfCollectionId: number;
  leavers: LeaverLatency[];
}

// ---------------------------------------------------------------- findings

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** The rules (one file each under electron/analyze/findings/rules/). */
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

/** A finding with its life cycle: when it was first and last seen, and whether it is still open. */
export interface StoredFinding extends Omit<Finding, 'collectionId'> {
  status: 'open' | 'resolved';
  firstSeen: { collectionId: number; at: string };
  lastSeen: { collectionId: number; at: string };
  /** The complete collection that first no longer showed it. */
  resolvedIn: { collectionId: number; at: string } | null;
}

/**
 * Rules the policy gave nothing to judge against: they ran but could not fire, so their silence
 * is not a clean result (say role drift under a policy with no group→role mappings).
 */
export interface RulesNotJudged {
  rules: RuleId[];
  /** What the policy lacks. */
  reason: 'no-mappings' | 'no-sod-pairs';
  /** The same in words, e.g. "the policy has no group→role mappings". */
  because: string;
}

/** Findings open at one time, and why there may be none to show. */
export interface FindingsAnswer {
  /** The complete collection the answer is for; null when none had finished by then. */
  asOf: AsOf | null;
  /** Whether findings were recorded for that collection (they are judged after each complete one). */
  judged: boolean;
  /** The policy version the answer's findings were judged under (0: the built-in default); null when not judged. */
  policyVersion: number | null;
  /** Rules that policy version could not judge (empty when every rule had what it needs, or nothing was judged). */
  notJudged: RulesNotJudged[];
  findings: StoredFinding[];
}
