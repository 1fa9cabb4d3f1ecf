import { createHash } from 'node:crypto';
import type { FactAsOf } from '../../collect/store/fact-queries';
import type { RecordKind } from '../../../shared/domain/records';
import type { AnalysisContext } from '../analysis-context';
import type { Fact, PrefectSourceView } from '../snapshot-view';
import { pairKey, type FactRef } from '../fact-ref';
import type { Identity } from '../identity/identity-types';
import { leaverStatus, type LeaverStatus } from '../identity/leaver-status';
import type { RoleInfo } from '../role-rank';
import type { Policy, PolicyMapping } from '../policy/policy-schema';
import type { StoredEvent } from '../stored-events';
import type { FindingHistory } from './finding-history';
import type { Evidence, Finding, FindingKind, FindingSubject, RuleId, Severity } from './finding-types';

/**
 * Everything a rule may look at, and the helpers that keep rules short: evidence from fact
 * references, the policy's view of a person, break-glass checks. Rules are pure functions of
 * this context: no SQL, no clock.
 */
export interface RuleContext extends AnalysisContext {
  policy: Policy;
  /** The collection's time (ms): "now" for every age and deadline. */
  now: number;
  history: FindingHistory;
  offboardingLookbackDays: number;
  isBreakGlass(emails: readonly (string | null | undefined)[]): boolean;
  /** Whether any address of the person or of their Prefect accounts is a break-glass account (cached). */
  isBreakGlassPerson(identity: Identity): boolean;
  /** leaverStatus, computed once per person per computation. */
  leaver(identity: Identity): LeaverStatus;
  /**
   * The policy mappings that apply to a person (by their IdP groups, nested ones included), in
   * policy order. People with the same set get the same array, so rules can memoise per set.
   */
  mappingsOf(identity: Identity): PolicyMapping[];
  /** An actor's team membership facts in one Prefect source (no allocation: the hot path). */
  teamMembershipsOf(sourceId: string, actorId: string): readonly Fact<'prefect_team_member'>[];
  /** Teams an actor is in (Prefect team member facts), for one Prefect source. */
  teamsOf(sourceId: string, actorId: string): { team: Fact<'prefect_team'> | undefined; membership: Fact<'prefect_team_member'> }[];
  prefectSource(sourceId: string): PrefectSourceView | undefined;
  /** A team by name (case-insensitive) in one Prefect source. */
  teamByName(sourceId: string, name: string): Fact<'prefect_team'> | undefined;
  /** A workspace named in the policy (by id, handle or name, case-insensitive) in one Prefect source. */
  workspaceByRef(sourceId: string, ref: string): Fact<'prefect_workspace'> | undefined;
  /** A workspace role by name (case-insensitive) in one Prefect source, with its rank. */
  workspaceRoleByName(sourceId: string, name: string): RoleInfo | undefined;
  /** A fact of this snapshot by its store key (indexed per source and kind on first use). */
  findFact(sourceId: string, kind: RecordKind, key: string): FactAsOf | undefined;
  /** Evidence for a fact (or a reference to one in this snapshot), with a readable excerpt of its value. */
  evidence(ref: FactRef | FactAsOf): Evidence;
  eventEvidence(event: Pick<StoredEvent, 'sourceId' | 'eventId' | 'occurredAt' | 'type'> & Partial<StoredEvent>): Evidence;
  finding(input: {
    rule: RuleId;
    kind: FindingKind;
    severity: Severity;
    title: string;
    subject: FindingSubject;
    /** What makes the subject unique for this kind (part of the stable id). */
    subjectKey: string;
    evidence: Evidence[];
    details?: Record<string, unknown>;
  }): Finding;
}

