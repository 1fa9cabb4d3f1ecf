import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../connector';
import { HttpError, type HttpResponse } from '../../http/http-client';
import { redact, redactDeep, registerSecret } from '../../../platform/redact';
import { scimFailure } from './scim-errors';
import { mapMembers, mapScimGroup, mapScimUser, resourceId, type MappedMember } from './scim-mapping';
import { parseJsonBody, parseListPage } from './scim-page';
import { readServiceProviderConfig, summarizeFeatures } from './scim-service-config';
import { SCIM_MEDIA_TYPE, hasCi, getCi, isObject } from './scim-urns';

export interface ScimConnectorOptions {
  sourceId: string;
  /** The SCIM root, e.g. https://example.com/scim/v2. Its path may itself hold a secret key (it is redacted everywhere). */
  baseUrl: string;
  /** Bearer token. */
  token: string;
  /** `count` asked per page (default 100); the server may cap it lower, which is handled. */
  pageSize?: number;
}

/** Path segments that are plainly structural; any other segment of a base URL is treated as possibly secret. */
const STRUCTURAL_SEGMENT = /^(scim|v\d+(\.\d+)*|api|apis|rest|public|service|services|identity)$/i;

/**
 * A generic SCIM 2.0 source (RFC 7644): any directory exposing /Users and /Groups. Reads
 * ServiceProviderConfig for hints, then pages /Users and /Groups by startIndex/count, checking
 * every page and the final count against totalResults. It never vouches for a read whose
 * counts do not add up: the verdict is then incomplete, with a note naming the counts.
 */
export function createScimConnector(options: ScimConnectorOptions): Connector {
  const base = checkBaseUrl(options.baseUrl, options.sourceId);
  registerSecret(options.token);
  registerBaseUrlSecrets(base);
  const pageSize = options.pageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`SCIM source "${options.sourceId}": pageSize must be a positive integer`);
  return {
    sourceId: options.sourceId,
    kind: 'scim',
    read: (ctx) => readScim(ctx, { ...options, base, pageSize }),
  };
}

interface ReadConfig extends ScimConnectorOptions {
  base: string;
  pageSize: number;
}

type Handler = (resource: unknown, where: string) => AsyncGenerator<SourceItem, void, void>;

