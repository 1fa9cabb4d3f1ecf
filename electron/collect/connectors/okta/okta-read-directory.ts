import type { SourceItem } from '../../connector';
import { HttpError, type HttpResponse } from '../../http/http-client';
import { OktaError } from './okta-errors';
import { mapOktaAppUser, mapOktaGroup, mapOktaGroupMember, mapOktaUser, oktaGroupType } from './okta-mapping';
import type { OktaSession } from './okta-session';

/** Okta's page caps (apis.md): 200 for users, groups and group members, 500 for app users. */
export const OKTA_MAX_PAGE = 200;
export const OKTA_APP_USERS_PAGE = 500;
/** The smallest page we shrink to when a group-members page times out (HTTP 500). */
const MIN_MEMBERS_PAGE = 25;
/** Statuses a proxy or Okta answer with when the request may simply be tried again later. */
const TRY_AGAIN = new Set([429, 502, 503, 504]);

/**
 * Every user of every status. The plain list leaves DEPROVISIONED users out, so a second
 * pass asks for them with `search=status eq "DEPROVISIONED"`. A user seen in both (its status
 * changed between the passes) is kept once, as first seen.
 */
export async function* readOktaUsers(s: OktaSession, pageSize: number): AsyncGenerator<SourceItem, void, void> {
  const seen = new Set<string>();
  let repeated = 0;
  const passes = [
    { phase: 'users', label: '/api/v1/users', url: `${s.baseUrl}/api/v1/users?limit=${pageSize}` },
    {
      phase: 'deprovisioned users',
      label: '/api/v1/users (search status eq "DEPROVISIONED")',
      url: `${s.baseUrl}/api/v1/users?limit=${pageSize}&search=${encodeURIComponent('status eq "DEPROVISIONED"')}`,
    },
  ];
  for (const pass of passes) {
    s.state.phase = pass.phase;
    yield* s.walk(pass.url, pass.label, '/api/v1/users', function* (items, where) {
      for (const raw of items) {
        const mapped = mapOktaUser(raw);
        if (!mapped.ok) {
          yield s.quarantine('idp_user', mapped.reason, raw, where);
          continue;
        }
        if (seen.has(mapped.value.key)) {
          repeated += 1;
          continue;
        }
        seen.add(mapped.value.key);
        s.state.records += 1;
        yield { type: 'record', record: mapped.value };
      }
    });
  }
  if (repeated > 0) s.state.notes.push(`${repeated} Okta user(s) appeared in both the user list and the DEPROVISIONED search (status changed during the read); each was kept once.`);
}

/**
 * Groups, then each group's direct members. Okta has no nesting, so members are users. The
 * built-in Everyone group holds every user and says nothing about access: its members are
 * not read (noted in the verdict).
 */
export async function* readOktaGroups(s: OktaSession, pageSize: number): AsyncGenerator<SourceItem, void, void> {
  s.state.phase = 'groups';
  const groups: { id: string; name: string; builtIn: boolean }[] = [];
  yield* s.walk(`${s.baseUrl}/api/v1/groups?limit=${pageSize}`, '/api/v1/groups', '/api/v1/groups', function* (items, where) {
    for (const raw of items) {
      const mapped = mapOktaGroup(raw);
      if (!mapped.ok) {
        yield s.quarantine('idp_group', mapped.reason, raw, where);
        continue;
      }
      s.state.records += 1;
      const value = mapped.value.value as { id: string; name: string };
      groups.push({ id: value.id, name: value.name, builtIn: oktaGroupType(raw) === 'BUILT_IN' });
      yield { type: 'record', record: mapped.value };
    }
  });
  s.state.phase = 'group members';
  const skipped: string[] = [];
  for (const group of groups) {
    if (group.builtIn) {
      skipped.push(group.name);
      continue;
    }
    yield* readGroupMembers(s, group.id, pageSize);
  }
  if (skipped.length > 0) s.state.notes.push(`Members of built-in Okta group(s) ${skipped.join(', ')} were not read (every user is a member).`);
}

