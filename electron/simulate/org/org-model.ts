import { createHash } from 'node:crypto';

/**
 * The one organisation every simulator serves. The generator builds it from a seed and
 * evolves it day by day; the Okta, Entra, SCIM, HR and Prefect simulators each render their
 * own API's view of it, so they always agree with one another the way real systems would
 * (including where Prefect has drifted from the IdP: that drift is the point).
 *
 * Simulators read it live on every request, so evolving it between two page requests is
 * exactly "data changing while a client pages".
 */
export interface OrgModel {
  seed: number;
  /** The simulated "now" (ISO time); evolve() moves it one day at a time. */
  now: string;
  /** Bumped on every change, so a simulator can tell that data moved under a cursor. */
  version: number;
  people: OrgPerson[];
  groups: OrgGroup[];
  prefect: PrefectModel;
  /** IdP lifecycle and membership events (Okta System Log, Entra audit), oldest first. */
  idpEvents: IdpEvent[];
  /** Problems the generator planted on purpose, so tests and the demo can check they are found. */
  planted: PlantedProblem[];
  /**
   * Leavers planted ahead of time (the late removal, timed to the period a demo collects): on
   * `day` evolveOrg terminates the person in HR and the IdP; done ones leave the list.
   */
  plannedLeavers?: PlannedLeaver[];
}

export interface PlannedLeaver {
  personId: string;
  /** YYYY-MM-DD: the HR termination date, and the day the IdP deprovisions them. */
  day: string;
  status: 'DEPROVISIONED' | 'SUSPENDED';
}

export type HrStatus = 'active' | 'leave' | 'terminated';
/** Okta's words; other IdPs map them (Entra: accountEnabled true for ACTIVE and PROVISIONED; false for STAGED, created disabled until the start date, SUSPENDED and DEPROVISIONED). */
export type IdpStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED';

export interface OrgPerson {
  /** Stable internal id, e.g. "p00042"; simulators derive their own ids from it with idFor(). */
  personId: string;
  employeeId: string;
  givenName: string;
  familyName: string;
  /** Primary work email, lower-case. */
  email: string;
  /** Other addresses the IdP knows (old names, aliases); Prefect may hold one of these instead. */
  aliases: string[];
  department: string;
  /** YYYY-MM-DD */
  hireDate: string;
  terminationDate: string | null;
  hrStatus: HrStatus;
  idpStatus: IdpStatus;
  /** Direct IdP group memberships (group ids). */
  groupIds: string[];
  /** ISO time of the last change to this person in the IdP. */
  updatedAt: string;
  createdAt: string;
}

export interface OrgGroup {
  groupId: string;
  name: string;
  description: string | null;
  /** Groups nested inside this one (Entra allows nesting; Okta does not, so Okta renders none). */
  nestedGroupIds: string[];
  updatedAt: string;
}

export interface IdpEvent {
  uuid: string;
  published: string;
  /** Okta event type, e.g. user.lifecycle.deactivate, group.user_membership.add. */
  eventType: string;
  actorId: string | null;
  personId: string | null;
  groupId: string | null;
}

export interface PrefectModel {
  accountId: string;
  accountName: string;
  auditLogRetentionDays: number;
  accountRoles: PrefectAccountRole[];
  workspaceRoles: PrefectWorkspaceRole[];
  workspaces: PrefectWorkspace[];
  /** Account memberships of users (service accounts are in bots). */
  members: PrefectMember[];
  teams: PrefectTeam[];
  /** Direct user grants on workspaces. */
  userAccess: PrefectUserAccess[];
  bots: PrefectBot[];
  botAccess: PrefectBotAccess[];
  auditEvents: PrefectAuditEvent[];
}

export interface PrefectAccountRole {
  id: string;
  name: string;
  permissions: string[];
  isSystemRole: boolean;
}

export interface PrefectWorkspaceRole {
  id: string;
  name: string;
  scopes: string[];
  inheritedRoleId: string | null;
  /** null for built-ins (Owner, Developer, Runner, Viewer, Worker). */
  accountId: string | null;
}

export interface PrefectWorkspace {
  id: string;
  name: string;
  handle: string;
  defaultWorkspaceRoleId: string | null;
  isPublic: boolean;
}

export interface PrefectMember {
  membershipId: string;
  actorId: string;
  userId: string;
  /** The org person this account belongs to, or null for an account nobody can place. */
  personId: string | null;
  email: string;
  handle: string;
  firstName: string;
  lastName: string;
  accountRoleId: string;
  active: boolean;
  lastLogin: string | null;
  createdAt: string;
}

export interface PrefectTeam {
  id: string;
  name: string;
  description: string | null;
  /** The IdP group that governs it through directory sync, or null for a hand-made team. */
  directoryGroupId: string | null;
  /** Actor ids of users (and bots) in the team. */
  memberActorIds: string[];
  workspaces: { workspaceId: string; workspaceRoleId: string }[];
}

export interface PrefectUserAccess {
  id: string;
  workspaceId: string;
  actorId: string;
  workspaceRoleId: string;
}

export interface PrefectBot {
  id: string;
  actorId: string;
  name: string;
  accountRoleId: string;
  /** The person who created it (for "owned by a leaver"); known to Prefect only through audit events. */
  createdByActorId: string | null;
  createdAt: string;
  apiKeys: PrefectApiKey[];
}

export interface PrefectApiKey {
  id: string;
  name: string;
  created: string;
  /** null: the key never expires. */
  expiration: string | null;
  /** The secret key itself: simulators need it to authenticate callers; it must never be stored by a client. */
  secret: string;
}

export interface PrefectBotAccess {
  id: string;
  workspaceId: string;
  botId: string;
  workspaceRoleId: string;
}

export interface PrefectAuditEvent {
  id: string;
  occurred: string;
  /** e.g. prefect-cloud.account-membership.deleted */
  event: string;
  /** prefect-cloud.<resource>.<id> */
  resourceId: string;
  resourceName: string | null;
  /** Related resources, e.g. the actor who did it. */
  related: { id: string; role: string; name: string | null }[];
}

export interface PlantedProblem {
  kind:
    | 'leaver-still-active'
    | 'direct-grant-bypass'
    | 'key-without-expiry'
    | 'dormant-admin'
    | 'bot-owned-by-leaver'
    | 'unknown-account'
    | 'role-escalation'
    | 'offboarding-deadline-missed'
    | 'role-drift-below'
    | 'expected-access-missing'
    | 'key-too-old'
    | 'bot-admin-role'
    | 'sod-conflict';
  /** The person, membership, bot or key concerned. */
  subject: string;
  note: string;
}

/**
 * A simulator's id for an org entity, stable across runs: the same person always has the same
 * Okta id, Entra object id and SCIM id, in each API's own shape.
 */
export function idFor(system: 'okta-user' | 'okta-group' | 'entra' | 'scim' | 'prefect', internalId: string): string {
  const h = createHash('sha256').update(`${system}:${internalId}`).digest('hex');
  switch (system) {
    case 'okta-user':
      return `00u${h.slice(0, 17)}`;
    case 'okta-group':
      return `00g${h.slice(0, 17)}`;
    case 'entra':
    case 'prefect':
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    case 'scim':
      return h.slice(0, 24);
  }
}
