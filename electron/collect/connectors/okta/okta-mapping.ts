import { recordSchemas, sourceEventSchema, type IdpLifecycle, type SourceEvent, type SourceRecord } from '../../../../shared/domain/records';

/**
 * Pure translations from Okta's documented JSON shapes to our normalized records. Kept free
 * of I/O so the contract tests can replay Okta's documented example responses through
 * exactly the code the connector runs.
 */
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Okta's user statuses and what each means for access. */
const LIFECYCLE: Record<string, IdpLifecycle> = {
  ACTIVE: 'active',
  PASSWORD_EXPIRED: 'active',
  LOCKED_OUT: 'active',
  RECOVERY: 'active',
  STAGED: 'staged',
  PROVISIONED: 'staged',
  SUSPENDED: 'suspended',
  DEPROVISIONED: 'deprovisioned',
};

/** The System Log event types the ledger cares about (apis.md). */
export const OKTA_EVENT_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'group.user_membership.add',
  'group.user_membership.remove',
  'application.user_membership.add',
  'application.user_membership.remove',
] as const;

const EMAILISH = /^[^\s@]+@[^\s@]+$/;

/** An Okta user object (GET /api/v1/users, /groups/{id}/users) as an idp_user record. */
export function mapOktaUser(raw: unknown): Mapped<SourceRecord> {
  if (!isObject(raw)) return fail('user is not a JSON object');
  const id = str(raw.id);
  if (!id) return fail('user has no id');
  const status = str(raw.status);
  if (!status) return fail(`user ${id} has no status`);
  const lifecycle = LIFECYCLE[status];
  if (!lifecycle) return fail(`user ${id} has an unknown Okta status "${status}"`);
  const profile = isObject(raw.profile) ? raw.profile : {};
  const login = str(profile.login);
  const primary = lowerEmail(profile.email);
  const emails: string[] = [];
  for (const candidate of [profile.email, profile.secondEmail, login]) {
    const email = lowerEmail(candidate);
    if (email && !emails.includes(email)) emails.push(email);
  }
  const displayName = str(profile.displayName) ?? (joinName(str(profile.firstName), str(profile.lastName)) || null);
  const value = {
    id,
    userName: login,
    email: primary,
    emails,
    displayName,
    rawStatus: status,
    lifecycle,
    employeeId: scalar(profile.employeeNumber),
    department: str(profile.department),
  };
  return checked('idp_user', id, value);
}

/** An Okta group object as an idp_group record. */
export function mapOktaGroup(raw: unknown): Mapped<SourceRecord> {
  if (!isObject(raw)) return fail('group is not a JSON object');
  const id = str(raw.id);
  if (!id) return fail('group has no id');
  const profile = isObject(raw.profile) ? raw.profile : {};
  const name = str(profile.name);
  if (!name) return fail(`group ${id} has no profile.name`);
  return checked('idp_group', id, { id, name, description: str(profile.description) });
}

/** The group type (OKTA_GROUP, APP_GROUP, BUILT_IN), used to decide whether to read members. */
export function oktaGroupType(raw: unknown): string | null {
  return isObject(raw) ? str(raw.type) : null;
}

/** One user object from GET /api/v1/groups/{id}/users as a direct idp_group_member record. */
export function mapOktaGroupMember(groupId: string, raw: unknown): Mapped<SourceRecord> {
  if (!isObject(raw)) return fail(`member of group ${groupId} is not a JSON object`);
  const memberId = str(raw.id);
  if (!memberId) return fail(`member of group ${groupId} has no id`);
  return checked('idp_group_member', `${groupId}:${memberId}`, { groupId, memberId, memberType: 'user' as const });
}

/** An app user (GET /api/v1/apps/{appId}/users) as an idp_app_assignment record. */
export function mapOktaAppUser(appId: string, raw: unknown): Mapped<SourceRecord> {
  if (!isObject(raw)) return fail(`app user of ${appId} is not a JSON object`);
  const userId = str(raw.id);
  if (!userId) return fail(`app user of ${appId} has no id`);
  return checked('idp_app_assignment', `${appId}:${userId}`, { appId, userId, status: str(raw.status) });
}

/** A System Log LogEvent as a SourceEvent, with a small, secret-free detail summary. */
export function mapOktaLogEvent(raw: unknown): Mapped<SourceEvent> {
  if (!isObject(raw)) return fail('log event is not a JSON object');
  const uuid = str(raw.uuid);
  if (!uuid) return fail('log event has no uuid');
  const published = str(raw.published);
  const publishedMs = published === null ? NaN : Date.parse(published);
  if (Number.isNaN(publishedMs)) return fail(`log event ${uuid} has no valid published time`);
  const eventType = str(raw.eventType);
  if (!eventType) return fail(`log event ${uuid} has no eventType`);
  const actor = isObject(raw.actor) ? raw.actor : null;
  const targets = Array.isArray(raw.target) ? raw.target.filter(isObject) : [];
  const outcome = isObject(raw.outcome) ? raw.outcome : null;
  const detail: Record<string, unknown> = {
    displayMessage: str(raw.displayMessage),
    outcome: outcome ? str(outcome.result) : null,
    actorType: actor ? str(actor.type) : null,
    actorAlternateId: actor ? str(actor.alternateId) : null,
    targets: targets.map((t) => ({
      id: str(t.id),
      type: str(t.type),
      alternateId: str(t.alternateId),
      displayName: str(t.displayName),
    })),
  };
  const reason = outcome ? str(outcome.reason) : null;
  if (reason) detail.outcomeReason = reason;
  const event = {
    id: uuid,
    // Canonical ISO form, so stored times sort as text (Okta's own docs show "2017-09-31T...", which parses as Oct 1).
    occurredAt: new Date(publishedMs).toISOString(),
    type: eventType,
    actorId: actor ? str(actor.id) : null,
    actorName: actor ? (str(actor.displayName) ?? str(actor.alternateId)) : null,
    targetIds: targets.map((t) => str(t.id)).filter((v): v is string => v !== null),
    detail,
  };
  const parsed = sourceEventSchema.safeParse(event);
  if (!parsed.success) return fail(`log event ${uuid}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ok: true, value: parsed.data };
}

function checked<K extends keyof typeof recordSchemas>(kind: K, key: string, value: unknown): Mapped<SourceRecord> {
  const parsed = recordSchemas[kind].safeParse(value);
  if (!parsed.success) {
    return fail(`${kind} ${key}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { ok: true, value: { kind, key, value: parsed.data } as SourceRecord };
}

function fail<T>(reason: string): Mapped<T> {
  return { ok: false, reason };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** employeeNumber is a string in Okta's base profile, but custom schemas make it a number. */
function scalar(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return str(v);
}

function lowerEmail(v: unknown): string | null {
  const s = str(v)?.trim().toLowerCase();
  return s && EMAILISH.test(s) ? s : null;
}

function joinName(first: string | null, last: string | null): string {
  return [first, last].filter(Boolean).join(' ').trim();
}