async function* readScim(ctx: ConnectorContext, cfg: ReadConfig): AsyncGenerator<SourceItem, SourceVerdict, void> {
  const label = `SCIM source "${cfg.sourceId}"`;
  const notes: string[] = [];
  let complete = true;
  let pages = 0;
  let records = 0;
  let waitedMs = 0;

  /** One GET; a transport failure (timeout, reset) names the page it happened on, keeping its kind. */
  const get = async (pathAndQuery: string, where: string): Promise<HttpResponse> => {
    if (ctx.signal.aborted) throw new Error(`${label}: cancelled`);
    try {
      return await ctx.http.request(
        {
          method: 'GET',
          url: `${cfg.base}${pathAndQuery}`,
          headers: { accept: SCIM_MEDIA_TYPE, authorization: `Bearer ${cfg.token}` },
          signal: ctx.signal,
        },
        { onWait: ({ ms }) => void (waitedMs += ms) },
      );
    } catch (error) {
      if (error instanceof HttpError && error.kind !== 'aborted') throw new HttpError(`${where}: ${error.message}`, error.kind, error.status, error.proxy);
      throw error;
    }
  };
  const progress = (phase: string): SourceItem => {
    const item: SourceItem = { type: 'progress', progress: { phase, pages, records, ...(waitedMs ? { waitingMs: waitedMs } : {}) } };
    waitedMs = 0;
    return item;
  };

  // 1. Discovery: what the server says it supports. Optional per the field, so a 404 is fine.
  let count = cfg.pageSize;
  const spcRes = await get('/ServiceProviderConfig', `${label} /ServiceProviderConfig`);
  if (spcRes.status === 200) {
    try {
      const features = readServiceProviderConfig(parseJsonBody(spcRes.text, `${label} /ServiceProviderConfig`));
      notes.push(summarizeFeatures(features));
      if (features.maxResults !== null && features.maxResults < count) {
        count = features.maxResults;
        notes.push(`Asked for ${count} items per page, the server's filter.maxResults`);
      }
    } catch {
      notes.push('ServiceProviderConfig: body is not JSON; reading without its hints');
    }
  } else if (spcRes.status === 401 || spcRes.status === 403) {
    throw scimFailure(spcRes, `${label} /ServiceProviderConfig`);
  } else {
    notes.push(`ServiceProviderConfig: not available (HTTP ${spcRes.status}); reading without its hints`);
  }

  // 2. Paged lists, checked page by page and against totalResults at the end.
  async function* listAll(endpoint: 'Users' | 'Groups', phase: string, handle: Handler): AsyncGenerator<SourceItem, void, void> {
    const seen = new Set<string>();
    let startIndex = 1;
    let pageNo = 0;
    let idless = 0;
    let repeats = 0;
    let smallestShortPage: number | null = null;
    let itemsPerPageOff = 0;
    let firstTotal: number | null = null;
    let lastTotal = 0;
    let totalChanged = false;
    for (;;) {
      pageNo += 1;
      const where = `${label} /${endpoint} page ${pageNo} (startIndex=${startIndex})`;
      const res = await get(`/${endpoint}?startIndex=${startIndex}&count=${count}`, where);
      if (res.status !== 200) throw scimFailure(res, where);
      const page = parseListPage(res.text, where, startIndex);
      pages += 1;
      if (firstTotal === null) firstTotal = page.totalResults;
      else if (page.totalResults !== lastTotal) totalChanged = true;
      lastTotal = page.totalResults;
      const n = page.resources.length;
      if (page.itemsPerPage !== null && page.itemsPerPage !== n) itemsPerPageOff += 1;
      for (let i = 0; i < n; i += 1) {
        const resource = page.resources[i];
        const id = resourceId(resource);
        if (id === null) idless += 1;
        else if (seen.has(id)) {
          repeats += 1; // data shifted between pages: the item came round again
          continue;
        } else seen.add(id);
        yield* handle(resource, `${where} item ${i + 1}`);
      }
      yield progress(phase);
      if (n === 0) break;
      const last = startIndex + n - 1;
      if (last >= page.totalResults) break;
      if (n < count) smallestShortPage = Math.min(smallestShortPage ?? n, n);
      startIndex = last + 1; // page on from what we actually received, not from what we asked for
    }
    const distinct = seen.size + idless;
    if (smallestShortPage !== null) {
      notes.push(`/${endpoint}: the server returned fewer items than asked (as few as ${smallestShortPage} for count=${count}); paged on from the next index`);
    }
    if (itemsPerPageOff) notes.push(`/${endpoint}: itemsPerPage disagreed with the Resources received on ${itemsPerPageOff} page(s)`);
    if (totalChanged) {
      complete = false;
      notes.push(`/${endpoint}: totalResults changed while paging (from ${firstTotal} to ${lastTotal}): the data moved under the read`);
    }
    if (repeats) {
      complete = false;
      notes.push(`/${endpoint}: ${repeats} item(s) came round again on a later page (dropped as repeats): the data moved under the read`);
    }
    if (distinct !== lastTotal) {
      complete = false;
      notes.push(`/${endpoint}: read ${distinct} distinct items but the server reported totalResults=${lastTotal}`);
    }
  }

  let activeAbsent = 0;
  const handleUser: Handler = async function* (resource, where) {
    const mapped = mapScimUser(resource);
    if (mapped.activeAbsent) activeAbsent += 1;
    if (mapped.result.ok) {
      records += 1;
      yield { type: 'record', record: mapped.result.record };
    } else {
      yield { type: 'quarantine', kind: 'idp_user', reason: redact(mapped.result.reason), raw: redactDeep(resource), where };
    }
  };

  const fetched = { byId: 0, withAttributes: 0, neverReturned: 0, vanished: 0 };
  /** Some servers leave members out of /Groups lists: ask for the group itself, then for the attribute by name. */
  async function membersOf(groupId: string): Promise<MappedMember[] | null> {
    const path = `/Groups/${encodeURIComponent(groupId)}`;
    for (const query of ['', '?attributes=members']) {
      const where = `${label} /Groups/${groupId}${query}`;
      const res = await get(`${path}${query}`, where);
      if (query) fetched.withAttributes += 1;
      else fetched.byId += 1;
      if (res.status === 404) {
        fetched.vanished += 1;
        return null;
      }
      if (res.status !== 200) throw scimFailure(res, where);
      const body = parseJsonBody(res.text, where);
      if (isObject(body) && hasCi(body, 'members') && getCi(body, 'members') !== null) return mapMembers(groupId, getCi(body, 'members'));
    }
    // RFC 7643 §2.5: an unassigned multi-valued attribute and an empty one are the same state.
    fetched.neverReturned += 1;
    return [];
  }

  const handleGroup: Handler = async function* (resource, where) {
    const mapped = mapScimGroup(resource);
    if (mapped.group.ok) {
      records += 1;
      yield { type: 'record', record: mapped.group.record };
    } else {
      yield { type: 'quarantine', kind: 'idp_group', reason: redact(mapped.group.reason), raw: redactDeep(resource), where };
    }
    let members = mapped.members;
    if (!mapped.membersPresent && mapped.group.ok) {
      const found = await membersOf(mapped.group.record.value.id);
      if (found === null) {
        complete = false;
        notes.push(`Group ${mapped.group.record.value.id} was listed but had gone when fetched for its members (404)`);
        return;
      }
      members = found;
    }
    for (const m of members) {
      if (m.ok) {
        records += 1;
        yield { type: 'record', record: m.record };
      } else {
        yield { type: 'quarantine', kind: 'idp_group_member', reason: redact(m.reason), raw: redactDeep(m.raw), where };
      }
    }
  };

  yield* listAll('Users', 'users', handleUser);
  yield* listAll('Groups', 'groups', handleGroup);

  if (activeAbsent) notes.push(`${activeAbsent} user(s) had no "active" attribute; counted as active`);
  if (fetched.byId) {
    notes.push(
      `${fetched.byId} group(s) came without a members attribute and were fetched one by one` +
        (fetched.withAttributes ? ` (${fetched.withAttributes} again with ?attributes=members)` : '') +
        (fetched.neverReturned ? `; ${fetched.neverReturned} never returned members and count as empty` : ''),
    );
  }
  return { complete, mode: 'full', pages, records, events: 0, notes };
}

/** Checks the base URL early, with a message that does not echo the URL (its path may hold a key). */
function checkBaseUrl(baseUrl: string, sourceId: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`SCIM source "${sourceId}": baseUrl is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`SCIM source "${sourceId}": baseUrl must be http(s)`);
  if (url.search || url.hash) throw new Error(`SCIM source "${sourceId}": baseUrl must not carry a query string or fragment`);
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Some SCIM endpoints carry their key in the path (e.g. .../scim/v2/<key>). Every segment that
 * is not plainly structural is registered as a secret, as are URL credentials, so neither
 * reaches an error, a log or a record.
 */
export function registerBaseUrlSecrets(baseUrl: string): void {
  const url = new URL(baseUrl);
  registerSecret(decodeSafe(url.password));
  registerSecret(decodeSafe(url.username));
  for (const segment of url.pathname.split('/')) {
    if (!segment || STRUCTURAL_SEGMENT.test(segment)) continue;
    registerSecret(segment);
    registerSecret(decodeSafe(segment));
  }
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
