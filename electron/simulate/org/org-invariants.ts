import type { OrgModel } from './org-model';
import { resolvePlantedSubject } from './planted-kinds';

/**
 * Checks the organisation model is internally consistent: every reference resolves, ids and
 * addresses are unique, dates are ordered, events are sorted, directory-synced teams match their
 * groups. Returns the problems found (empty when sound). Tests run it after every evolve step;
 * a simulator can run it after applying a write. O(model size).
 */
export function checkOrgInvariants(org: OrgModel): string[] {
  const errors: string[] = [];
  const fail = (msg: string): void => {
    if (errors.length < 200) errors.push(msg);
  };
  const nowMs = Date.parse(org.now);
  if (Number.isNaN(nowMs)) fail(`now is not an ISO time: ${org.now}`);
  if (!Number.isInteger(org.version) || org.version < 0) fail(`version is not a whole number: ${org.version}`);
  const today = org.now.slice(0, 10);
  const notFuture = (what: string, iso: string | null): void => {
    if (iso !== null && Date.parse(iso) > nowMs) fail(`${what} is in the future: ${iso} > ${org.now}`);
  };

  // Groups.
  const groups = new Map(org.groups.map((g) => [g.groupId, g]));
  if (groups.size !== org.groups.length) fail('duplicate group ids');
  if (new Set(org.groups.map((g) => g.name)).size !== org.groups.length) fail('duplicate group names');
  for (const g of org.groups) {
    for (const n of g.nestedGroupIds) if (!groups.has(n)) fail(`group ${g.name} nests unknown group ${n}`);
    if (reachesItself(g.groupId, groups)) fail(`group ${g.name} is nested inside itself`);
  }

  // People.
  const people = new Map<string, (typeof org.people)[number]>();
  const employeeIds = new Set<string>();
  const addresses = new Map<string, string>();
  for (const p of org.people) {
    if (people.has(p.personId)) fail(`duplicate personId ${p.personId}`);
    people.set(p.personId, p);
    if (employeeIds.has(p.employeeId)) fail(`duplicate employeeId ${p.employeeId}`);
    employeeIds.add(p.employeeId);
    if (p.email !== p.email.toLowerCase()) fail(`${p.personId}: email not lower-case: ${p.email}`);
    for (const a of [p.email, ...p.aliases].map((x) => x.toLowerCase())) {
      const holder = addresses.get(a);
      if (holder && holder !== p.personId) fail(`address ${a} belongs to both ${holder} and ${p.personId}`);
      addresses.set(a, p.personId);
    }
    if ((p.hrStatus === 'terminated') !== (p.terminationDate !== null)) fail(`${p.personId}: hrStatus ${p.hrStatus} with terminationDate ${p.terminationDate}`);
    if (p.hireDate > today) fail(`${p.personId}: hired in the future (${p.hireDate})`);
    if (p.terminationDate && (p.terminationDate < p.hireDate || p.terminationDate > today)) fail(`${p.personId}: termination ${p.terminationDate} outside [${p.hireDate}, ${today}]`);
    if (p.hrStatus !== 'terminated' && (p.idpStatus === 'DEPROVISIONED' || p.idpStatus === 'SUSPENDED')) fail(`${p.personId}: employed but ${p.idpStatus} in the IdP`);
    if (new Set(p.groupIds).size !== p.groupIds.length) fail(`${p.personId}: duplicate group memberships`);
    for (const g of p.groupIds) if (!groups.has(g)) fail(`${p.personId}: member of unknown group ${g}`);
    notFuture(`${p.personId}.createdAt`, p.createdAt);
    notFuture(`${p.personId}.updatedAt`, p.updatedAt);
  }

  // Prefect structure.
  const pf = org.prefect;
  const accountRoles = new Map(pf.accountRoles.map((r) => [r.id, r]));
  const wsRoles = new Map(pf.workspaceRoles.map((r) => [r.id, r]));
  const workspaces = new Map(pf.workspaces.map((w) => [w.id, w]));
  if (accountRoles.size !== pf.accountRoles.length) fail('duplicate account role ids');
  for (const r of pf.workspaceRoles) {
    if (r.inheritedRoleId !== null && !wsRoles.has(r.inheritedRoleId)) fail(`workspace role ${r.name} inherits unknown role`);
    if (r.accountId !== null && r.accountId !== pf.accountId) fail(`workspace role ${r.name} belongs to another account`);
  }
  if (new Set(pf.workspaces.map((w) => w.handle)).size !== pf.workspaces.length) fail('duplicate workspace handles');
  for (const w of pf.workspaces) {
    if (w.defaultWorkspaceRoleId !== null && !wsRoles.has(w.defaultWorkspaceRoleId)) fail(`workspace ${w.handle} has an unknown default role`);
  }
  const grantOk = (what: string, workspaceId: string, roleId: string): void => {
    if (!workspaces.has(workspaceId)) fail(`${what}: unknown workspace ${workspaceId}`);
    if (!wsRoles.has(roleId)) fail(`${what}: unknown workspace role ${roleId}`);
  };

  // Members.
  const actors = new Map<string, (typeof pf.members)[number]>();
  const memberByPerson = new Map<string, (typeof pf.members)[number]>();
  const memberEmails = new Set<string>();
  const seenIds = new Set<string>();
  for (const m of pf.members) {
    for (const id of [m.membershipId, m.actorId, m.userId]) {
      if (seenIds.has(id)) fail(`member ${m.email}: id ${id} is not unique`);
      seenIds.add(id);
    }
    actors.set(m.actorId, m);
    if (!accountRoles.has(m.accountRoleId)) fail(`member ${m.email}: unknown account role`);
    if (m.personId !== null) {
      if (!people.has(m.personId)) fail(`member ${m.email}: unknown person ${m.personId}`);
      if (memberByPerson.has(m.personId)) fail(`person ${m.personId} has two memberships`);
      memberByPerson.set(m.personId, m);
    }
    const e = m.email.toLowerCase();
    if (memberEmails.has(e)) fail(`two members with email ${e}`);
    memberEmails.add(e);
    notFuture(`member ${m.email}.createdAt`, m.createdAt);
    notFuture(`member ${m.email}.lastLogin`, m.lastLogin);
  }

  // Bots.
  const botActors = new Set<string>();
  const bots = new Map(pf.bots.map((b) => [b.id, b]));
  const memberRole = pf.accountRoles.find((r) => r.name === 'Member')?.id;
  const keyIds = new Set<string>();
  for (const b of pf.bots) {
    if (botActors.has(b.actorId) || actors.has(b.actorId)) fail(`bot ${b.name}: actor id not unique`);
    botActors.add(b.actorId);
    if (b.accountRoleId !== memberRole) fail(`bot ${b.name}: a service account may only be a Member`);
    notFuture(`bot ${b.name}.createdAt`, b.createdAt);
    for (const k of b.apiKeys) {
      if (keyIds.has(k.id)) fail(`api key ${k.id} not unique`);
      keyIds.add(k.id);
      notFuture(`key ${k.name}.created`, k.created);
      if (k.expiration !== null && k.expiration <= k.created) fail(`key ${k.name} expires before it was created`);
    }
  }
  if (bots.size !== pf.bots.length) fail('duplicate bot ids');
  if (new Set(pf.bots.map((b) => b.name)).size !== pf.bots.length) fail('duplicate bot names');

  // Teams: references, and directory-synced teams mirror their groups.
  for (const t of pf.teams) {
    if (new Set(t.memberActorIds).size !== t.memberActorIds.length) fail(`team ${t.name}: duplicate members`);
    for (const a of t.memberActorIds) if (!actors.has(a) && !botActors.has(a)) fail(`team ${t.name}: unknown actor ${a}`);
    for (const w of t.workspaces) grantOk(`team ${t.name}`, w.workspaceId, w.workspaceRoleId);
    if (t.directoryGroupId === null) continue;
    const g = groups.get(t.directoryGroupId);
    if (!g) {
      fail(`team ${t.name}: unknown directory group ${t.directoryGroupId}`);
      continue;
    }
    if (g.name !== t.name) fail(`team ${t.name} is synced from a group named ${g.name}`);
    const inTeam = new Set(t.memberActorIds);
    for (const a of t.memberActorIds) {
      const m = actors.get(a);
      const person = m?.personId ? people.get(m.personId) : undefined;
      if (!person || !person.groupIds.includes(g.groupId)) fail(`team ${t.name}: ${m?.email ?? a} is not in the directory group`);
    }
    for (const [personId, m] of memberByPerson) {
      if (people.get(personId)?.groupIds.includes(g.groupId) && !inTeam.has(m.actorId)) fail(`team ${t.name}: ${m.email} is in the group but not the team`);
    }
  }

  // Grants.
  const grantKeys = new Set<string>();
  for (const a of pf.userAccess) {
    grantOk(`user access ${a.id}`, a.workspaceId, a.workspaceRoleId);
    if (!actors.has(a.actorId)) fail(`user access ${a.id}: unknown member actor ${a.actorId}`);
    const key = `${a.workspaceId}:${a.actorId}`;
    if (grantKeys.has(key) || grantKeys.has(a.id)) fail(`user access ${a.id}: duplicate grant`);
    grantKeys.add(key);
    grantKeys.add(a.id);
  }
  for (const a of pf.botAccess) {
    grantOk(`bot access ${a.id}`, a.workspaceId, a.workspaceRoleId);
    if (!bots.has(a.botId)) fail(`bot access ${a.id}: unknown bot ${a.botId}`);
  }

  // Events: sorted, not in the future, unique, resolvable.
  let prev = '';
  const uuids = new Set<string>();
  for (const e of org.idpEvents) {
    if (e.published < prev) fail(`idp events out of order at ${e.uuid}`);
    prev = e.published;
    if (uuids.has(e.uuid)) fail(`idp event ${e.uuid} not unique`);
    uuids.add(e.uuid);
    notFuture(`idp event ${e.uuid}`, e.published);
    if (e.personId !== null && !people.has(e.personId)) fail(`idp event ${e.uuid}: unknown person`);
    if (e.groupId !== null && !groups.has(e.groupId)) fail(`idp event ${e.uuid}: unknown group`);
  }
  prev = '';
  const auditIds = new Set<string>();
  for (const e of pf.auditEvents) {
    if (e.occurred < prev) fail(`audit events out of order at ${e.id}`);
    prev = e.occurred;
    if (auditIds.has(e.id)) fail(`audit event ${e.id} not unique`);
    auditIds.add(e.id);
    notFuture(`audit event ${e.id}`, e.occurred);
    if (!/^prefect-cloud\.[a-z-]+\.[a-z-]+$/.test(e.event)) fail(`audit event ${e.id}: odd name ${e.event}`);
    if (!e.resourceId.startsWith('prefect-cloud.')) fail(`audit event ${e.id}: odd resource ${e.resourceId}`);
  }

  // Planted problems point at something.
  for (const p of org.planted) {
    if (!resolvePlantedSubject(org, p)) fail(`planted ${p.kind}: subject ${p.subject} not found`);
  }
  return errors;
}

function reachesItself(start: string, groups: Map<string, { nestedGroupIds: string[] }>): boolean {
  const seen = new Set<string>();
  const stack = [...(groups.get(start)?.nestedGroupIds ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === start) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(groups.get(id)?.nestedGroupIds ?? []));
  }
  return false;
}
