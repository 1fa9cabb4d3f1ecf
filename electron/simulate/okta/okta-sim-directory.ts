import { idFor, type IdpStatus, type OrgGroup, type OrgModel, type OrgPerson } from '../org/org-model';
import type { SimRequest, SimResponse } from '../sim-server';
import { oktaErrorResponse } from './okta-sim-errors';
import { decodeCursor, encodeCursor, linkHeader, nextUrl, parseLimit, relocate, scan } from './okta-sim-paging';
import { renderAppUser, renderGroup, renderUser, type OktaIds } from './okta-sim-render';

const STATUSES: readonly IdpStatus[] = ['STAGED', 'PROVISIONED', 'ACTIVE', 'SUSPENDED', 'DEPROVISIONED'];
/** Okta has these too; the org model never produces them, but a search for them is valid. */
const OTHER_OKTA_STATUSES = ['RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'];

/**
 * Lookups over the live org, rebuilt whenever org.version (or the arrays) change, so a
 * 100k-person org does not cost a scan per group per page.
 */
export interface OktaSimIndex {
  person: Map<string, OrgPerson>;
  personByOktaId: Map<string, OrgPerson>;
  group: Map<string, OrgGroup>;
  groupByOktaId: Map<string, OrgGroup>;
  membersByGroup: Map<string, OrgPerson[]>;
  /** Simulator convention: the Prefect app is assigned to every group whose name starts with "prefect-". */
  prefectAppPeople: OrgPerson[];
  /** Rendered user JSON per person for this org.version: a user appears in many lists, JSON is the cost. */
  userJson: Map<string, string>;
}

/** Memoised Okta ids (sha256 per call is too slow for 100k people per page). */
export function createOktaIds(): OktaIds {
  const users = new Map<string, string>();
  const groups = new Map<string, string>();
  return {
    user(personId) {
      let id = users.get(personId);
      if (id === undefined) users.set(personId, (id = idFor('okta-user', personId)));
      return id;
    },
    group(groupId) {
      let id = groups.get(groupId);
      if (id === undefined) groups.set(groupId, (id = idFor('okta-group', groupId)));
      return id;
    },
  };
}

export function createIndexCache(ids: OktaIds): (org: OrgModel) => OktaSimIndex {
  let key: unknown[] = [];
  let index: OktaSimIndex | null = null;
  return (org) => {
    const now = [org.version, org.people, org.people.length, org.groups, org.groups.length];
    if (index && now.every((v, i) => v === key[i])) return index;
    key = now;
    const person = new Map<string, OrgPerson>();
    const personByOktaId = new Map<string, OrgPerson>();
    const membersByGroup = new Map<string, OrgPerson[]>();
    const prefectGroups = new Set(org.groups.filter((g) => g.name.startsWith('prefect-')).map((g) => g.groupId));
    const prefectAppPeople: OrgPerson[] = [];
    for (const p of org.people) {
      person.set(p.personId, p);
      personByOktaId.set(ids.user(p.personId), p);
      for (const gid of p.groupIds) {
        const list = membersByGroup.get(gid) ?? [];
        list.push(p);
        membersByGroup.set(gid, list);
      }
      if (p.groupIds.some((g) => prefectGroups.has(g))) prefectAppPeople.push(p);
    }
    const group = new Map(org.groups.map((g) => [g.groupId, g] as const));
    const groupByOktaId = new Map(org.groups.map((g) => [ids.group(g.groupId), g] as const));
    index = { person, personByOktaId, group, groupByOktaId, membersByGroup, prefectAppPeople, userJson: new Map() };
    return index;
  };
}

export interface DirectoryContext {
  org: OrgModel;
  index: OktaSimIndex;
  ids: OktaIds;
  caps: { users: number; groups: number; groupMembers: number; appUsers: number };
  prefectAppId: string;
}

/** GET /api/v1/users: every status but DEPROVISIONED, unless search/filter asks for a status. */
export function listUsers(req: SimRequest, c: DirectoryContext): SimResponse {
  const expr = req.query.get('search') ?? req.query.get('filter');
  const q = req.query.get('q');
  let matches: (p: OrgPerson) => boolean = (p) => p.idpStatus !== 'DEPROVISIONED';
  if (expr !== null) {
    const m = /^\s*status\s+eq\s+"([A-Z_]+)"\s*$/i.exec(expr);
    const status = m?.[1]?.toUpperCase();
    if (!status || !(STATUSES.includes(status as IdpStatus) || OTHER_OKTA_STATUSES.includes(status))) {
      return oktaErrorResponse(400, 'E0000031', 'Invalid search criteria.', [`this simulator supports only status eq "<STATUS>", not: ${expr}`]);
    }
    matches = (p) => p.idpStatus === status;
  } else if (q !== null) {
    // Okta's q: a prefix of firstName, lastName or email, never DEPROVISIONED users.
    const prefix = q.toLowerCase();
    matches = (p) =>
      p.idpStatus !== 'DEPROVISIONED' &&
      [p.givenName, p.familyName, p.email].some((s) => s.toLowerCase().startsWith(prefix));
  }
  return keysetPage(req, c.org.people, (p) => p.personId, matches, c.caps.users, 200, (p) => userJson(p, c, req.url.origin));
}

