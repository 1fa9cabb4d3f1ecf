import { z } from 'zod';
import { recordSchemas, type RecordKind, type RecordValue, type SourceRecord } from '../../../../shared/domain/records';

/**
 * Turns Prefect Cloud's JSON items into normalized records. Raw shapes follow apis.md and the
 * structs in Prefect's Terraform provider (internal/api/*.go); unknown fields are dropped
 * (zod strips them), so a key value or `masked_key` in a response can never reach a record.
 * Every mapper returns a record or a reason, never a half-valid record.
 */
export type Mapped = { ok: true; record: SourceRecord } | { ok: false; reason: string; kind: RecordKind };

const text = z.string().min(1);
const optText = z.string().nullish();

function fail(kind: RecordKind, error: z.ZodError): Mapped {
  const reason = error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(item)'}: ${i.message}`).join('; ');
  return { ok: false, kind, reason };
}

/** Validates the normalized value against the record schema the store will check. */
export function record<K extends RecordKind>(kind: K, key: string, value: RecordValue<K>): Mapped {
  const checked = recordSchemas[kind].safeParse(value);
  if (!checked.success) return fail(kind, checked.error);
  return { ok: true, record: { kind, key, value: checked.data } as SourceRecord };
}

function orNull(v: string | null | undefined): string | null {
  return v === undefined || v === null || v === '' ? null : v;
}

const rawAccountRole = z.object({
  id: text,
  name: text,
  permissions: z.array(z.string()).nullish(),
  account_id: optText,
  is_system_role: z.boolean().nullish(),
});

export function mapAccountRole(raw: unknown): Mapped {
  const p = rawAccountRole.safeParse(raw);
  if (!p.success) return fail('prefect_account_role', p.error);
  const r = p.data;
  return record('prefect_account_role', r.id, {
    id: r.id,
    name: r.name,
    permissions: r.permissions ?? [],
    // Built-ins carry no account id; Prefect also flags them explicitly.
    isSystemRole: r.is_system_role ?? (r.account_id === null || r.account_id === undefined),
  });
}

const rawMembership = z.object({
  id: text,
  actor_id: text,
  user_id: optText,
  first_name: optText,
  last_name: optText,
  handle: optText,
  email: optText,
  account_role_name: optText,
  account_role_id: optText,
  last_login: optText,
  // Absent on older responses (the Terraform struct has no `active`): absent means active.
  active: z.boolean().optional(),
});

/** A membership yields two records: the membership, and its last login kept apart. */
export function mapMembership(raw: unknown): Mapped[] {
  const p = rawMembership.safeParse(raw);
  if (!p.success) return [fail('prefect_member', p.error)];
  const m = p.data;
  return [
    record('prefect_member', m.id, {
      id: m.id,
      actorId: m.actor_id,
      userId: orNull(m.user_id),
      email: orNull(m.email)?.toLowerCase() ?? null,
      handle: orNull(m.handle),
      firstName: orNull(m.first_name),
      lastName: orNull(m.last_name),
      accountRoleId: orNull(m.account_role_id),
      accountRoleName: orNull(m.account_role_name),
      active: m.active ?? true,
    }),
    record('prefect_last_login', m.id, { membershipId: m.id, lastLogin: orNull(m.last_login) }),
  ];
}

const rawWorkspace = z.object({
  id: text,
  name: text,
  handle: optText,
  default_workspace_role_id: optText,
  is_public: z.boolean().nullish(),
});

export function mapWorkspace(raw: unknown): Mapped {
  const p = rawWorkspace.safeParse(raw);
  if (!p.success) return fail('prefect_workspace', p.error);
  const w = p.data;
  return record('prefect_workspace', w.id, {
    id: w.id,
    name: w.name,
    handle: orNull(w.handle),
    defaultWorkspaceRoleId: orNull(w.default_workspace_role_id),
    isPublic: w.is_public ?? false,
  });
}

const rawWorkspaceRole = z.object({
  id: text,
  name: text,
  scopes: z.array(z.string()).nullish(),
  inherited_role_id: optText,
  account_id: optText,
});

export function mapWorkspaceRole(raw: unknown): Mapped {
  const p = rawWorkspaceRole.safeParse(raw);
  if (!p.success) return fail('prefect_workspace_role', p.error);
  const r = p.data;
  return record('prefect_workspace_role', r.id, {
    id: r.id,
    name: r.name,
    scopes: r.scopes ?? [],
    inheritedRoleId: orNull(r.inherited_role_id),
    builtIn: r.account_id === null || r.account_id === undefined,
  });
}

export type AccessType = 'user' | 'bot' | 'team';

const rawAccessCommon = { id: optText, workspace_id: optText, workspace_role_id: text };
const rawUserAccess = z.object({ ...rawAccessCommon, actor_id: text, user_id: optText, email: optText, handle: optText });
const rawBotAccess = z.object({ ...rawAccessCommon, bot_id: text, bot_name: optText });
const rawTeamAccess = z.object({ ...rawAccessCommon, team_id: text, team_name: optText });

/**
 * One workspace grant. The key is `${workspaceId}:${type}:${actorId}` where the actor is the
 * user's actor_id, the bot's id or the team's id (the ids the delete endpoints take apart
 * from user/bot access ids). The workspace comes from the item, else from the URL we asked.
 */
