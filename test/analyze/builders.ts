import { openDatabase, type Db } from '../../electron/db/open-database';
import { allMigrations } from '../../electron/db/migrations';
import { runCollection, type CollectionDeps } from '../../electron/collect/run-collection';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import type { SourceItem } from '../../electron/collect/connector';
import type { IdpLifecycle, RecordKind, RecordValue, SourceEvent, SourceKind, SourceRecord } from '../../shared/domain/records';
import { fakeConnector } from '../collect/runner/fake-connector';
import { noHttp } from '../fixtures/no-http';

/**
 * Builders for analysis tests: an in-memory database with migration 004, one call per
 * collection (with the clock set), and terse constructors for every record kind. Histories
 * are made by the real collection runner over fake connectors, so the intervals are exactly
 * what production writes.
 */
export interface Harness {
  db: Db;
  clock: ManualClock;
  deps: CollectionDeps;
}


export function harness(start = '2026-05-01T06:00:00.000Z'): Harness {
  return harnessOn(openDatabase(':memory:', { migrations: allMigrations }), new ManualClock(start));
}

/** The same, over a database and clock someone else opened (a service's core). */
export function harnessOn(db: Db, clock: ManualClock): Harness {
  return { db, clock, deps: { db, clock, logger: silentLogger, createHttpClient: noHttp } };
}

export interface SourceScript {
  id: string;
  kind: SourceKind;
  items: SourceItem[];
  /** Degraded: the connector cannot vouch it saw everything. Failed: it throws. */
  outcome?: 'complete' | 'degraded' | 'failed';
}

/** Runs one collection at `at` (ISO) over the scripted sources; returns its id and status. */
export async function collect(h: Harness, at: string, sources: SourceScript[]): Promise<{ id: number; status: string }> {
  h.clock.set(at);
  const connectors = sources.map((s) =>
    fakeConnector(s.id, s.kind, {
      items: s.items,
      ...(s.outcome === 'degraded' ? { verdict: { complete: false } } : {}),
      ...(s.outcome === 'failed' ? { failAfter: { items: 0, error: new Error('page 1: connection reset') } } : {}),
    }),
  );
  const outcome = await runCollection(h.deps, connectors, { trigger: 'test', actor: 'tester' });
  return { id: outcome.collectionId, status: outcome.status };
}

export function rec<K extends RecordKind>(kind: K, key: string, value: RecordValue<K>): SourceItem {
  return { type: 'record', record: { kind, key, value } as SourceRecord };
}

export function idpUser(
  id: string,
  email: string,
  opts: { lifecycle?: IdpLifecycle; emails?: string[]; userName?: string; employeeId?: string | null; displayName?: string } = {},
): SourceItem {
  const lifecycle = opts.lifecycle ?? 'active';
  const raw = { active: 'ACTIVE', staged: 'STAGED', suspended: 'SUSPENDED', deprovisioned: 'DEPROVISIONED' }[lifecycle];
  return rec('idp_user', id, {
    id,
    userName: opts.userName ?? email,
    email,
    emails: opts.emails ?? [email],
    displayName: opts.displayName ?? email.split('@')[0]!,
    rawStatus: raw,
    lifecycle,
    employeeId: opts.employeeId ?? null,
    department: null,
  });
}

export function idpGroup(id: string, name: string): SourceItem {
  return rec('idp_group', id, { id, name, description: null });
}

export function groupMember(groupId: string, memberId: string, memberType: 'user' | 'group' = 'user'): SourceItem {
  return rec('idp_group_member', `${groupId}:${memberId}`, { groupId, memberId, memberType });
}

export function hrEmployee(
  employeeId: string,
  email: string,
  opts: { status?: 'active' | 'leave' | 'terminated'; hireDate?: string; terminationDate?: string | null; name?: string } = {},
): SourceItem {
  return rec('hr_employee', employeeId, {
    employeeId,
    email,
    name: opts.name ?? email.split('@')[0]!,
    status: opts.status ?? 'active',
    hireDate: opts.hireDate ?? '2024-01-15',
    terminationDate: opts.terminationDate ?? null,
    department: 'Data',
  });
}

/** Built-in roles (ids wr-owner... and ar-owner...) and three workspaces: prod (no default), staging (default Viewer), dev (default Runner). */
export function prefectBase(extra: { customRoles?: { id: string; name: string; inherits: string | null; scopes?: string[] }[] } = {}): SourceItem[] {
  const items: SourceItem[] = [];
  for (const name of ['Owner', 'Admin', 'Member', 'Collaborator']) {
    items.push(rec('prefect_account_role', `ar-${name.toLowerCase()}`, { id: `ar-${name.toLowerCase()}`, name, permissions: [`perm:${name}`], isSystemRole: true }));
  }
  const scopes: Record<string, string[]> = {
    Owner: ['see', 'run', 'write', 'manage', 'admin'],
    Developer: ['see', 'run', 'write', 'manage'],
    Runner: ['see', 'run'],
    Viewer: ['see'],
    Worker: ['see_workers', 'write_workers'],
  };
  for (const [name, s] of Object.entries(scopes)) {
    items.push(rec('prefect_workspace_role', `wr-${name.toLowerCase()}`, { id: `wr-${name.toLowerCase()}`, name, scopes: s, inheritedRoleId: null, builtIn: true }));
  }
  for (const c of extra.customRoles ?? []) {
    items.push(rec('prefect_workspace_role', c.id, { id: c.id, name: c.name, scopes: c.scopes ?? ['extra'], inheritedRoleId: c.inherits, builtIn: false }));
  }
  items.push(workspace('ws-prod', 'Production', 'prod', null));
  items.push(workspace('ws-staging', 'Staging', 'staging', 'wr-viewer'));
  items.push(workspace('ws-dev', 'Development', 'dev', 'wr-runner'));
  return items;
}

