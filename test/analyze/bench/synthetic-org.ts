import type { Connector, SourceItem } from '../../../electron/collect/connector';
import type { SourceKind, SourceRecord } from '../../../shared/domain/records';

/**
 * A large synthetic organisation for the analysis benchmark: HR, one IdP with group
 * memberships and one Prefect account with teams, direct grants, defaults and service
 * accounts, streamed record by record. Mostly in order, with a few percent of problems
 * (leavers still active, dormant accounts, direct grants, old keys), as a real account has. `day` shifts a deterministic slice of people (churn),
 * so two days give a realistic diff.
 */
export interface SyntheticOrgOptions {
  people: number;
  groupsPerPerson: number;
  day: number;
  churnPerDay: number;
}

const GROUPS = 200;
const TEAMS = 12;
const WORKSPACES = ['prod', 'staging', 'dev', 'analytics'];

function personIndex(i: number, o: SyntheticOrgOptions): string {
  // People [0, churn*day) have left and been replaced by new ids.
  const churned = Math.floor(o.people * o.churnPerDay * o.day);
  return i < churned ? `p${i}-d${o.day}` : `p${i}`;
}

const rec = (record: SourceRecord): SourceItem => ({ type: 'record', record });

function connector(sourceId: string, kind: SourceKind, items: () => Generator<SourceItem>): Connector {
  return {
    sourceId,
    kind,
    async *read() {
      let n = 0;
      for (const item of items()) {
        yield item;
        n += 1;
      }
      return { complete: true, mode: 'full', pages: Math.ceil(n / 200), records: n, events: 0, notes: [] };
    },
  };
}

export function syntheticHr(o: SyntheticOrgOptions): Connector {
  return connector('hr', 'hr_csv', function* () {
    for (let i = 0; i < o.people; i++) {
      const id = personIndex(i, o);
      const terminated = i % 500 === 7;
      yield rec({
        kind: 'hr_employee',
        key: `E-${id}`,
        value: { employeeId: `E-${id}`, email: `${id}@corp.example`, name: `Person ${id}`, status: terminated ? 'terminated' : 'active', hireDate: '2022-01-10', terminationDate: terminated ? '2026-01-15' : null, department: `dept-${i % 11}` },
      });
    }
  });
}

export function syntheticIdp(o: SyntheticOrgOptions): Connector {
  return connector('okta', 'okta', function* () {
    for (let g = 0; g < GROUPS; g++) yield rec({ kind: 'idp_group', key: `g${g}`, value: { id: `g${g}`, name: g < TEAMS ? `prefect-team-${g}` : `group-${g}`, description: null } });
    for (let i = 0; i < o.people; i++) {
      const id = personIndex(i, o);
      const disabled = i % 500 === 7;
      yield rec({
        kind: 'idp_user',
        key: `u-${id}`,
        value: {
          id: `u-${id}`,
          userName: `${id}@corp.example`,
          email: `${id}@corp.example`,
          emails: [`${id}@corp.example`],
          displayName: `Person ${id}`,
          rawStatus: disabled ? 'DEPROVISIONED' : 'ACTIVE',
          lifecycle: disabled ? 'deprovisioned' : 'active',
          employeeId: `E-${id}`,
          department: null,
        },
      });
    }
    for (let i = 0; i < o.people; i++) {
      const id = personIndex(i, o);
      for (let k = 0; k < o.groupsPerPerson; k++) {
        const g = k === 0 ? i % TEAMS : TEAMS + ((i * 7 + k * 31) % (GROUPS - TEAMS));
        yield rec({ kind: 'idp_group_member', key: `g${g}:u-${id}`, value: { groupId: `g${g}`, memberId: `u-${id}`, memberType: 'user' } });
      }
    }
  });
}

