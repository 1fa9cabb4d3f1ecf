import { createHash } from 'node:crypto';
import { idFor, type OrgModel, type PrefectAuditEvent, type PrefectBot, type PrefectMember, type PrefectModel, type PrefectTeam } from '../../../electron/simulate/org/org-model';

/**
 * Hand-built organisations for the Prefect connector and simulator tests (the seeded
 * generator is written elsewhere): enough members to cross the 200 cap, several workspaces,
 * directory-synced and hand-made teams, service accounts with keys (one that never expires),
 * and an audit log spread over weeks.
 */
export interface PrefectOrgSpec {
  users?: number;
  bots?: number;
  workspaces?: number;
  auditDays?: number;
  auditPerDay?: number;
  retentionDays?: number;
  now?: string;
}

export const TEST_NOW = '2025-03-01T12:00:00.000Z';
const DAY = 86_400_000;

const pid = (s: string) => idFor('prefect', s);
const secretFor = (s: string) => `pnb_${createHash('sha256').update(`secret:${s}`).digest('hex').slice(0, 30)}`;

export function buildPrefectTestOrg(spec: PrefectOrgSpec = {}): OrgModel {
  const users = spec.users ?? 440;
  const botCount = spec.bots ?? 10;
  const workspaceCount = spec.workspaces ?? 3;
  const now = spec.now ?? TEST_NOW;
  const nowMs = Date.parse(now);
  const accountId = pid('account');

  const accountRoles = ['Owner', 'Admin', 'Member', 'Collaborator'].map((name) => ({
    id: pid(`account-role:${name}`),
    name,
    permissions: name === 'Owner' || name === 'Admin' ? ['administrate:account', 'read:account_memberships', 'write:account_memberships'] : name === 'Member' ? ['read:workspaces'] : [],
    isSystemRole: true,
  }));
  accountRoles.push({ id: pid('account-role:Auditor'), name: 'Auditor', permissions: ['read:account_memberships', 'read:audit_events'], isSystemRole: false });
  const role = (name: string) => accountRoles.find((r) => r.name === name)!.id;

  const workspaceRoles: PrefectModel['workspaceRoles'] = ['Owner', 'Developer', 'Runner', 'Viewer', 'Worker'].map((name) => ({
    id: pid(`workspace-role:${name}`),
    name,
    scopes: [`manage_${name.toLowerCase()}`, 'see_flows'],
    inheritedRoleId: null,
    accountId: null,
  }));
  workspaceRoles.push({ id: pid('workspace-role:Data Steward'), name: 'Data Steward', scopes: ['see_flows', 'manage_blocks'], inheritedRoleId: pid('workspace-role:Viewer'), accountId });
  const wsRole = (name: string) => workspaceRoles.find((r) => r.name === name)!.id;

  const wsNames = ['production', 'staging', 'analytics', 'sandbox', 'research'];
  const workspaces = Array.from({ length: workspaceCount }, (_, i) => {
    const name = wsNames[i] ?? `workspace-${i}`;
    return { id: pid(`workspace:${name}`), name, handle: name, defaultWorkspaceRoleId: i === 2 ? wsRole('Viewer') : null, isPublic: false };
  });

  const members: PrefectMember[] = [];
  const userAccess: PrefectModel['userAccess'] = [];
  for (let i = 0; i < users; i += 1) {
    const n = String(i).padStart(4, '0');
    const roleName = i === 0 ? 'Owner' : i <= 3 ? 'Admin' : i % 10 === 5 ? 'Collaborator' : i % 50 === 7 ? 'Auditor' : 'Member';
    const m: PrefectMember = {
      membershipId: pid(`membership:${n}`),
      actorId: pid(`actor:${n}`),
      userId: pid(`user:${n}`),
      personId: null,
      email: `user${n}@example.com`,
      handle: `user${n}`,
      firstName: `First${n}`,
      lastName: `Last${n}`,
      accountRoleId: role(roleName),
      active: i % 25 !== 24,
      lastLogin: i % 7 === 3 ? null : new Date(nowMs - (i % 60) * DAY).toISOString(),
      createdAt: new Date(nowMs - 400 * DAY + i * 60_000).toISOString(),
    };
    members.push(m);
    const first = workspaces[i % workspaceCount]!;
    userAccess.push({ id: pid(`user-access:${n}:${first.id}`), workspaceId: first.id, actorId: m.actorId, workspaceRoleId: i % 3 === 0 ? wsRole('Developer') : wsRole('Viewer') });
    if (roleName !== 'Collaborator' && i % 4 === 0 && workspaceCount > 1) {
      const second = workspaces[(i + 1) % workspaceCount]!;
      userAccess.push({ id: pid(`user-access:${n}:${second.id}`), workspaceId: second.id, actorId: m.actorId, workspaceRoleId: wsRole('Runner') });
    }
  }

  const bots: PrefectBot[] = [];
  const botAccess: PrefectModel['botAccess'] = [];
  for (let i = 0; i < botCount; i += 1) {
    const id = pid(`bot:${i}`);
    const keys = [
      {
        id: pid(`key:${i}:a`),
        name: `etl-${i}-key`,
        created: new Date(nowMs - (100 + i) * DAY).toISOString(),
        // The first service account's key never expires (a planted problem).
        expiration: i === 0 ? null : new Date(nowMs + (30 + i) * DAY).toISOString(),
        secret: secretFor(`${i}:a`),
      },
    ];
    if (i === 1) {
      keys.push({ id: pid(`key:${i}:b`), name: `etl-${i}-key-rotated`, created: new Date(nowMs - 2 * DAY).toISOString(), expiration: new Date(nowMs + 90 * DAY).toISOString(), secret: secretFor(`${i}:b`) });
    }
    bots.push({
      id,
      actorId: pid(`bot-actor:${i}`),
      name: `etl-runner-${i}`,
      accountRoleId: role('Member'),
      createdByActorId: members[1 + (i % Math.max(1, Math.min(3, users - 1)))]?.actorId ?? null,
      createdAt: new Date(nowMs - (200 + i) * DAY).toISOString(),
      apiKeys: keys,
    });
    botAccess.push({ id: pid(`bot-access:${i}`), workspaceId: workspaces[0]!.id, botId: id, workspaceRoleId: wsRole('Runner') });
  }

  const groups = ['data-engineering', 'analytics', 'platform'].map((name) => ({
    groupId: `g-${name}`,
    name,
    description: `${name} (IdP group)`,
    nestedGroupIds: [],
    updatedAt: now,
  }));
  const teamSpecs: { name: string; group: string | null; from: number; count: number; ws: number; role: string }[] = [
    { name: 'data-engineering', group: 'g-data-engineering', from: 4, count: 30, ws: 0, role: 'Developer' },
    { name: 'analytics', group: 'g-analytics', from: 40, count: 25, ws: 2 % workspaceCount, role: 'Viewer' },
    { name: 'platform', group: 'g-platform', from: 70, count: 12, ws: 1 % workspaceCount, role: 'Owner' },
    { name: 'contractors', group: null, from: 100, count: 6, ws: 1 % workspaceCount, role: 'Runner' },
  ];
  const teams: PrefectTeam[] = teamSpecs.map((t) => ({
    id: pid(`team:${t.name}`),
    name: t.name,
    description: t.group ? `Synced from ${t.name}` : 'Hand-made team',
    directoryGroupId: t.group,
    memberActorIds: members.slice(t.from, t.from + t.count).map((m) => m.actorId),
    workspaces: [{ workspaceId: workspaces[t.ws]!.id, workspaceRoleId: wsRole(t.role) }],
  }));
  const platform = teams.find((t) => t.name === 'platform');
  if (platform && bots[2]) platform.memberActorIds.push(bots[2].actorId);

  const auditEvents: PrefectAuditEvent[] = [];
  const days = spec.auditDays ?? 0;
  const perDay = spec.auditPerDay ?? 0;
  const kinds = ['account-membership.updated', 'workspace-access.created', 'api-key.rotated', 'team-membership.created', 'user.logged-in'];
  const total = days * perDay;
  for (let k = 0; k < total; k += 1) {
    // Evenly spaced back from now, 7 s off any whole minute so no event sits on a window edge.
    const occurred = new Date(nowMs - Math.floor(((k + 1) * DAY) / perDay) + 7_000).toISOString();
    const kind = kinds[k % kinds.length]!;
    const actor = members[k % Math.max(1, members.length)];
    auditEvents.push({
      id: pid(`audit:${k}`),
      occurred,
      event: `prefect-cloud.${kind}`,
      resourceId: `prefect-cloud.${kind.split('.')[0]}.${pid(`audit-target:${k}`)}`,
      resourceName: `target ${k}`,
      related: actor ? [{ id: `prefect-cloud.actor.${actor.actorId}`, role: 'actor', name: actor.email }] : [],
    });
  }

  return {
    seed: 1,
    now,
    version: 1,
    people: [],
    groups,
    prefect: {
      accountId,
      accountName: 'Example Co',
      auditLogRetentionDays: spec.retentionDays ?? 90,
      accountRoles,
      workspaceRoles,
      workspaces,
      members,
      teams,
      userAccess,
      bots,
      botAccess,
      auditEvents,
    },
    idpEvents: [],
    planted: [],
  };
}

/** Every secret the organisation holds, to prove none of them leaves the connector. */
export function allSecrets(org: OrgModel): string[] {
  return org.prefect.bots.flatMap((b) => b.apiKeys.map((k) => k.secret));
}