export function workspace(id: string, name: string, handle: string, defaultRoleId: string | null): SourceItem {
  return rec('prefect_workspace', id, { id, name, handle, defaultWorkspaceRoleId: defaultRoleId, isPublic: false });
}

/** A user membership: id m-<x>, actor a-<x>. Role by name (Owner/Admin/Member/Collaborator). */
export function member(
  x: string,
  email: string | null,
  opts: { role?: string; active?: boolean; handle?: string | null; firstName?: string; lastName?: string } = {},
): SourceItem {
  const role = opts.role ?? 'Member';
  return rec('prefect_member', `m-${x}`, {
    id: `m-${x}`,
    actorId: `a-${x}`,
    userId: `u-${x}`,
    email,
    handle: opts.handle === undefined ? x : opts.handle,
    firstName: opts.firstName ?? x,
    lastName: opts.lastName ?? null,
    accountRoleId: `ar-${role.toLowerCase()}`,
    accountRoleName: role,
    active: opts.active ?? true,
  });
}

export function lastLogin(x: string, at: string | null): SourceItem {
  return rec('prefect_last_login', `m-${x}`, { membershipId: `m-${x}`, lastLogin: at });
}

export function userAccess(workspaceId: string, x: string, roleId: string): SourceItem {
  return rec('prefect_workspace_access', `${workspaceId}:user:a-${x}`, {
    id: `ua-${workspaceId}-${x}`,
    workspaceId,
    actorType: 'user',
    actorId: `a-${x}`,
    userId: `u-${x}`,
    email: null,
    name: x,
    workspaceRoleId: roleId,
  });
}

export function teamAccess(workspaceId: string, teamId: string, roleId: string): SourceItem {
  return rec('prefect_workspace_access', `${workspaceId}:team:${teamId}`, {
    id: null,
    workspaceId,
    actorType: 'team',
    actorId: teamId,
    userId: null,
    email: null,
    name: teamId,
    workspaceRoleId: roleId,
  });
}

export function botAccess(workspaceId: string, botId: string, roleId: string): SourceItem {
  return rec('prefect_workspace_access', `${workspaceId}:bot:${botId}`, {
    id: `ba-${workspaceId}-${botId}`,
    workspaceId,
    actorType: 'bot',
    actorId: botId,
    userId: null,
    email: null,
    name: botId,
    workspaceRoleId: roleId,
  });
}

export function team(id: string, name: string, directoryGroupId: string | null = null): SourceItem {
  return rec('prefect_team', id, { id, name, description: null, directoryGroupId });
}

export function teamMember(teamId: string, x: string, memberType: 'user' | 'bot' = 'user'): SourceItem {
  const memberId = memberType === 'user' ? `a-${x}` : x;
  return rec('prefect_team_member', `${teamId}:${memberId}`, { teamId, memberId, memberType, email: null, handle: null });
}

export function bot(id: string, name: string, role = 'Member'): SourceItem {
  return rec('prefect_service_account', id, { id, actorId: `actor-${id}`, name, accountRoleName: role });
}

export function apiKey(id: string, botId: string, created: string | null, expiration: string | null): SourceItem {
  return rec('prefect_api_key', id, { id, serviceAccountId: botId, name: id, created, expiration });
}

export function event(e: Partial<SourceEvent> & Pick<SourceEvent, 'id' | 'occurredAt' | 'type'>): SourceItem {
  return { type: 'event', event: { actorId: null, actorName: null, targetIds: [], detail: {}, ...e } };
}

/** A Prefect audit event that a service account was created by a member (actor id and email). */
export function botCreated(botId: string, at: string, creatorActorId: string, creatorEmail: string): SourceItem {
  return event({
    id: `ev-bot-${botId}`,
    occurredAt: at,
    type: 'prefect-cloud.service-account.created',
    actorId: creatorActorId,
    actorName: creatorEmail,
    targetIds: [`prefect-cloud.service-account.${botId}`],
    detail: { resourceId: `prefect-cloud.service-account.${botId}`, resourceName: botId, related: [] },
  });
}

export const DAY = 86_400_000;

/** ISO time `days` after `base`. */
export function plusDays(base: string, days: number): string {
  return new Date(Date.parse(base) + days * DAY).toISOString();
}