/**
 * One group's members. apis.md: a 500 here usually means Okta timed out building the page,
 * so the same page is asked for again with a smaller `limit` (the opaque `after` cursor is
 * kept as Okta gave it; only the page size changes).
 */
async function* readGroupMembers(s: OktaSession, groupId: string, pageSize: number): AsyncGenerator<SourceItem, void, void> {
  const label = `/api/v1/groups/${groupId}/users`;
  let url: string | null = `${s.baseUrl}/api/v1/groups/${encodeURIComponent(groupId)}/users?limit=${pageSize}`;
  let limit = pageSize;
  for (let pageNo = 1; url; pageNo += 1) {
    const where = `Okta ${label} page ${pageNo}`;
    let res: HttpResponse;
    for (;;) {
      res = yield* sendOnceThenRetry(s, url, where);
      if (res.status !== 500 || limit <= MIN_MEMBERS_PAGE) break;
      limit = Math.max(MIN_MEMBERS_PAGE, Math.floor(limit / 2));
      url = withLimit(url, limit);
      yield s.progress({ message: `${where}: Okta answered 500 (likely a timeout); asking again with limit=${limit}` });
    }
    const page = s.parsePage(res, where);
    for (const raw of page.items) {
      const mapped = mapOktaGroupMember(groupId, raw);
      if (!mapped.ok) {
        yield s.quarantine('idp_group_member', mapped.reason, raw, where);
        continue;
      }
      s.state.records += 1;
      yield { type: 'record', record: mapped.value };
    }
    yield s.progress();
    if (page.next === url) throw new OktaError('UPSTREAM', `${where}: the next link repeats the current page`);
    url = page.next;
  }
}

/**
 * A 500 must come back to us at once (to shrink the page), not after the client's retries at
 * the same size; anything else worth retrying (reset, 429, 502-504) gets the client's full
 * retry and rate-limit policy.
 */
async function* sendOnceThenRetry(s: OktaSession, url: string, where: string): AsyncGenerator<SourceItem, HttpResponse, void> {
  try {
    const res = yield* s.send(url, '/api/v1/groups', false);
    if (!TRY_AGAIN.has(res.status)) return res;
  } catch (error) {
    if (!(error instanceof HttpError) || error.kind === 'aborted' || error.kind === 'dns' || error.kind === 'tls') throw s.transportError(error, where);
  }
  try {
    return yield* s.send(url, '/api/v1/groups', true);
  } catch (error) {
    throw s.transportError(error, where);
  }
}

/** The users assigned to the Prefect app (directly or through groups). */
export async function* readOktaAppUsers(s: OktaSession, appId: string): AsyncGenerator<SourceItem, void, void> {
  s.state.phase = 'app assignments';
  const url = `${s.baseUrl}/api/v1/apps/${encodeURIComponent(appId)}/users?limit=${OKTA_APP_USERS_PAGE}`;
  try {
    yield* s.walk(url, `/api/v1/apps/${appId}/users`, '/api/v1/apps', function* (items, where) {
      for (const raw of items) {
        const mapped = mapOktaAppUser(appId, raw);
        if (!mapped.ok) {
          yield s.quarantine('idp_app_assignment', mapped.reason, raw, where);
          continue;
        }
        s.state.records += 1;
        yield { type: 'record', record: mapped.value };
      }
    });
  } catch (error) {
    if (error instanceof OktaError && error.oktaCode === 'E0000007') {
      throw new OktaError('NOT_FOUND', `Okta has no app with id ${appId} (E0000007): check prefectAppId (Applications > Prefect > the id in the URL)`, 'E0000007', error.status);
    }
    throw error;
  }
}

function withLimit(url: string, limit: number): string {
  const u = new URL(url);
  u.searchParams.set('limit', String(limit));
  return u.toString();
}
