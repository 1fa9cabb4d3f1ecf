import type { z } from 'zod';
import { recordSchemas, type SourceRecord } from '../../../../shared/domain/records';
import { SCIM_URN, getCi, hasCi, isObject } from './scim-urns';

type UserRecord = Extract<SourceRecord, { kind: 'idp_user' }>;
type GroupRecord = Extract<SourceRecord, { kind: 'idp_group' }>;
type MemberRecord = Extract<SourceRecord, { kind: 'idp_group_member' }>;

export type Mapped<T> = { ok: true; record: T } | { ok: false; reason: string };

export interface MappedUser {
  result: Mapped<UserRecord>;
  /** The server left `active` out; we treat the account as active (it exists and may sign in). */
  activeAbsent: boolean;
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

/** The resource's id as a string, or null: RFC ids are strings, some servers send numbers. */
export function resourceId(raw: unknown): string | null {
  if (!isObject(raw)) return null;
  const id = getCi(raw, 'id');
  if (typeof id === 'string' && id.trim()) return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return null;
}

/**
 * SCIM User -> idp_user. `active` true is 'active', false is 'suspended' (SCIM has one bit;
 * a deleted user is simply gone), kept verbatim in rawStatus as `active=true|false`. Emails:
 * `emails[].value` with the primary first, plus userName when it looks like an address.
 * employeeId and department come from the enterprise extension.
 */
export function mapScimUser(raw: unknown): MappedUser {
  if (!isObject(raw)) return { result: fail('User is not a JSON object'), activeAbsent: false };
  const id = resourceId(raw);
  if (!id) return { result: fail('User has no id'), activeAbsent: false };

  const userNameRaw = getCi(raw, 'userName');
  if (userNameRaw !== undefined && userNameRaw !== null && typeof userNameRaw !== 'string') {
    return { result: fail('userName is not a string'), activeAbsent: false };
  }
  const userName = typeof userNameRaw === 'string' && userNameRaw.trim() ? userNameRaw : null;

  const emailsRaw = getCi(raw, 'emails');
  if (emailsRaw !== undefined && emailsRaw !== null && !Array.isArray(emailsRaw)) {
    return { result: fail('emails is not an array'), activeAbsent: false };
  }
  const emails = collectEmails(Array.isArray(emailsRaw) ? emailsRaw : [], userName);

  const active = readActive(raw);
  if (!active.ok) return { result: fail(active.reason), activeAbsent: false };

  const ext = getCi(raw, SCIM_URN.enterpriseUser);
  const enterprise = isObject(ext) ? ext : {};
  const value = {
    id,
    userName,
    email: emails.find((e) => EMAIL_LIKE.test(e)) ?? null,
    emails,
    displayName: displayNameOf(raw),
    rawStatus: active.rawStatus,
    lifecycle: active.active ? ('active' as const) : ('suspended' as const),
    employeeId: textOrNull(getCi(enterprise, 'employeeNumber')),
    department: textOrNull(getCi(enterprise, 'department')),
  };
  return { result: validated('idp_user', id, value), activeAbsent: active.absent };
}

export interface MappedGroup {
  group: Mapped<GroupRecord>;
  /** false when the response had no `members` attribute at all: the caller fetches the group by id. */
  membersPresent: boolean;
  members: MappedMember[];
}

export type MappedMember = Mapped<MemberRecord> & { raw: unknown };

/** SCIM Group -> idp_group plus one idp_group_member per direct member (users and nested groups). */
export function mapScimGroup(raw: unknown): MappedGroup {
  if (!isObject(raw)) return { group: fail('Group is not a JSON object'), membersPresent: true, members: [] };
  const id = resourceId(raw);
  if (!id) return { group: fail('Group has no id'), membersPresent: true, members: [] };
  const name = getCi(raw, 'displayName');
  const group = validated('idp_group', id, {
    id,
    name: typeof name === 'string' ? name : '',
    description: textOrNull(getCi(raw, 'description')),
  });
  if (!hasCi(raw, 'members') || getCi(raw, 'members') === null) return { group, membersPresent: false, members: [] };
  return { group, membersPresent: true, members: mapMembers(id, getCi(raw, 'members')) };
}

/** Maps a `members` attribute; also used on a group fetched by id. Duplicate entries are folded. */
export function mapMembers(groupId: string, members: unknown): MappedMember[] {
  if (!Array.isArray(members)) return [{ ok: false, reason: `group ${groupId}: members is not an array`, raw: members }];
  const out: MappedMember[] = [];
  const seen = new Set<string>();
  for (const entry of members) {
    const mapped = mapMember(groupId, entry);
    if (mapped.ok) {
      if (seen.has(mapped.record.key)) continue;
      seen.add(mapped.record.key);
    }
    out.push({ ...mapped, raw: entry });
  }
  return out;
}

/**
 * One member. `value` is the member's id; some servers send only a `$ref` URI, whose last path
 * segment is the id and whose /Users/ or /Groups/ segment gives the type when `type` is absent.
 */
function mapMember(groupId: string, entry: unknown): Mapped<MemberRecord> {
  if (!isObject(entry)) return fail(`group ${groupId}: a member is not a JSON object`);
  let memberId: string | null = null;
  const value = getCi(entry, 'value');
  if (typeof value === 'string' && value.trim()) memberId = value;
  else if (typeof value === 'number' && Number.isFinite(value)) memberId = String(value);
  const ref = getCi(entry, '$ref');
  const refInfo = typeof ref === 'string' ? parseRef(ref) : null;
  if (!memberId && refInfo?.id) memberId = refInfo.id;
  if (!memberId) return fail(`group ${groupId}: a member has neither value nor a usable $ref`);

  const typeRaw = getCi(entry, 'type');
  let memberType: 'user' | 'group';
  if (typeof typeRaw === 'string' && typeRaw.trim()) {
    const t = typeRaw.trim().toLowerCase();
    if (t === 'user') memberType = 'user';
    else if (t === 'group') memberType = 'group';
    else return fail(`group ${groupId}: member ${memberId} has unknown type "${typeRaw}"`);
  } else {
    memberType = refInfo?.type ?? 'user';
  }
  return validated('idp_group_member', `${groupId}:${memberId}`, { groupId, memberId, memberType });
}

function parseRef(ref: string): { id: string | null; type: 'user' | 'group' | null } {
  const path = ref.split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  const kind = segments[segments.length - 2]?.toLowerCase();
  let id: string | null = null;
  if (last) {
    try {
      id = decodeURIComponent(last);
    } catch {
      id = last;
    }
  }
  return { id, type: kind === 'groups' ? 'group' : kind === 'users' ? 'user' : null };
}

function collectEmails(entries: unknown[], userName: string | null): string[] {
  const primary: string[] = [];
  const others: string[] = [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const value = getCi(entry, 'value');
    if (typeof value !== 'string' || !value.trim()) continue;
    const isPrimary = getCi(entry, 'primary');
    (isPrimary === true || isPrimary === 'true' ? primary : others).push(value.trim().toLowerCase());
  }
  const all = [...primary, ...others];
  if (userName && EMAIL_LIKE.test(userName.trim())) all.push(userName.trim().toLowerCase());
  return [...new Set(all)];
}

type ActiveRead = { ok: true; active: boolean; rawStatus: string; absent: boolean } | { ok: false; reason: string };

/** Reads `active`: a boolean, or the strings "True"/"False" that Entra-era servers send; absent means active. */
function readActive(raw: Record<string, unknown>): ActiveRead {
  const active = getCi(raw, 'active');
  if (active === undefined || active === null) return { ok: true, active: true, rawStatus: 'active=absent', absent: true };
  if (typeof active === 'boolean') return { ok: true, active, rawStatus: `active=${active}`, absent: false };
  if (typeof active === 'string' && /^(true|false)$/i.test(active.trim())) {
    const value = active.trim().toLowerCase() === 'true';
    return { ok: true, active: value, rawStatus: `active=${value}`, absent: false };
  }
  return { ok: false, reason: `active is ${JSON.stringify(active)}, neither true nor false` };
}

function displayNameOf(raw: Record<string, unknown>): string | null {
  const display = textOrNull(getCi(raw, 'displayName'));
  if (display) return display;
  const name = getCi(raw, 'name');
  if (!isObject(name)) return null;
  const formatted = textOrNull(getCi(name, 'formatted'));
  if (formatted) return formatted;
  const parts = [textOrNull(getCi(name, 'givenName')), textOrNull(getCi(name, 'familyName'))].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' ') : null;
}

function textOrNull(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** Runs the record through its zod schema, so nothing half-valid leaves the connector. */
function validated<K extends 'idp_user' | 'idp_group' | 'idp_group_member'>(
  kind: K,
  key: string,
  value: z.input<(typeof recordSchemas)[K]>,
): Mapped<Extract<SourceRecord, { kind: K }>> {
  const parsed = recordSchemas[kind].safeParse(value);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || kind}: ${i.message}`).join('; ');
    return fail(`${kind} ${key}: ${reason}`);
  }
  return { ok: true, record: { kind, key, value: parsed.data } as Extract<SourceRecord, { kind: K }> };
}
