import type { FactAsOf } from '../collect/store/fact-queries';
import { SLOTS, factSlot } from '../collect/store/fact-digest';
import type { Fact, PrefectSourceView, SnapshotView } from './snapshot-view';
import { pairKey, refOf, type FactRef } from './fact-ref';
import { ADMIN_ACCOUNT_ROLES, accountRoleRank, rankAccountRoles, rankWorkspaceRoles, type RoleInfo } from './role-rank';
import type { GrantKind, Grant, WorkspaceAccess, PrincipalAccess } from '../../shared/domain/analysis';
export type { GrantKind, Grant, WorkspaceAccess, PrincipalAccess };

export interface EffectiveAccess {
  principals: PrincipalAccess[];
  /** pairKey(source, actor id) for users; pairKey(source, bot id) and pairKey(source, bot actor id) for bots. */
  byActor: Map<string, PrincipalAccess>;
  /** pairKey(source, role id) -> role. */
  workspaceRoles: Map<string, RoleInfo>;
  /** pairKey(source, account role name) -> rank. */
  accountRoleRanks: Map<string, number>;
  workspaces: { sourceId: string; workspaceId: string; name: string; handle: string | null }[];
}

export interface AccessOptions {
  /** Account roles with implicit full access (default Owner, Admin). */
  adminAccountRoles?: ReadonlySet<string>;
  /** Account roles the workspace default role does not reach (default Collaborator). */
  noDefaultRoleFor?: ReadonlySet<string>;
}

const OWNER_FALLBACK: RoleInfo = { id: 'implicit:Owner', name: 'Owner', rank: 50 };

/** Computes every user's and service account's access, per Prefect account in the snapshot. */
export function computeEffectiveAccess(view: SnapshotView, options: AccessOptions = {}): EffectiveAccess {
  const result: EffectiveAccess = { principals: [], byActor: new Map(), workspaceRoles: new Map(), accountRoleRanks: new Map(), workspaces: [] };
  for (const account of view.prefect) accessForAccount(account, options, result);
  return result;
}

function accessForAccount(account: PrefectSourceView, options: AccessOptions, out: EffectiveAccess): void {
  const first = out.principals.length;
  collectPrincipals(account, options, out);
  // One stable order whatever order the store returned the facts in (open rows and unpacked
  // history interleave for a past collection): derived access keeps the same order.
  const sorted = out.principals.splice(first).map((p) => ({ p, ord: principalOrder(p) }));
  sorted.sort((a, b) => a.ord - b.ord || (a.p.fact.key < b.p.fact.key ? -1 : a.p.fact.key > b.p.fact.key ? 1 : 0));
  for (const { p } of sorted) out.principals.push(p);
}

/** A principal's place in every answer: users before bots, each in the store's (slot, key) order of their fact. */
export function principalOrder(p: Pick<PrincipalAccess, 'type' | 'fact'>): number {
  return (p.type === 'bot' ? SLOTS : 0) + factSlot(p.fact.key);
}