/** Fields shown for each kind of fact: enough to read the evidence without opening the store. */
const EXCERPT_FIELDS: Partial<Record<RecordKind, string[]>> = {
  idp_user: ['email', 'userName', 'rawStatus', 'lifecycle', 'employeeId'],
  idp_group: ['name'],
  idp_group_member: ['groupId', 'memberId', 'memberType'],
  hr_employee: ['employeeId', 'email', 'status', 'hireDate', 'terminationDate'],
  prefect_member: ['email', 'handle', 'accountRoleName', 'active'],
  prefect_last_login: ['lastLogin'],
  prefect_workspace: ['name', 'handle', 'defaultWorkspaceRoleId'],
  prefect_workspace_access: ['workspaceId', 'actorType', 'actorId', 'workspaceRoleId'],
  prefect_team: ['name', 'directoryGroupId'],
  prefect_team_member: ['teamId', 'memberId', 'memberType'],
  prefect_service_account: ['name', 'accountRoleName'],
  prefect_api_key: ['name', 'created', 'expiration', 'serviceAccountId'],
  prefect_account_role: ['name'],
  prefect_workspace_role: ['name', 'inheritedRoleId'],
};

const NO_TEAMS: readonly Fact<'prefect_team_member'>[] = [];
/** Team memberships by member actor, per Prefect source view: views are immutable, so this outlives one computation. */
const teamIndex = new WeakMap<PrefectSourceView, Map<string, Fact<'prefect_team_member'>[]>>();

/** The stable id of a finding: the same rule, kind and subject always hash the same. */
export function findingId(rule: RuleId, kind: FindingKind, subjectKey: string): string {
  return createHash('sha256').update(`${rule}\u0000${kind}\u0000${subjectKey}`).digest('hex').slice(0, 24);
}

