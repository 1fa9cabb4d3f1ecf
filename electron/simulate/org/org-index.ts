import type {
  OrgGroup,
  OrgModel,
  OrgPerson,
  PrefectAccountRole,
  PrefectBot,
  PrefectMember,
  PrefectTeam,
  PrefectWorkspace,
  PrefectWorkspaceRole,
} from './org-model';
import { PREFECT_GROUP_MAPPINGS, type PrefectGroupMapping } from './org-layout';
import { plantedKind, type PlantedKind } from './planted-kinds';

/**
 * Lookup tables over an OrgModel, kept beside it (in a WeakMap) rather than in it, so the model
 * stays plain JSON while evolving one day costs O(changes) instead of O(people).
 *
 * The index is valid for one (model, version) pair: getOrgIndex() rebuilds it (O(people)) when
 * the model's version or its arrays changed behind its back, e.g. after a simulator's write
 * (which must bump org.version) or a JSON round-trip (a new object). The generator and
 * evolveOrg keep it in step themselves and stamp the version when they finish.
 *
 * The pending sets and the planted sets are pure functions of the model, so a rebuilt index
 * equals a maintained one, and evolution stays deterministic either way.
 */
export interface OrgIndex {
  version: number;
  peopleRef: OrgPerson[];
  membersRef: PrefectMember[];
  personById: Map<string, OrgPerson>;
  /** Lower-case primary addresses and aliases of everyone, leavers included (addresses are never reused). */
  personByEmail: Map<string, OrgPerson>;
  /** Lower-case emails of every Prefect member (also those nobody can place). */
  memberEmails: Set<string>;
  handles: Set<string>;
  groupById: Map<string, OrgGroup>;
  groupByName: Map<string, OrgGroup>;
  mappingByGroupId: Map<string, PrefectGroupMapping>;
  /** groupId -> direct member personIds; built on first use (groupMemberIds), then maintained. */
  groupMembers: Map<string, Set<string>> | null;
  memberByActorId: Map<string, PrefectMember>;
  memberByPersonId: Map<string, PrefectMember>;
  teamById: Map<string, PrefectTeam>;
  /** teamId -> (actor id -> position in memberActorIds), for O(1) membership tests and removal. */
  teamMembers: Map<string, Map<string, number>>;
  /** actorId -> position in prefect.members, for O(1) removal. */
  memberPos: Map<string, number>;
  teamByGroupId: Map<string, PrefectTeam>;
  accountRoleByName: Map<string, PrefectAccountRole>;
  accountRoleById: Map<string, PrefectAccountRole>;
  workspaceRoleByName: Map<string, PrefectWorkspaceRole>;
  workspaceByHandle: Map<string, PrefectWorkspace>;
  botById: Map<string, PrefectBot>;
  /** Planted subjects the churn leaves alone so the problem stays visible: people, and bots whose key is the subject (never rotated). */
  frozenPeople: Set<string>;
  frozenBots: Set<string>;
  /** personId -> planted kinds concerning that person. */
  plantedPeople: Map<string, Set<PlantedKind>>;
  /** People staged in the IdP and not yet activated. */
  pendingActivation: Set<string>;
  /** Eligible for a Prefect membership (active, in a mapped group) but without one yet. */
  pendingAdd: Set<string>;
  /** HR-terminated, IdP account not yet deprovisioned. */
  pendingDeprovision: Set<string>;
  /** HR-terminated, Prefect membership not yet removed by the directory sync. */
  pendingRemoval: Set<string>;
  onLeave: Set<string>;
  /** People not terminated (the headcount churn rates scale with). */
  employed: number;
}

const cache = new WeakMap<OrgModel, OrgIndex>();

/** The index of a model, rebuilt if the model changed without it. */
export function getOrgIndex(org: OrgModel): OrgIndex {
  const idx = cache.get(org);
  if (idx && idx.version === org.version && idx.peopleRef === org.people && idx.membersRef === org.prefect.members) {
    return idx;
  }
  const built = buildOrgIndex(org);
  cache.set(org, built);
  return built;
}

/** Marks the index as matching the model's current version (after the generator or evolveOrg changed both). */
export function stampOrgIndex(org: OrgModel, idx: OrgIndex): void {
  idx.version = org.version;
  idx.peopleRef = org.people;
  idx.membersRef = org.prefect.members;
  cache.set(org, idx);
}