export function syntheticPrefect(o: SyntheticOrgOptions, nowIso: string): Connector {
  const now = Date.parse(nowIso);
  return connector('prefect', 'prefect', function* () {
    for (const name of ['Owner', 'Admin', 'Member', 'Collaborator']) {
      yield rec({ kind: 'prefect_account_role', key: `ar-${name}`, value: { id: `ar-${name}`, name, permissions: [name], isSystemRole: true } });
    }
    for (const name of ['Owner', 'Developer', 'Runner', 'Viewer', 'Worker']) {
      yield rec({ kind: 'prefect_workspace_role', key: `wr-${name}`, value: { id: `wr-${name}`, name, scopes: [name], inheritedRoleId: null, builtIn: true } });
    }
    for (const [i, w] of WORKSPACES.entries()) {
      yield rec({ kind: 'prefect_workspace', key: `ws-${w}`, value: { id: `ws-${w}`, name: w, handle: w, defaultWorkspaceRoleId: i === 1 ? 'wr-Viewer' : i === 2 ? 'wr-Runner' : null, isPublic: false } });
    }
    for (let t = 0; t < TEAMS; t++) {
      yield rec({ kind: 'prefect_team', key: `t${t}`, value: { id: `t${t}`, name: `prefect-team-${t}`, description: null, directoryGroupId: `dg-${t}` } });
      yield rec({
        kind: 'prefect_workspace_access',
        key: `ws-prod:team:t${t}`,
        value: { id: null, workspaceId: 'ws-prod', actorType: 'team', actorId: `t${t}`, userId: null, email: null, name: `prefect-team-${t}`, workspaceRoleId: t === 0 ? 'wr-Developer' : 'wr-Runner' },
      });
      if (t % 2 === 0) {
        yield rec({
          kind: 'prefect_workspace_access',
          key: `ws-analytics:team:t${t}`,
          value: { id: null, workspaceId: 'ws-analytics', actorType: 'team', actorId: `t${t}`, userId: null, email: null, name: `prefect-team-${t}`, workspaceRoleId: 'wr-Viewer' },
        });
      }
    }
    for (let i = 0; i < o.people; i++) {
      const id = personIndex(i, o);
      const role = i % 1000 === 0 ? 'Admin' : 'Member';
      yield rec({
        kind: 'prefect_member',
        key: `m-${id}`,
        value: { id: `m-${id}`, actorId: `a-${id}`, userId: `u-${id}`, email: `${id}@corp.example`, handle: id, firstName: 'Person', lastName: id, accountRoleId: `ar-${role}`, accountRoleName: role, active: true },
      });
      yield rec({ kind: 'prefect_last_login', key: `m-${id}`, value: { membershipId: `m-${id}`, lastLogin: new Date(now - (i % 97 === 0 ? 200 : i % 60) * 86_400_000).toISOString() } });
      yield rec({ kind: 'prefect_team_member', key: `t${i % TEAMS}:a-${id}`, value: { teamId: `t${i % TEAMS}`, memberId: `a-${id}`, memberType: 'user', email: null, handle: null } });
      if (i % 100 === 3) {
        yield rec({
          kind: 'prefect_workspace_access',
          key: `ws-prod:user:a-${id}`,
          value: { id: `ua-${id}`, workspaceId: 'ws-prod', actorType: 'user', actorId: `a-${id}`, userId: `u-${id}`, email: null, name: id, workspaceRoleId: 'wr-Owner' },
        });
      }
    }
    for (let b = 0; b < 200; b++) {
      yield rec({ kind: 'prefect_service_account', key: `bot-${b}`, value: { id: `bot-${b}`, actorId: `bot-actor-${b}`, name: `bot-${b}`, accountRoleName: 'Member' } });
      yield rec({
        kind: 'prefect_workspace_access',
        key: `ws-prod:bot:bot-${b}`,
        value: { id: `ba-${b}`, workspaceId: 'ws-prod', actorType: 'bot', actorId: `bot-${b}`, userId: null, email: null, name: `bot-${b}`, workspaceRoleId: b % 50 === 0 ? 'wr-Owner' : 'wr-Runner' },
      });
      yield rec({
        kind: 'prefect_api_key',
        key: `key-${b}`,
        value: { id: `key-${b}`, serviceAccountId: `bot-${b}`, name: `key-${b}`, created: new Date(now - (b % 500) * 86_400_000).toISOString(), expiration: b % 7 === 0 ? null : new Date(now + 30 * 86_400_000).toISOString() },
      });
    }
  });
}