export function buildRuleContext(base: AnalysisContext, policy: Policy, history: FindingHistory, offboardingLookbackDays: number): RuleContext {
  const { view } = base;
  const now = Date.parse(view.collection.finishedAt);
  const breakGlass = new Set(policy.breakGlassEmails.map((e) => e.toLowerCase()));
  const mappingsByName = new Map<string, PolicyMapping[]>();
  for (const m of policy.mappings) {
    const key = m.idpGroup.toLowerCase();
    mappingsByName.set(key, [...(mappingsByName.get(key) ?? []), m]);
  }
  // Policy groups resolved to group ids once per directory, so people's groups are looked up by id.
  const mappingsByGroup = new Map<string, Map<string, PolicyMapping[]>>();
  for (const idp of view.idp) {
    const byId = new Map<string, PolicyMapping[]>();
    for (const g of idp.groups.values()) {
      const found = mappingsByName.get(g.value.name.toLowerCase());
      if (found) byId.set(g.value.id, found);
    }
    mappingsByGroup.set(idp.sourceId, byId);
  }
  const mappingCache = new Map<Identity, PolicyMapping[]>();
  const mappingIndex = new Map(policy.mappings.map((m, i) => [m, i]));
  const internedSets = new Map<string, PolicyMapping[]>([['', []]]);
  const leaverCache = new Map<Identity, LeaverStatus>();
  const prefectById = new Map(view.prefect.map((p) => [p.sourceId, p]));
  const factIndex = new Map<string, Map<string, FactAsOf>>();
  const roleNames = new Map<string, Map<string, RoleInfo>>();
  const teamNames = new Map<string, Map<string, Fact<'prefect_team'>>>();

  const lookup = (ref: FactRef): FactAsOf | undefined => {
    // Most kinds are held in Maps by id, and their store key is that id: no index needed.
    const direct = byIdMap(base, ref.sourceId, ref.kind)?.get(ref.key);
    if (direct && direct.key === ref.key) return direct;
    const indexKey = pairKey(ref.sourceId, ref.kind);
    let index = factIndex.get(indexKey);
    if (!index) {
      index = new Map();
      for (const f of factsOfKind(base, ref.sourceId, ref.kind)) index.set(f.key, f);
      factIndex.set(indexKey, index);
    }
    return index.get(ref.key);
  };

  const ctx: RuleContext = {
    ...base,
    policy,
    now,
    history,
    offboardingLookbackDays,
    isBreakGlass: (emails) => breakGlass.size > 0 && emails.some((e) => !!e && breakGlass.has(e.toLowerCase())),
    isBreakGlassPerson: (identity) =>
      breakGlass.size > 0 && (identity.emails.some((e) => breakGlass.has(e)) || identity.prefect.some((l) => !!l.email && breakGlass.has(l.email.toLowerCase()))),
    leaver(identity) {
      let status = leaverCache.get(identity);
      if (!status) {
        status = leaverStatus(identity);
        leaverCache.set(identity, status);
      }
      return status;
    },
    mappingsOf(identity) {
      let found = mappingCache.get(identity);
      if (!found) {
        const own: PolicyMapping[] = [];
        for (const account of identity.idp) {
          const byId = mappingsByGroup.get(account.sourceId);
          if (!byId || byId.size === 0) continue;
          for (const g of account.groups) {
            const ms = byId.get(g.groupId);
            if (ms) for (const m of ms) if (!own.includes(m)) own.push(m);
          }
        }
        // One shared array per distinct set (in policy order), so rules can memoise per set.
        own.sort((a, b) => mappingIndex.get(a)! - mappingIndex.get(b)!);
        const key = own.map((m) => mappingIndex.get(m)).join(',');
        found = internedSets.get(key);
        if (!found) {
          found = own;
          internedSets.set(key, own);
        }
        mappingCache.set(identity, found);
      }
      return found;
    },
    teamMembershipsOf(sourceId, actorId) {
      const account = prefectById.get(sourceId);
      if (!account) return NO_TEAMS;
      let index = teamIndex.get(account);
      if (!index) {
        index = new Map();
        for (const tm of account.teamMembers) {
          const list = index.get(tm.value.memberId);
          if (list) list.push(tm);
          else index.set(tm.value.memberId, [tm]);
        }
        teamIndex.set(account, index);
      }
      return index.get(actorId) ?? NO_TEAMS;
    },
    teamsOf(sourceId, actorId) {
      const account = prefectById.get(sourceId);
      return ctx.teamMembershipsOf(sourceId, actorId).map((membership) => ({ team: account?.teams.get(membership.value.teamId), membership }));
    },
    prefectSource: (sourceId) => prefectById.get(sourceId),
    findFact: (sourceId, kind, key) => lookup({ sourceId, kind, key, validFrom: 0, validTo: null }),
    teamByName(sourceId, name) {
      let byName = teamNames.get(sourceId);
      if (!byName) {
        byName = new Map();
        for (const t of prefectById.get(sourceId)?.teams.values() ?? []) byName.set(t.value.name.toLowerCase(), t);
        teamNames.set(sourceId, byName);
      }
      return byName.get(name.toLowerCase());
    },
    workspaceByRef(sourceId, ref) {
      const account = prefectById.get(sourceId);
      if (!account) return undefined;
      const direct = account.workspaces.get(ref);
      if (direct) return direct;
      const lower = ref.toLowerCase();
      for (const w of account.workspaces.values()) {
        if (w.value.handle?.toLowerCase() === lower || w.value.name.toLowerCase() === lower) return w;
      }
      return undefined;
    },
    workspaceRoleByName(sourceId, name) {
      let byName = roleNames.get(sourceId);
      if (!byName) {
        byName = new Map();
        const prefix = pairKey(sourceId, '');
        for (const [key, role] of base.access.workspaceRoles) if (key.startsWith(prefix)) byName.set(role.name.toLowerCase(), role);
        roleNames.set(sourceId, byName);
      }
      return byName.get(name.toLowerCase());
    },
    evidence(ref) {
      const fact = 'value' in ref ? ref : lookup(ref);
      const fields = EXCERPT_FIELDS[ref.kind] ?? [];
      const excerpt: Record<string, unknown> = {};
      if (fact) for (const f of fields) excerpt[f] = (fact.value as Record<string, unknown>)[f];
      return { sourceId: ref.sourceId, kind: ref.kind, key: ref.key, collections: { from: ref.validFrom, to: ref.validTo }, excerpt };
    },
    eventEvidence(event) {
      return {
        sourceId: event.sourceId,
        kind: 'event',
        key: event.eventId,
        collections: null,
        occurredAt: event.occurredAt,
        excerpt: { type: event.type, actorId: event.actorId ?? null, actorName: event.actorName ?? null, targetIds: event.targetIds ?? [] },
      };
    },
    finding(input) {
      return {
        id: findingId(input.rule, input.kind, input.subjectKey),
        rule: input.rule,
        kind: input.kind,
        severity: input.severity,
        title: input.title,
        subject: input.subject,
        evidence: input.evidence,
        details: input.details ?? {},
        policyVersion: policy.version,
        collectionId: view.collection.id,
      };
    },
  };
  return ctx;
}