/** Builds the index from scratch: O(people + members + groups). */
export function buildOrgIndex(org: OrgModel): OrgIndex {
  const p = org.prefect;
  const idx: OrgIndex = {
    version: org.version,
    peopleRef: org.people,
    membersRef: p.members,
    personById: new Map(),
    personByEmail: new Map(),
    memberEmails: new Set(),
    handles: new Set(),
    groupById: new Map(org.groups.map((g) => [g.groupId, g])),
    groupByName: new Map(org.groups.map((g) => [g.name, g])),
    mappingByGroupId: new Map(),
    groupMembers: null,
    memberByActorId: new Map(),
    memberByPersonId: new Map(),
    teamById: new Map(p.teams.map((t) => [t.id, t])),
    teamMembers: new Map(p.teams.map((t) => [t.id, positions(t.memberActorIds)])),
    memberPos: positions(p.members.map((m) => m.actorId)),
    teamByGroupId: new Map(),
    accountRoleByName: new Map(p.accountRoles.map((r) => [r.name, r])),
    accountRoleById: new Map(p.accountRoles.map((r) => [r.id, r])),
    workspaceRoleByName: new Map(p.workspaceRoles.map((r) => [r.name, r])),
    workspaceByHandle: new Map(p.workspaces.map((w) => [w.handle, w])),
    botById: new Map(p.bots.map((b) => [b.id, b])),
    frozenPeople: new Set(),
    frozenBots: new Set(),
    plantedPeople: new Map(),
    pendingActivation: new Set(),
    pendingAdd: new Set(),
    pendingDeprovision: new Set(),
    pendingRemoval: new Set(),
    onLeave: new Set(),
    employed: 0,
  };
  for (const m of PREFECT_GROUP_MAPPINGS) {
    const g = idx.groupByName.get(m.group);
    if (g) idx.mappingByGroupId.set(g.groupId, m);
  }
  for (const t of p.teams) if (t.directoryGroupId) idx.teamByGroupId.set(t.directoryGroupId, t);
  for (const person of org.people) {
    idx.personById.set(person.personId, person);
    idx.personByEmail.set(person.email, person);
    for (const a of person.aliases) idx.personByEmail.set(a.toLowerCase(), person);
    if (person.hrStatus !== 'terminated') idx.employed++;
  }
  for (const m of p.members) indexMember(idx, m);
  indexPlanted(org, idx);
  for (const person of org.people) refreshPending(idx, person);
  return idx;
}