export function mapWorkspaceAccess(type: AccessType, workspaceId: string, raw: unknown): Mapped {
  const kind = 'prefect_workspace_access';
  let base: { id: string | null; workspaceId: string; workspaceRoleId: string };
  let actor: { actorId: string; userId: string | null; email: string | null; name: string | null };
  if (type === 'user') {
    const p = rawUserAccess.safeParse(raw);
    if (!p.success) return fail(kind, p.error);
    base = common(p.data, workspaceId);
    actor = { actorId: p.data.actor_id, userId: orNull(p.data.user_id), email: orNull(p.data.email)?.toLowerCase() ?? null, name: orNull(p.data.handle) };
  } else if (type === 'bot') {
    const p = rawBotAccess.safeParse(raw);
    if (!p.success) return fail(kind, p.error);
    base = common(p.data, workspaceId);
    actor = { actorId: p.data.bot_id, userId: null, email: null, name: orNull(p.data.bot_name) };
  } else {
    const p = rawTeamAccess.safeParse(raw);
    if (!p.success) return fail(kind, p.error);
    base = common(p.data, workspaceId);
    actor = { actorId: p.data.team_id, userId: null, email: null, name: orNull(p.data.team_name) };
  }
  if (base.workspaceId !== workspaceId) {
    return { ok: false, kind, reason: `workspace_id ${base.workspaceId} differs from the workspace ${workspaceId} we asked about` };
  }
  return record(kind, `${workspaceId}:${type}:${actor.actorId}`, { ...base, actorType: type, ...actor });
}

function common(r: { id?: string | null; workspace_id?: string | null; workspace_role_id: string }, workspaceId: string) {
  return { id: orNull(r.id), workspaceId: orNull(r.workspace_id) ?? workspaceId, workspaceRoleId: r.workspace_role_id };
}

const rawTeamMember = z.object({
  id: text,
  type: z.string().nullish(),
  handle: optText,
  email: optText,
  name: optText,
});

export const rawTeam = z.object({
  id: text,
  name: text,
  description: optText,
  workos_directory_group_id: optText,
  memberships: z.array(z.unknown()).nullish(),
});
export type RawTeam = z.infer<typeof rawTeam>;

export function parseTeam(raw: unknown): { ok: true; team: RawTeam } | { ok: false; reason: string } {
  const p = rawTeam.safeParse(raw);
  if (p.success) return { ok: true, team: p.data };
  const bad = fail('prefect_team', p.error);
  return { ok: false, reason: bad.ok ? '' : bad.reason };
}

export function mapTeam(t: RawTeam): Mapped {
  return record('prefect_team', t.id, {
    id: t.id,
    name: t.name,
    description: orNull(t.description),
    directoryGroupId: orNull(t.workos_directory_group_id),
  });
}

/**
 * A team membership as GET /teams/{id} lists it: `id` is the member's actor id (the id
 * DELETE .../members/{actor_id} takes), `type` is "user", or "bot"/"service_account".
 */
export function mapTeamMember(teamId: string, raw: unknown): Mapped {
  const p = rawTeamMember.safeParse(raw);
  if (!p.success) return fail('prefect_team_member', p.error);
  const m = p.data;
  const type = (m.type ?? '').toLowerCase();
  const memberType = type === 'user' ? 'user' : type === 'bot' || type === 'service_account' ? 'bot' : undefined;
  if (!memberType) return { ok: false, kind: 'prefect_team_member', reason: `type: unknown member type "${m.type ?? ''}"` };
  return record('prefect_team_member', `${teamId}:${m.id}`, {
    teamId,
    memberId: m.id,
    memberType,
    email: orNull(m.email)?.toLowerCase() ?? null,
    handle: orNull(m.handle),
  });
}

const rawBot = z.object({
  id: text,
  actor_id: optText,
  name: text,
  account_role_name: optText,
});

export function mapServiceAccount(raw: unknown): Mapped {
  const p = rawBot.safeParse(raw);
  if (!p.success) return fail('prefect_service_account', p.error);
  const b = p.data;
  return record('prefect_service_account', b.id, {
    id: b.id,
    actorId: orNull(b.actor_id),
    name: b.name,
    accountRoleName: orNull(b.account_role_name),
  });
}

const rawApiKey = z.object({ id: text, name: optText, created: optText, expiration: optText });
const rawBotKeys = z.object({ active_key: z.unknown().nullish(), rotating_keys: z.array(z.unknown()).nullish() });

/**
 * `GET .../bots/{id}/read_bot_api_keys` answers `{active_key, rotating_keys[]}`. Only id,
 * name, created and expiration are kept: a `key` or `masked_key` is never copied anywhere.
 */
export function mapBotApiKeys(serviceAccountId: string, raw: unknown): { shapeError?: string; mapped: Mapped[] } {
  const p = rawBotKeys.safeParse(raw);
  if (!p.success || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { shapeError: 'expected an object with active_key and rotating_keys', mapped: [] };
  }
  const keys = [...(p.data.active_key ? [p.data.active_key] : []), ...(p.data.rotating_keys ?? [])];
  const mapped = keys.map((k): Mapped => {
    const kp = rawApiKey.safeParse(k);
    if (!kp.success) return fail('prefect_api_key', kp.error);
    return record('prefect_api_key', kp.data.id, {
      id: kp.data.id,
      serviceAccountId,
      name: orNull(kp.data.name),
      created: orNull(kp.data.created),
      expiration: orNull(kp.data.expiration),
    });
  });
  return { mapped };
}

/** A raw item made safe for the quarantine table: key material masked whatever the field. */
export function quarantineRaw(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map(quarantineRaw);
  if (raw && typeof raw === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = /^(key|masked_key|secret|api_key_value|token)$/i.test(k) ? '[dropped]' : quarantineRaw(v);
    return out;
  }
  return raw;
}
