import { z } from 'zod';

/**
 * The normalized records every connector produces and the store keeps as interval facts.
 * One schema per kind, checked at run time on every record before it is stored; a record
 * that fails is quarantined with the reason, never silently dropped or stored half-valid.
 *
 * `key` is stable within (source, kind): the same real-world thing keeps the same key from
 * poll to poll, so an unchanged organisation produces no new facts.
 */

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date');
const id = z.string().min(1).max(512);
const emailish = z.string().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

/** The normalized lifecycle of an IdP account: what matters for access, whatever the IdP calls it. */
export const idpLifecycle = z.enum(['active', 'staged', 'suspended', 'deprovisioned']);
export type IdpLifecycle = z.infer<typeof idpLifecycle>;

export const recordSchemas = {
  /** A person's account in an IdP (Okta user, Entra user, SCIM User). */
  idp_user: z.object({
    id,
    userName: z.string().nullable(),
    email: emailish.nullable(),
    /** Every address the IdP knows for the person (primary, secondary, aliases), lower-cased. */
    emails: z.array(z.string()),
    displayName: z.string().nullable(),
    /** The IdP's own status word, kept verbatim for evidence (e.g. Okta "DEPROVISIONED"). */
    rawStatus: z.string(),
    lifecycle: idpLifecycle,
    employeeId: z.string().nullable(),
    department: z.string().nullable(),
  }),
  idp_group: z.object({
    id,
    name: z.string().min(1),
    description: z.string().nullable(),
  }),
  /** Direct membership only; nesting (memberType "group") is expanded by the analysis. */
  idp_group_member: z.object({
    groupId: id,
    memberId: id,
    memberType: z.enum(['user', 'group']),
  }),
  /** Okta: a user assigned to the Prefect app. */
  idp_app_assignment: z.object({
    appId: id,
    userId: id,
    status: z.string().nullable(),
  }),
  /** One row of the HR roster: the source of truth for who is employed. */
  hr_employee: z.object({
    employeeId: id,
    email: emailish,
    name: z.string().nullable(),
    status: z.enum(['active', 'leave', 'terminated']),
    hireDate: isoDate.nullable(),
    terminationDate: isoDate.nullable(),
    department: z.string().nullable(),
  }),
  prefect_member: z.object({
    id,
    actorId: id,
    userId: id.nullable(),
    email: z.string().nullable(),
    handle: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    accountRoleId: id.nullable(),
    accountRoleName: z.string().nullable(),
    active: z.boolean(),
  }),
  /** Kept apart from prefect_member so that a login does not re-version the membership. */
  prefect_last_login: z.object({
    membershipId: id,
    lastLogin: isoTime.nullable(),
  }),
  prefect_account_role: z.object({
    id,
    name: z.string().min(1),
    permissions: z.array(z.string()),
    isSystemRole: z.boolean(),
  }),
  prefect_workspace: z.object({
    id,
    name: z.string().min(1),
    handle: z.string().nullable(),
    defaultWorkspaceRoleId: id.nullable(),
    isPublic: z.boolean(),
  }),
  prefect_workspace_role: z.object({
    id,
    name: z.string().min(1),
    scopes: z.array(z.string()),
    inheritedRoleId: id.nullable(),
    /** Built-in roles (Owner, Developer, Runner, Viewer, Worker) have no account id. */
    builtIn: z.boolean(),
  }),
  /** A workspace grant to a user, a service account (bot) or a team. Key: workspace:type:actor. */
  prefect_workspace_access: z.object({
    id: id.nullable(),
    workspaceId: id,
    actorType: z.enum(['user', 'bot', 'team']),
    /** user: the user's actor_id; bot: the bot id; team: the team id. */
    actorId: id,
    userId: id.nullable(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    workspaceRoleId: id,
  }),
  prefect_team: z.object({
    id,
    name: z.string().min(1),
    description: z.string().nullable(),
    /** Set when the team is governed by directory sync (SCIM); null for hand-made teams. */
    directoryGroupId: z.string().nullable(),
  }),
  prefect_team_member: z.object({
    teamId: id,
    memberId: id,
    memberType: z.enum(['user', 'bot']),
    email: z.string().nullable(),
    handle: z.string().nullable(),
  }),
  prefect_service_account: z.object({
    id,
    actorId: id.nullable(),
    name: z.string().min(1),
    accountRoleName: z.string().nullable(),
  }),
  prefect_api_key: z.object({
    id,
    serviceAccountId: id,
    name: z.string().nullable(),
    created: isoTime.nullable(),
    expiration: isoTime.nullable(),
  }),
} as const;

export type RecordKind = keyof typeof recordSchemas;
export type RecordValue<K extends RecordKind> = z.infer<(typeof recordSchemas)[K]>;
export const recordKinds = Object.keys(recordSchemas) as RecordKind[];

/** One normalized fact as a connector yields it. */
export type SourceRecord = { [K in RecordKind]: { kind: K; key: string; value: RecordValue<K> } }[RecordKind];

/** A lifecycle or audit event (Okta System Log, Prefect audit events); append-only, deduplicated by id. */
export const sourceEventSchema = z.object({
  id,
  occurredAt: isoTime,
  /** The source's own event type, e.g. "user.lifecycle.deactivate" or "prefect-cloud.api-key.rotated". */
  type: z.string().min(1),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** Ids of the things the event is about (users, groups, memberships, keys). */
  targetIds: z.array(z.string()),
  /** A small, secret-free summary of the event's payload. */
  detail: z.record(z.string(), z.unknown()),
});
export type SourceEvent = z.infer<typeof sourceEventSchema>;

export const sourceKinds = ['okta', 'entra', 'scim', 'hr_csv', 'prefect'] as const;
export type SourceKind = (typeof sourceKinds)[number];
