import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../connector';
import { HttpError } from '../../http/http-client';
import { EntraError } from './entra-errors';
import { createGraphReader, type GraphPage, type GraphReader } from './entra-graph';
import { createMappingStats, mapGroupEntry, mapUserEntry, type MappingStats, type ReadMode } from './entra-mapping';
import { ReadState } from './entra-read-state';
import { createEntraTokenSource, type EntraAuth, type EntraTokenSource } from './entra-token';

export interface EntraConnectorOptions {
  sourceId: string;
  tenantId: string;
  clientId: string;
  auth: EntraAuth;
  /** Default https://graph.microsoft.com (national clouds and the simulator differ). */
  graphBaseUrl?: string;
  /** Default https://login.microsoftonline.com. */
  loginBaseUrl?: string;
  /** Objects per page, asked with `Prefer: odata.maxpagesize` (delta ignores $top; Graph caps it). Default 999. */
  pageSize?: number;
}

export const USERS_DELTA_SELECT = 'id,displayName,userPrincipalName,mail,otherMails,proxyAddresses,accountEnabled,employeeId,department';
export const GROUPS_DELTA_SELECT = 'displayName,description,members';
export const CURSOR_NAMES = { users: 'users.deltaLink', groups: 'groups.deltaLink' } as const;

type Resource = 'users' | 'groups';

/** Thrown inside a read when Graph asks for a resync mid-way; caught by the read, never by callers. */
class ResyncNeeded extends Error {}

/**
 * Microsoft Entra ID through Graph delta queries: users (with accountEnabled) and groups with
 * their direct members. The first read, and any read after Graph drops the delta state, is a
 * full read of both; later reads fetch only the changes since the stored deltaLinks.
 * Nesting is not expanded here (no transitiveMembers): group-in-group edges are recorded
 * with memberType "group" and the analysis expands them.
 */
export function createEntraConnector(options: EntraConnectorOptions): Connector {
  if (!options.tenantId.trim()) throw new EntraError('Entra source: tenantId is empty', 'config');
  if (!options.clientId.trim()) throw new EntraError('Entra source: clientId is empty', 'config');
  const graphBase = baseUrl(options.graphBaseUrl ?? 'https://graph.microsoft.com', 'graphBaseUrl');
  const loginBase = baseUrl(options.loginBaseUrl ?? 'https://login.microsoftonline.com', 'loginBaseUrl');
  const pageSize = options.pageSize ?? 999;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 999) throw new EntraError('Entra source: pageSize must be an integer from 1 to 999', 'config');
  const tokens = createEntraTokenSource({ tenantId: options.tenantId, clientId: options.clientId, auth: options.auth, loginBaseUrl: loginBase });
  const config: ReadConfig = { tenantId: options.tenantId, graphBase, graphOrigin: new URL(graphBase).origin, pageSize, tokens };
  return {
    sourceId: options.sourceId,
    kind: 'entra',
    read: (ctx) => readEntra(ctx, config),
    probe: (ctx) => probeEntra(ctx, config),
  };
}

/** The first page (of one object) of each delta query a read makes: users, then groups with their members. */
async function probeEntra(ctx: ConnectorContext, config: ReadConfig): Promise<string> {
  const graph = createGraphReader(ctx, { graphOrigin: config.graphOrigin, tenantId: config.tenantId, pageSize: 1, tokens: config.tokens });
  await graph.fetchPage(`${config.graphBase}/v1.0/users/delta?$select=${USERS_DELTA_SELECT}`, 'users', '/v1.0/users/delta page 1');
  await graph.fetchPage(`${config.graphBase}/v1.0/groups/delta?$select=${GROUPS_DELTA_SELECT}`, 'groups', '/v1.0/groups/delta page 1');
  return 'users and groups with their members are readable';
}

interface ReadConfig {
  tenantId: string;
  graphBase: string;
  graphOrigin: string;
  pageSize: number;
  tokens: EntraTokenSource;
}