/** GET /api/v1/users/{id or login}. */
export function getUser(req: SimRequest, c: DirectoryContext, idOrLogin: string): SimResponse {
  const p = c.index.personByOktaId.get(idOrLogin) ?? c.org.people.find((x) => x.email === idOrLogin.toLowerCase());
  if (!p) return oktaErrorResponse(404, 'E0000007', `Not found: Resource not found: ${idOrLogin} (User)`);
  return { status: 200, headers: { 'content-type': 'application/json' }, json: renderUser(p, c.ids, req.url.origin) };
}

/**
 * Every Okta org has the built-in "Everyone" group (type BUILT_IN, listed first, holding every
 * user); the org's own groups are flat OKTA_GROUPs (Okta has no nesting).
 */
export const EVERYONE: OrgGroup = { groupId: '__okta_everyone__', name: 'Everyone', description: 'All users in your organization', nestedGroupIds: [], updatedAt: '2015-01-01T00:00:00.000Z' };

/** GET /api/v1/groups, with `filter=type eq "OKTA_GROUP"` (or BUILT_IN) as Okta supports it. */
export function listGroups(req: SimRequest, c: DirectoryContext): SimResponse {
  const filter = req.query.get('filter') ?? req.query.get('search');
  const type = filter === null ? null : /^\s*type\s+eq\s+"(OKTA_GROUP|BUILT_IN|APP_GROUP)"\s*$/i.exec(filter)?.[1]?.toUpperCase();
  if (type === undefined) {
    return oktaErrorResponse(400, 'E0000031', 'Invalid search criteria.', [`this simulator supports only type eq "OKTA_GROUP", "BUILT_IN" or "APP_GROUP", not: ${filter}`]);
  }
  const all = [EVERYONE, ...c.org.groups];
  const matches = (g: OrgGroup) => type === null || type === (g === EVERYONE ? 'BUILT_IN' : 'OKTA_GROUP');
  return keysetPage(req, all, (g) => g.groupId, matches, c.caps.groups, 200, (g) => JSON.stringify(renderGroup(g, c.ids, req.url.origin, g === EVERYONE ? 'BUILT_IN' : 'OKTA_GROUP')));
}

/** GET /api/v1/groups/{id}/users: direct members of every status. */
export function listGroupMembers(req: SimRequest, c: DirectoryContext, oktaGroupId: string): SimResponse {
  if (oktaGroupId === c.ids.group(EVERYONE.groupId)) {
    return keysetPage(req, c.org.people, (p) => p.personId, (p) => p.idpStatus !== 'DEPROVISIONED', c.caps.groupMembers, 200, (p) => userJson(p, c, req.url.origin));
  }
  const group = c.index.groupByOktaId.get(oktaGroupId);
  if (!group) return oktaErrorResponse(404, 'E0000007', `Not found: Resource not found: ${oktaGroupId} (UserGroup)`);
  const members = c.index.membersByGroup.get(group.groupId) ?? [];
  // Membership is read live from the person, so a move between two pages shows up as it would in Okta.
  return keysetPage(req, members, (p) => p.personId, (p) => p.groupIds.includes(group.groupId), c.caps.groupMembers, 200, (p) => userJson(p, c, req.url.origin));
}

/** GET /api/v1/apps/{appId}/users for the Prefect app (see OktaSimIndex.prefectAppPeople); deactivated users lose assignments. */
export function listAppUsers(req: SimRequest, c: DirectoryContext, appId: string): SimResponse {
  if (appId !== c.prefectAppId) return oktaErrorResponse(404, 'E0000007', `Not found: Resource not found: ${appId} (AppInstance)`);
  return keysetPage(req, c.index.prefectAppPeople, (p) => p.personId, (p) => p.idpStatus !== 'DEPROVISIONED', c.caps.appUsers, 50, (p) =>
    JSON.stringify(renderAppUser(p, appId, c.ids, req.url.origin)),
  );
}

function keysetPage<T>(
  req: SimRequest,
  list: readonly T[],
  keyOf: (t: T) => string,
  matches: (t: T) => boolean,
  cap: number,
  defaultLimit: number,
  /** One item as JSON text. */
  render: (t: T) => string,
): SimResponse {
  const limit = parseLimit(req.query.get('limit'), defaultLimit, cap);
  if (limit === null) return oktaErrorResponse(400, 'E0000001', "Api validation failed: 'limit': must be a positive integer.");
  let start = 0;
  const after = req.query.get('after');
  if (after !== null) {
    const cursor = decodeCursor(after);
    if (!cursor) return oktaErrorResponse(400, 'E0000001', "Api validation failed: 'after': the cursor is not valid.");
    start = relocate(list, cursor, keyOf) + 1;
  }
  const page = scan(list, start, 1, limit, matches);
  const last = list[page.lastIndex];
  const next = page.more && last !== undefined ? nextUrl(req.url, encodeCursor({ i: page.lastIndex, k: keyOf(last) })) : null;
  return {
    status: 200,
    headers: { 'content-type': 'application/json', link: linkHeader(req.url.toString(), next) },
    text: `[${page.items.map(render).join(',')}]`,
  };
}

function userJson(p: OrgPerson, c: DirectoryContext, origin: string): string {
  let json = c.index.userJson.get(p.personId);
  if (json === undefined) {
    json = JSON.stringify(renderUser(p, c.ids, origin));
    c.index.userJson.set(p.personId, json);
  }
  return json;
}