/** The view's Map for a kind whose facts are kept by id, if it is one. */
function byIdMap(base: AnalysisContext, sourceId: string, kind: RecordKind): Map<string, FactAsOf> | undefined {
  const { view } = base;
  switch (kind) {
    case 'idp_user':
      return view.idp.find((s) => s.sourceId === sourceId)?.users;
    case 'idp_group':
      return view.idp.find((s) => s.sourceId === sourceId)?.groups;
    case 'hr_employee':
      return view.hr.find((s) => s.sourceId === sourceId)?.employees;
    default: {
      const p = view.prefect.find((s) => s.sourceId === sourceId);
      if (!p) return undefined;
      const maps: Partial<Record<RecordKind, Map<string, FactAsOf>>> = {
        prefect_member: p.members,
        prefect_last_login: p.lastLogins,
        prefect_account_role: p.accountRoles,
        prefect_workspace: p.workspaces,
        prefect_workspace_role: p.workspaceRoles,
        prefect_team: p.teams,
        prefect_service_account: p.serviceAccounts,
      };
      return maps[kind];
    }
  }
}

function factsOfKind(base: AnalysisContext, sourceId: string, kind: RecordKind): FactAsOf[] {
  const { view } = base;
  const idp = view.idp.find((s) => s.sourceId === sourceId);
  if (idp) {
    if (kind === 'idp_user') return [...idp.users.values()];
    if (kind === 'idp_group') return [...idp.groups.values()];
    if (kind === 'idp_group_member') return idp.groupMembers;
    if (kind === 'idp_app_assignment') return idp.appAssignments;
  }
  const hr = view.hr.find((s) => s.sourceId === sourceId);
  if (hr && kind === 'hr_employee') return [...hr.employees.values()];
  const p = view.prefect.find((s) => s.sourceId === sourceId);
  if (p) {
    switch (kind) {
      case 'prefect_member':
        return [...p.members.values()];
      case 'prefect_last_login':
        return [...p.lastLogins.values()];
      case 'prefect_account_role':
        return [...p.accountRoles.values()];
      case 'prefect_workspace':
        return [...p.workspaces.values()];
      case 'prefect_workspace_role':
        return [...p.workspaceRoles.values()];
      case 'prefect_workspace_access':
        return p.workspaceAccess;
      case 'prefect_team':
        return [...p.teams.values()];
      case 'prefect_team_member':
        return p.teamMembers;
      case 'prefect_service_account':
        return [...p.serviceAccounts.values()];
      case 'prefect_api_key':
        return p.apiKeys;
      default:
        return [];
    }
  }
  return [];
}

/** Person subject for an identity (optionally about one of their memberships). */
export function identitySubject(identity: Identity, extra: Partial<FindingSubject> = {}): FindingSubject {
  return {
    type: 'identity',
    id: identity.identityId,
    sourceId: null,
    identityId: identity.identityId,
    email: identity.hr?.email ?? identity.emails[0] ?? null,
    name: identity.displayName,
    ...extra,
  };
}

/** Hours between two instants, one decimal. */
export function hoursBetween(fromMs: number, toMs: number): number {
  return Math.round(((toMs - fromMs) / 3_600_000) * 10) / 10;
}

export const DAY_MS = 86_400_000;