async function* readEntra(ctx: ConnectorContext, config: ReadConfig): AsyncGenerator<SourceItem, SourceVerdict, void> {
  const graph = createGraphReader(ctx, { graphOrigin: config.graphOrigin, tenantId: config.tenantId, pageSize: config.pageSize, tokens: config.tokens });
  const state = new ReadState();
  const stats = createMappingStats();
  const initial: Record<Resource, string> = {
    users: `${config.graphBase}/v1.0/users/delta?$select=${USERS_DELTA_SELECT}`,
    groups: `${config.graphBase}/v1.0/groups/delta?$select=${GROUPS_DELTA_SELECT}`,
  };
  const stored = { users: usableCursor(ctx, 'users', config, state), groups: usableCursor(ctx, 'groups', config, state) };
  let mode: ReadMode = stored.users && stored.groups ? 'delta' : 'full';
  if (mode === 'full') {
    state.notes.push(stored.users || stored.groups ? 'full read: only one of the two deltaLinks was stored' : 'full read: no stored deltaLink');
    state.beginFull();
  }

  if (mode === 'delta' && stored.users && stored.groups) {
    // Ask for both first pages before yielding anything, so that the common resync (an expired
    // or unknown token answers the very first request) costs no repair.
    const users = await graph.fetchPage(stored.users, 'users', '/v1.0/users/delta page 1');
    const groups = users.kind === 'page' ? await graph.fetchPage(stored.groups, 'groups', '/v1.0/groups/delta page 1') : undefined;
    if (users.kind === 'resync' || groups?.kind === 'resync' || !groups) {
      mode = 'full';
      const reason = users.kind === 'resync' ? users.reason : groups?.kind === 'resync' ? groups.reason : 'no groups page';
      state.notes.push(`full read of users and groups: Graph asked for a resync (${reason})`);
      state.beginFull();
    } else {
      try {
        yield* readResource(ctx, graph, 'users', stored.users, 'delta', state, stats, users.page);
        yield* readResource(ctx, graph, 'groups', stored.groups, 'delta', state, stats, groups.page);
        state.notes.push('delta read: changes since the stored deltaLinks');
      } catch (error) {
        if (!(error instanceof ResyncNeeded)) throw error;
        mode = 'full';
        state.notes.push(`full read of users and groups: Graph asked for a resync part-way through the delta read (${error.message})`);
        state.beginFullAfterDelta();
      }
    }
  }
  if (mode === 'full') {
    try {
      yield* readResource(ctx, graph, 'users', initial.users, 'full', state, stats);
      yield* readResource(ctx, graph, 'groups', initial.groups, 'full', state, stats);
    } catch (error) {
      if (error instanceof ResyncNeeded) throw new EntraError(`Entra: Graph asked for a resync during a full read (${error.message}); try again`, 'resync');
      throw error;
    }
    for (const repair of state.repairs()) yield repair;
  }

  if (stats.removalsInFullRead) state.notes.push(`${stats.removalsInFullRead} @removed entr(ies) in the full read ignored (already absent)`);
  if (stats.skippedMemberTypes.size) {
    const kinds = [...stats.skippedMemberTypes].map(([type, n]) => `${type.replace('#microsoft.graph.', '')} (${n})`).join(', ');
    state.notes.push(`group members not recorded (no record kind for them): ${kinds}`);
  }
  if (state.quarantined) state.notes.push(`${state.quarantined} item(s) quarantined: the read cannot vouch for them`);
  return {
    // A quarantined user or group was seen but not stored: a full read must not let its absence read as a removal.
    complete: state.quarantined === 0,
    mode,
    pages: state.pages,
    records: state.records,
    events: 0,
    notes: state.notes,
  };
}

/** Follows one delta round (nextLink after nextLink, empty pages included) to its deltaLink. */
async function* readResource(
  ctx: ConnectorContext,
  graph: GraphReader,
  resource: Resource,
  startUrl: string,
  mode: ReadMode,
  state: ReadState,
  stats: MappingStats,
  firstPage?: GraphPage,
): AsyncGenerator<SourceItem, void, void> {
  const label = `/v1.0/${resource}/delta`;
  const phase = `${resource} (${mode})`;
  // Full reads only: a group seen without its name must get it from another piece, or be quarantined.
  const nameless = new Map<string, unknown>();
  const named = new Set<string>();
  let url = startUrl;
  let page = firstPage;
  for (let pageNo = 1; ; pageNo += 1) {
    if (ctx.signal.aborted) throw new HttpError(`Entra ${label}: cancelled`, 'aborted');
    const where = `${label} page ${pageNo}`;
    let waitedMs = 0;
    if (!page) {
      const outcome = await graph.fetchPage(url, resource, where);
      if (outcome.kind === 'resync') throw new ResyncNeeded(outcome.reason);
      page = outcome.page;
      waitedMs = outcome.waitedMs;
    }
    state.pages += 1;
    for (const [index, entry] of page.value.entries()) {
      const at = `${where} item ${index + 1}`;
      let items: SourceItem[];
      if (resource === 'users') {
        items = mapUserEntry(entry, mode, at, stats);
      } else {
        const mapped = mapGroupEntry(entry, mode, at, stats);
        items = mapped.items;
        if (mapped.groupId !== null) {
          if (mapped.named) {
            named.add(mapped.groupId);
            nameless.delete(mapped.groupId);
          } else if (mode === 'full' && !named.has(mapped.groupId) && !nameless.has(mapped.groupId)) {
            nameless.set(mapped.groupId, entry);
          }
        }
      }
      for (const item of items) {
        const admitted = state.admit(item, mode);
        if (admitted) yield admitted;
      }
    }
    yield {
      type: 'progress',
      progress: {
        phase,
        pages: state.pages,
        records: state.records,
        ...(waitedMs > 0 ? { waitingMs: waitedMs, message: `Graph throttled ${label}; waited ${Math.ceil(waitedMs / 1000)} s` } : {}),
      },
    };
    if (page.deltaLink) {
      for (const [groupId, raw] of nameless) {
        const item = state.admit(
          { type: 'quarantine', kind: 'idp_group', reason: `group ${groupId} never came with a displayName in this read`, raw, where: `Entra ${label}` },
          mode,
        );
        if (item) yield item;
      }
      yield { type: 'cursor', name: CURSOR_NAMES[resource], value: page.deltaLink };
      return;
    }
    if (!page.nextLink) throw new EntraError(`Entra ${where}: page has neither @odata.nextLink nor @odata.deltaLink`, 'malformed', 200);
    url = page.nextLink;
    page = undefined;
  }
}

/** A stored deltaLink we may follow: present and on the configured Graph host (else the config changed: start over). */
function usableCursor(ctx: ConnectorContext, resource: Resource, config: ReadConfig, state: ReadState): string | undefined {
  const value = ctx.cursors.get(CURSOR_NAMES[resource]);
  if (!value) return undefined;
  try {
    if (new URL(value).origin === config.graphOrigin) return value;
  } catch {
    // fall through
  }
  state.notes.push(`stored ${CURSOR_NAMES[resource]} is not for ${config.graphOrigin}; ignored`);
  return undefined;
}

function baseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EntraError(`Entra source: ${name} is not a URL`, 'config');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new EntraError(`Entra source: ${name} must be an http(s) URL`, 'config');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