function collectPrincipals(account: PrefectSourceView, options: AccessOptions, out: EffectiveAccess): void {
  const admins = options.adminAccountRoles ?? ADMIN_ACCOUNT_ROLES;
  const noDefault = options.noDefaultRoleFor ?? new Set(['Collaborator']);
  const roles = rankWorkspaceRoles(account);
  const accountRanks = rankAccountRoles(account);
  for (const r of roles.values()) out.workspaceRoles.set(pairKey(account.sourceId, r.id), r);
  for (const [name, rank] of accountRanks) out.accountRoleRanks.set(pairKey(account.sourceId, name), rank);
  const ownerRole = [...roles.values()].find((r) => r.name === 'Owner' && r.rank === 50) ?? OWNER_FALLBACK;
  const roleOf = (id: string): RoleInfo => roles.get(id) ?? { id, name: `unknown role ${id}`, rank: 0 };
  const refs = new WeakMap<FactAsOf, FactRef>();
  const ref = (f: FactAsOf): FactRef => {
    let r = refs.get(f);
    if (!r) {
      r = refOf(f);
      refs.set(f, r);
    }
    return r;
  };

  const workspaces = [...account.workspaces.values()];
  for (const w of workspaces) out.workspaces.push({ sourceId: account.sourceId, workspaceId: w.value.id, name: w.value.name, handle: w.value.handle });

  // Index grants by grantee, and team memberships by member actor.
  const direct = new Map<string, Fact<'prefect_workspace_access'>[]>();
  const botGrants = new Map<string, Fact<'prefect_workspace_access'>[]>();
  const teamGrants = new Map<string, Fact<'prefect_workspace_access'>[]>();
  for (const a of account.workspaceAccess) {
    const target = a.value.actorType === 'user' ? direct : a.value.actorType === 'bot' ? botGrants : teamGrants;
    push(target, a.value.actorId, a);
  }
  const teamsOf = new Map<string, Fact<'prefect_team_member'>[]>();
  for (const tm of account.teamMembers) push(teamsOf, tm.value.memberId, tm);

  // Shared per account: the same default grant and team description serve every member.
  const defaultGrants: { workspaceId: string; grant: Grant }[] = [];
  for (const w of workspaces) {
    if (!w.value.defaultWorkspaceRoleId) continue;
    const role = roleOf(w.value.defaultWorkspaceRoleId);
    defaultGrants.push({ workspaceId: w.value.id, grant: { kind: 'default', roleId: role.id, roleName: role.name, rank: role.rank, team: null, evidence: [ref(w)] } });
  }
  const teamInfo = new Map<string, Grant['team']>();
  const teamOf = (teamId: string, fallbackName: string | null): Grant['team'] => {
    let info = teamInfo.get(teamId);
    if (!info) {
      const team = account.teams.get(teamId);
      info = { teamId, name: team?.value.name ?? fallbackName ?? teamId, directoryGroupId: team?.value.directoryGroupId ?? null };
      teamInfo.set(teamId, info);
    }
    return info;
  };

  const build = (
    principal: PrincipalAccess,
    directGrants: Fact<'prefect_workspace_access'>[],
    teamActorIds: string[],
    defaults: boolean,
    memberFact: FactAsOf,
  ): PrincipalAccess => {
    const perWorkspace = new Map<string, Grant[]>();
    const add = (workspaceId: string, grant: Grant) => {
      const list = perWorkspace.get(workspaceId);
      if (list) list.push(grant);
      else perWorkspace.set(workspaceId, [grant]);
    };
    for (const a of directGrants) {
      const role = roleOf(a.value.workspaceRoleId);
      add(a.value.workspaceId, { kind: 'direct', roleId: role.id, roleName: role.name, rank: role.rank, team: null, evidence: [ref(a)] });
    }
    for (const actorId of teamActorIds) {
      for (const tm of teamsOf.get(actorId) ?? NONE) {
        const team = account.teams.get(tm.value.teamId);
        for (const a of teamGrants.get(tm.value.teamId) ?? NONE) {
          const role = roleOf(a.value.workspaceRoleId);
          add(a.value.workspaceId, {
            kind: 'team',
            roleId: role.id,
            roleName: role.name,
            rank: role.rank,
            team: teamOf(tm.value.teamId, a.value.name),
            evidence: team ? [ref(a), ref(tm), ref(team)] : [ref(a), ref(tm)],
          });
        }
      }
    }
    if (defaults) for (const d of defaultGrants) add(d.workspaceId, d.grant);
    if (principal.accountRoleName && admins.has(principal.accountRoleName)) {
      const grant: Grant = { kind: 'account-admin', roleId: ownerRole.id, roleName: ownerRole.name, rank: ownerRole.rank, team: null, evidence: [ref(memberFact)] };
      for (const w of workspaces) add(w.value.id, grant);
    }
    const list: WorkspaceAccess[] = [];
    for (const [workspaceId, grants] of perWorkspace) {
      if (grants.length > 1) grants.sort(byStrength);
      const best = grants[0]!;
      const w = account.workspaces.get(workspaceId);
      list.push({
        workspaceId,
        workspaceName: w?.value.name ?? workspaceId,
        workspaceHandle: w?.value.handle ?? null,
        role: principal.active ? (roles.get(best.roleId) ?? (best.roleId === ownerRole.id ? ownerRole : { id: best.roleId, name: best.roleName, rank: best.rank })) : null,
        grants,
      });
    }
    if (list.length > 1) list.sort((a, b) => (a.workspaceName < b.workspaceName ? -1 : a.workspaceName > b.workspaceName ? 1 : 0));
    principal.workspaces = list;
    return principal;
  };

  const bots = [...account.serviceAccounts.values()];
  const botActors = new Set<string>();
  for (const b of bots) {
    botActors.add(b.value.id);
    if (b.value.actorId) botActors.add(b.value.actorId);
  }
  const botMembership = new Map<string, Fact<'prefect_member'>>();

  for (const f of account.members.values()) {
    const m = f.value;
    if (botActors.has(m.actorId)) {
      botMembership.set(m.actorId, f);
      continue;
    }
    const principal = build(
      {
        type: 'user',
        sourceId: account.sourceId,
        id: m.id,
        actorId: m.actorId,
        email: m.email,
        name: [m.firstName, m.lastName].filter(Boolean).join(' ') || m.handle,
        handle: m.handle,
        accountRoleName: m.accountRoleName,
        accountRoleRank: accountRoleRank(m.accountRoleName, accountRanks),
        active: m.active,
        workspaces: [],
        fact: ref(f),
      },
      direct.get(m.actorId) ?? [],
      [m.actorId],
      !(m.accountRoleName && noDefault.has(m.accountRoleName)),
      f,
    );
    out.principals.push(principal);
    out.byActor.set(pairKey(account.sourceId, m.actorId), principal);
  }

  for (const f of bots) {
    const b = f.value;
    const membership = (b.actorId ? botMembership.get(b.actorId) : undefined) ?? botMembership.get(b.id);
    const roleName = b.accountRoleName ?? membership?.value.accountRoleName ?? null;
    const actorIds = b.actorId && b.actorId !== b.id ? [b.id, b.actorId] : [b.id];
    const principal = build(
      {
        type: 'bot',
        sourceId: account.sourceId,
        id: b.id,
        actorId: b.actorId ?? b.id,
        email: null,
        name: b.name,
        handle: null,
        accountRoleName: roleName,
        accountRoleRank: accountRoleRank(roleName, accountRanks),
        active: membership ? membership.value.active : true,
        workspaces: [],
        fact: ref(f),
      },
      actorIds.flatMap((id) => botGrants.get(id) ?? []),
      actorIds,
      false,
      f,
    );
    out.principals.push(principal);
    for (const id of actorIds) out.byActor.set(pairKey(account.sourceId, id), principal);
  }
}

/** Among equal roles, show the most deliberate grant first. */
const KIND_ORDER: Record<GrantKind, number> = { direct: 0, team: 1, 'account-admin': 2, default: 3 };
const NONE: never[] = [];

/** Strongest first; equal ranks by role name, then the most deliberate kind (no allocation: runs per grant pair). */
function byStrength(a: Grant, b: Grant): number {
  return b.rank - a.rank || (a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : 0) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
