import { createHash } from 'node:crypto';
import { idFor, type OrgGroup, type OrgModel, type OrgPerson } from '../org/org-model';
import { SCIM_URN } from '../../collect/connectors/scim/scim-urns';

/**
 * How the SCIM simulator sees the organisation: stable SCIM ids, which people it still lists,
 * and each person and group rendered as an RFC 7643 resource with a weak ETag version.
 */
export interface ScimSimState {
  org: OrgModel;
  basePath: string;
  /** Hide users whose active is false, as WorkOS does for its directory users. */
  deleteInactive: boolean;
  /** People DELETEd through this server: gone from it until the org makes them ACTIVE again. */
  deleted: Set<string>;
  ids: Map<string, string>;
  index: ScimIndex | null;
}

export interface ScimIndex {
  key: string;
  usersById: Map<string, OrgPerson>;
  groupsById: Map<string, OrgGroup>;
  groupsByInternalId: Map<string, OrgGroup>;
  visibleUsers: OrgPerson[];
  /** Visible users per internal group id, in roster order. */
  usersByGroup: Map<string, OrgPerson[]>;
}

export function createScimState(org: OrgModel, basePath: string, deleteInactive: boolean): ScimSimState {
  return { org, basePath, deleteInactive, deleted: new Set(), ids: new Map(), index: null };
}

/** The person's or group's SCIM id (idFor('scim', ...)), memoised because the hash is per request hot path. */
export function scimId(state: ScimSimState, internalId: string): string {
  let id = state.ids.get(internalId);
  if (!id) {
    id = idFor('scim', internalId);
    state.ids.set(internalId, id);
  }
  return id;
}

export function isListed(state: ScimSimState, person: OrgPerson): boolean {
  if (state.deleted.has(person.personId)) {
    if (person.idpStatus !== 'ACTIVE') return false;
    state.deleted.delete(person.personId); // re-activated by the org: the directory has them again
  }
  return !(state.deleteInactive && person.idpStatus !== 'ACTIVE');
}

/** Lookups rebuilt whenever the org moves (its version, sizes, or our own deletions). */
export function indexOf(state: ScimSimState): ScimIndex {
  const { org } = state;
  const key = `${org.version}:${org.people.length}:${org.groups.length}:${state.deleted.size}`;
  if (state.index?.key === key) return state.index;
  const usersById = new Map<string, OrgPerson>();
  const visibleUsers: OrgPerson[] = [];
  const usersByGroup = new Map<string, OrgPerson[]>();
  for (const person of org.people) {
    if (!isListed(state, person)) continue;
    visibleUsers.push(person);
    usersById.set(scimId(state, person.personId), person);
    for (const gid of person.groupIds) {
      const list = usersByGroup.get(gid);
      if (list) list.push(person);
      else usersByGroup.set(gid, [person]);
    }
  }
  const groupsById = new Map<string, OrgGroup>();
  const groupsByInternalId = new Map<string, OrgGroup>();
  for (const group of org.groups) {
    groupsById.set(scimId(state, group.groupId), group);
    groupsByInternalId.set(group.groupId, group);
  }
  state.index = { key, usersById, groupsById, groupsByInternalId, visibleUsers, usersByGroup };
  return state.index;
}

/** A weak ETag over the resource's content, so any change to what a client sees changes the version. */
export function versionOf(content: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)}"`;
}

export function renderUser(state: ScimSimState, index: ScimIndex, person: OrgPerson, origin: string): Record<string, unknown> {
  const id = scimId(state, person.personId);
  const displayName = `${person.givenName} ${person.familyName}`;
  const content: Record<string, unknown> = {
    schemas: [SCIM_URN.user, SCIM_URN.enterpriseUser],
    id,
    externalId: person.employeeId,
    userName: person.email,
    name: { givenName: person.givenName, familyName: person.familyName, formatted: displayName },
    displayName,
    emails: [
      { value: person.email, type: 'work', primary: true },
      ...person.aliases.map((alias) => ({ value: alias, type: 'other', primary: false })),
    ],
    active: person.idpStatus === 'ACTIVE',
    groups: person.groupIds.flatMap((gid) => {
      const group = index.groupsByInternalId.get(gid);
      if (!group) return [];
      const groupScimId = scimId(state, gid);
      return [{ value: groupScimId, $ref: `${origin}${state.basePath}/Groups/${groupScimId}`, display: group.name, type: 'direct' }];
    }),
    [SCIM_URN.enterpriseUser]: { employeeNumber: person.employeeId, department: person.department },
  };
  return {
    ...content,
    meta: {
      resourceType: 'User',
      created: person.createdAt,
      lastModified: person.updatedAt,
      location: `${origin}${state.basePath}/Users/${id}`,
      version: versionOf(content),
    },
  };
}

export function renderGroup(state: ScimSimState, index: ScimIndex, group: OrgGroup, origin: string): Record<string, unknown> {
  const id = scimId(state, group.groupId);
  const users = (index.usersByGroup.get(group.groupId) ?? []).map((person) => {
    const uid = scimId(state, person.personId);
    return { value: uid, $ref: `${origin}${state.basePath}/Users/${uid}`, display: `${person.givenName} ${person.familyName}`, type: 'User' };
  });
  const nested = group.nestedGroupIds.flatMap((gid) => {
    const child = index.groupsByInternalId.get(gid);
    if (!child) return [];
    const cid = scimId(state, gid);
    return [{ value: cid, $ref: `${origin}${state.basePath}/Groups/${cid}`, display: child.name, type: 'Group' }];
  });
  const content: Record<string, unknown> = {
    schemas: [SCIM_URN.group],
    id,
    displayName: group.name,
    members: [...users, ...nested],
  };
  return {
    ...content,
    meta: {
      resourceType: 'Group',
      created: group.updatedAt,
      lastModified: group.updatedAt,
      location: `${origin}${state.basePath}/Groups/${id}`,
      version: versionOf(content),
    },
  };
}

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) at the top level: `id` and
 * `schemas` are always returned; a URN-qualified name keeps its whole extension object.
 */
export function project(resource: Record<string, unknown>, attributes: string[] | null, excluded: string[] | null): Record<string, unknown> {
  const top = (name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('urn:')) {
      const idx = lower.lastIndexOf(':');
      return Object.keys(resource).some((k) => k.toLowerCase() === lower) ? lower : lower.slice(0, idx);
    }
    return lower.split('.')[0] as string;
  };
  if (attributes && attributes.length) {
    const keep = new Set(['id', 'schemas', ...attributes.map(top)]);
    return Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k.toLowerCase())));
  }
  if (excluded && excluded.length) {
    const drop = new Set(excluded.map(top));
    drop.delete('id');
    drop.delete('schemas');
    return Object.fromEntries(Object.entries(resource).filter(([k]) => !drop.has(k.toLowerCase())));
  }
  return resource;
}