function positions(ids: string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

/**
 * Removes an element from an array in O(1) by moving the last element into its place, keeping
 * the position map in step. Order is not meaningful in these lists; the result is still
 * deterministic (and a rebuilt index derives the same positions from the array).
 */
export function swapRemove<T>(list: T[], pos: Map<string, number>, id: string, idOf: (item: T) => string): boolean {
  const i = pos.get(id);
  if (i === undefined) return false;
  const last = list.pop() as T;
  pos.delete(id);
  if (i < list.length) {
    list[i] = last;
    pos.set(idOf(last), i);
  }
  return true;
}

/** Appends a member to the model and the index. */
export function appendMember(org: OrgModel, idx: OrgIndex, m: PrefectMember): void {
  idx.memberPos.set(m.actorId, org.prefect.members.length);
  org.prefect.members.push(m);
  indexMember(idx, m);
}

/** Removes a member from the model and the index in O(1). */
export function removeMemberRecord(org: OrgModel, idx: OrgIndex, m: PrefectMember): void {
  swapRemove(org.prefect.members, idx.memberPos, m.actorId, (x) => x.actorId);
  unindexMember(idx, m);
}

export function teamPositions(idx: OrgIndex, team: PrefectTeam): Map<string, number> {
  let pos = idx.teamMembers.get(team.id);
  if (!pos) idx.teamMembers.set(team.id, (pos = positions(team.memberActorIds)));
  return pos;
}

export function indexMember(idx: OrgIndex, m: PrefectMember): void {
  idx.memberByActorId.set(m.actorId, m);
  if (m.personId) idx.memberByPersonId.set(m.personId, m);
  idx.memberEmails.add(m.email.toLowerCase());
  idx.handles.add(m.handle);
}

export function unindexMember(idx: OrgIndex, m: PrefectMember): void {
  idx.memberByActorId.delete(m.actorId);
  if (m.personId && idx.memberByPersonId.get(m.personId) === m) idx.memberByPersonId.delete(m.personId);
  idx.memberEmails.delete(m.email.toLowerCase());
  idx.handles.delete(m.handle);
}

/** Recomputes which planted subjects the churn must leave alone (called after planting). */
export function indexPlanted(org: OrgModel, idx: OrgIndex): void {
  idx.frozenPeople.clear();
  idx.frozenBots.clear();
  idx.plantedPeople.clear();
  const freezePerson = (personId: string | null | undefined, kind: PlantedKind): void => {
    if (!personId) return;
    idx.frozenPeople.add(personId);
    let kinds = idx.plantedPeople.get(personId);
    if (!kinds) idx.plantedPeople.set(personId, (kinds = new Set()));
    kinds.add(kind);
  };
  for (const problem of org.planted) {
    const kind = plantedKind(problem);
    switch (kind) {
      case 'direct-grant-bypass': {
        const access = org.prefect.userAccess.find((a) => a.id === problem.subject);
        freezePerson(access ? idx.memberByActorId.get(access.actorId)?.personId : null, kind);
        break;
      }
      case 'key-without-expiry':
      case 'key-too-old': {
        const bot = org.prefect.bots.find((b) => b.apiKeys.some((k) => k.id === problem.subject));
        if (bot) idx.frozenBots.add(bot.id);
        break;
      }
      case 'bot-owned-by-leaver':
      case 'bot-admin-role':
      case 'unknown-account':
        break;
      default:
        freezePerson(problem.subject, kind);
    }
  }
}

export function hasPlanted(idx: OrgIndex, personId: string, kind: PlantedKind): boolean {
  return idx.plantedPeople.get(personId)?.has(kind) ?? false;
}

export function isPrefectGroup(idx: OrgIndex, groupId: string): boolean {
  return idx.mappingByGroupId.has(groupId);
}

export function inAnyPrefectGroup(idx: OrgIndex, person: OrgPerson): boolean {
  return person.groupIds.some((g) => idx.mappingByGroupId.has(g));
}

/** Puts a person in (or out of) the pending sets their current state calls for. O(groups of the person). */
export function refreshPending(idx: OrgIndex, person: OrgPerson): void {
  const id = person.personId;
  const terminated = person.hrStatus === 'terminated';
  const idpLive = person.idpStatus === 'ACTIVE' || person.idpStatus === 'STAGED' || person.idpStatus === 'PROVISIONED';
  const member = idx.memberByPersonId.get(id);
  setIf(idx.pendingActivation, id, !terminated && person.idpStatus === 'STAGED');
  setIf(idx.pendingDeprovision, id, terminated && idpLive);
  setIf(idx.pendingRemoval, id, terminated && !!member && !hasPlanted(idx, id, 'leaver-still-active'));
  setIf(
    idx.pendingAdd,
    id,
    !terminated &&
      person.idpStatus === 'ACTIVE' &&
      !member &&
      inAnyPrefectGroup(idx, person) &&
      !hasPlanted(idx, id, 'expected-access-missing'),
  );
  setIf(idx.onLeave, id, person.hrStatus === 'leave');
}

function setIf(set: Set<string>, id: string, on: boolean): void {
  if (on) set.add(id);
  else set.delete(id);
}

/**
 * Direct members of an IdP group (personIds), from the index: for simulators that serve
 * /groups/{id}/users per request. Built on first use (O(memberships)), then kept current by
 * the generator and evolveOrg. Treat the returned set as read-only.
 */
export function groupMemberIds(org: OrgModel, groupId: string): ReadonlySet<string> {
  const idx = getOrgIndex(org);
  if (!idx.groupMembers) {
    const map = new Map<string, Set<string>>();
    for (const g of org.groups) map.set(g.groupId, new Set());
    for (const person of org.people) for (const g of person.groupIds) map.get(g)?.add(person.personId);
    idx.groupMembers = map;
  }
  return idx.groupMembers.get(groupId) ?? new Set();
}

/** Sorted copy of a set: pending work is processed in a canonical order so evolution is deterministic. */
export function sortedIds(set: ReadonlySet<string>): string[] {
  return [...set].sort();
}
