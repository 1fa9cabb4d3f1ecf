import { createHash } from 'node:crypto';
import { idFor, type IdpStatus, type OrgGroup, type OrgModel, type OrgPerson } from '../org/org-model';

/**
 * Entra's view of the organisation: which people exist as users (and whether they can sign
 * in), which groups exist and who is directly in them. Pure rendering from the OrgModel, so
 * every endpoint of the simulator agrees with every other and with the other simulators.
 *
 * Decisions (documented for the demo and the tests):
 * - accountEnabled is true for ACTIVE and PROVISIONED (the account exists and may sign in) and
 *   false for STAGED (HR-driven provisioning creates future hires disabled until their start
 *   date), SUSPENDED and DEPROVISIONED.
 * - A person who is terminated in HR and DEPROVISIONED in the IdP, with no IdP change for more
 *   than 30 days (their `updatedAt`), has been deleted from Entra (the usual "disable, then
 *   delete after 30 days" offboarding): no user object, no group memberships.
 */
export const DELETE_AFTER_DAYS = 30;

export type MemberRef = { id: string; type: 'user' | 'group' };

export interface EntraUserView {
  id: string;
  person: OrgPerson;
}

export interface EntraGroupView {
  id: string;
  group: OrgGroup;
  /** Direct members: users first (in people order), then nested groups. */
  members: MemberRef[];
}

export interface EntraView {
  users: EntraUserView[];
  usersById: Map<string, EntraUserView>;
  groups: EntraGroupView[];
  groupsById: Map<string, EntraGroupView>;
}

export function accountEnabledFor(status: IdpStatus): boolean {
  return status === 'ACTIVE' || status === 'PROVISIONED';
}

export function isDeletedInEntra(person: OrgPerson, nowMs: number): boolean {
  if (person.hrStatus !== 'terminated' || person.idpStatus !== 'DEPROVISIONED') return false;
  const since = Date.parse(person.updatedAt);
  return Number.isFinite(since) && nowMs - since > DELETE_AFTER_DAYS * 86_400_000;
}

/**
 * Builds the view; cached per (org.version, org.now, the arrays) because a paging client asks many times
 * for the same state. Whoever changes the org must bump `version` (the OrgModel contract).
 */
export function createViewCache(org: OrgModel): () => EntraView {
  let cached: { version: number; now: string; people: OrgPerson[]; groups: OrgGroup[]; view: EntraView } | undefined;
  return () => {
    const c = cached;
    if (c && c.version === org.version && c.now === org.now && c.people === org.people && c.groups === org.groups) return c.view;
    const view = renderView(org);
    cached = { version: org.version, now: org.now, people: org.people, groups: org.groups, view };
    return view;
  };
}

export function renderView(org: OrgModel): EntraView {
  const nowMs = Date.parse(org.now);
  const users: EntraUserView[] = [];
  const membersOf = new Map<string, MemberRef[]>();
  for (const group of org.groups) membersOf.set(group.groupId, []);
  for (const person of org.people) {
    if (isDeletedInEntra(person, nowMs)) continue;
    const id = idFor('entra', person.personId);
    users.push({ id, person });
    for (const groupId of new Set(person.groupIds)) membersOf.get(groupId)?.push({ id, type: 'user' });
  }
  const groups: EntraGroupView[] = org.groups.map((group) => {
    const members = membersOf.get(group.groupId) ?? [];
    for (const nested of new Set(group.nestedGroupIds)) {
      if (membersOf.has(nested) && nested !== group.groupId) members.push({ id: idFor('entra', nested), type: 'group' });
    }
    return { id: idFor('entra', group.groupId), group, members };
  });
  return {
    users,
    usersById: new Map(users.map((u) => [u.id, u])),
    groups,
    groupsById: new Map(groups.map((g) => [g.id, g])),
  };
}

/** Every property the simulator knows for a user, as Graph names them. */
export function userProperties(user: EntraUserView): Record<string, unknown> {
  const p = user.person;
  return {
    id: user.id,
    accountEnabled: accountEnabledFor(p.idpStatus),
    businessPhones: [],
    createdDateTime: p.createdAt,
    department: p.department || null,
    displayName: `${p.givenName} ${p.familyName}`,
    employeeId: p.employeeId || null,
    givenName: p.givenName,
    jobTitle: null,
    mail: p.email,
    mailNickname: p.email.split('@')[0] ?? p.email,
    mobilePhone: null,
    officeLocation: null,
    otherMails: [],
    preferredLanguage: null,
    proxyAddresses: [`SMTP:${p.email}`, ...p.aliases.map((a) => `smtp:${a}`)],
    surname: p.familyName,
    userPrincipalName: p.email,
    userType: 'Member',
  };
}

export function groupProperties(group: EntraGroupView): Record<string, unknown> {
  const g = group.group;
  return {
    id: group.id,
    createdDateTime: g.updatedAt,
    description: g.description,
    displayName: g.name,
    groupTypes: [],
    mail: null,
    mailEnabled: false,
    mailNickname: g.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    securityEnabled: true,
  };
}

/** What `GET /users` returns without $select: accountEnabled is not among them (a classic trap). */
export const USER_DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const USER_PROPERTY_NAMES = [
  'id',
  'accountEnabled',
  'businessPhones',
  'createdDateTime',
  'department',
  'displayName',
  'employeeId',
  'givenName',
  'jobTitle',
  'mail',
  'mailNickname',
  'mobilePhone',
  'officeLocation',
  'otherMails',
  'preferredLanguage',
  'proxyAddresses',
  'surname',
  'userPrincipalName',
  'userType',
];
export const GROUP_PROPERTY_NAMES = ['id', 'createdDateTime', 'description', 'displayName', 'groupTypes', 'mail', 'mailEnabled', 'mailNickname', 'securityEnabled'];

/**
 * Applies $select (case-insensitive, as Graph does); `id` always comes back. With `omitNulls`
 * (delta responses) a property never set is left out, as Graph's delta does.
 */
export function project(all: Record<string, unknown>, select: string[] | null, omitNulls: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = select ?? Object.keys(all);
  const byLower = new Map(Object.keys(all).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = byLower.get(name.toLowerCase());
    if (!key) continue;
    const value = all[key];
    if (omitNulls && (value === null || value === undefined)) continue;
    out[key] = value;
  }
  out.id = all.id;
  return out;
}

/** Short stable hash of a rendered object: what a delta token remembers the client has seen. */
export function fingerprint(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64').slice(0, 16);
}
