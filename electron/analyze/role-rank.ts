import type { PrefectSourceView } from './snapshot-view';
import type { RoleInfo } from '../../shared/domain/analysis';
export type { RoleInfo };

/**
 * How strong a role is, so "the resulting role" of several grants is well defined.
 *
 * Workspace roles: the built-ins rank Owner 50 > Developer 40 > Runner 30 > Viewer 20 >
 * Worker 10. A custom role ranks one step above the role it inherits from (following the
 * inheritedRoleId chain, cycle-safe): it holds that role's scopes plus its own, so it is at
 * least as strong, and below the next built-in. A custom role that inherits nothing ranks one
 * step above the strongest built-in whose scopes it wholly contains (1 if none). Equal ranks
 * are broken by name, so the answer is deterministic.
 *
 * Account roles: Owner 40 > Admin 30 > Member 20 > Collaborator 10; a custom account role
 * ranks one step above the strongest system role whose permissions it wholly contains.
 */
export const BUILTIN_WORKSPACE_RANK: Readonly<Record<string, number>> = { Owner: 50, Developer: 40, Runner: 30, Viewer: 20, Worker: 10 };
export const BUILTIN_ACCOUNT_RANK: Readonly<Record<string, number>> = { Owner: 40, Admin: 30, Member: 20, Collaborator: 10 };

/** Account roles whose holders get full access to every workspace (apis.md, inferred). */
export const ADMIN_ACCOUNT_ROLES: ReadonlySet<string> = new Set(['Owner', 'Admin']);

/** Workspace role id -> name and rank, for one Prefect account. */
export function rankWorkspaceRoles(account: PrefectSourceView): Map<string, RoleInfo> {
  const roles = [...account.workspaceRoles.values()].map((f) => f.value);
  const byId = new Map(roles.map((r) => [r.id, r]));
  const builtIns = roles.filter((r) => r.builtIn && BUILTIN_WORKSPACE_RANK[r.name] !== undefined);
  const out = new Map<string, RoleInfo>();
  const visiting = new Set<string>();
  const rankOf = (id: string): number => {
    const done = out.get(id);
    if (done) return done.rank;
    const role = byId.get(id);
    if (!role) return 0;
    const builtin = role.builtIn ? BUILTIN_WORKSPACE_RANK[role.name] : undefined;
    let rank: number;
    if (builtin !== undefined) rank = builtin;
    else if (role.inheritedRoleId && byId.has(role.inheritedRoleId) && !visiting.has(id)) {
      visiting.add(id);
      rank = Math.min(rankOf(role.inheritedRoleId) + 1, ceilingAbove(rankOf(role.inheritedRoleId)));
      visiting.delete(id);
    } else {
      const scopes = new Set(role.scopes);
      const contained = builtIns.filter((b) => b.scopes.length > 0 && b.scopes.every((s) => scopes.has(s))).map((b) => BUILTIN_WORKSPACE_RANK[b.name]!);
      rank = contained.length ? Math.max(...contained) + 1 : 1;
    }
    out.set(id, { id, name: role.name, rank });
    return rank;
  };
  for (const r of roles) rankOf(r.id);
  return out;
}

/** A custom role never ranks at or above the next built-in. */
function ceilingAbove(rank: number): number {
  return Math.floor(rank / 10) * 10 + 9;
}

/** Account role name -> rank, for one Prefect account (names are what memberships carry). */
export function rankAccountRoles(account: PrefectSourceView): Map<string, number> {
  const roles = [...account.accountRoles.values()].map((f) => f.value);
  const system = roles.filter((r) => BUILTIN_ACCOUNT_RANK[r.name] !== undefined);
  const out = new Map<string, number>(Object.entries(BUILTIN_ACCOUNT_RANK));
  for (const r of roles) {
    if (BUILTIN_ACCOUNT_RANK[r.name] !== undefined) continue;
    const perms = new Set(r.permissions);
    const contained = system.filter((s) => s.permissions.length > 0 && s.permissions.every((p) => perms.has(p))).map((s) => BUILTIN_ACCOUNT_RANK[s.name]!);
    out.set(r.name, contained.length ? Math.max(...contained) + 1 : 1);
  }
  return out;
}

/** Rank of an account role by name when no account facts are at hand (policy checks). */
export function accountRoleRank(name: string | null | undefined, ranks?: Map<string, number>): number {
  if (!name) return 0;
  return ranks?.get(name) ?? BUILTIN_ACCOUNT_RANK[name] ?? 0;
}

/** Stronger first; equal ranks by name. */
export function compareRoles(a: { rank: number; name: string }, b: { rank: number; name: string }): number {
  return b.rank - a.rank || a.name.localeCompare(b.name);
}
