import { randomBytes } from 'node:crypto';
import type { OrgModel } from '../org/org-model';
import { serveSimulator, type Fault, type RunningSim, type SimHandler, type SimRequest, type SimResponse } from '../sim-server';
import { SCIM_MEDIA_TYPE, SCIM_URN } from '../../collect/connectors/scim/scim-urns';
import { resourceTypes, schemas, serviceProviderConfig } from './scim-discovery';
import { ScimFilterError, matches, parseFilter } from './scim-filter';
import { patchGroup } from './scim-group-write';
import { readPatchOps, type ScimDialect } from './scim-patch-ops';
import { createScimState, indexOf, project, renderGroup, renderUser, type ScimSimState } from './scim-render';
import { ScimSimError, fromSimError, scimErrorResponse } from './scim-sim-errors';
import { deleteUser, patchUser, putUser } from './scim-user-write';

export type { ScimDialect } from './scim-patch-ops';

export interface ScimSimOptions {
  /** The bearer token the server accepts; generated when absent. */
  token?: string;
  /** Where the SCIM root lives (default /scim/v2); may hold a key, as some vendors' endpoints do. */
  basePath?: string;
  /** Server cap on `count`: at most this many per page however many are asked, reported honestly in itemsPerPage (default 100). */
  maxCount?: number;
  /** Which client's PATCH dialect the server was built for (default 'rfc'); see ScimDialect. */
  dialect?: ScimDialect;
  /**
   * Hide users whose active is false, as WorkOS does with inactive directory users. Default false:
   * a source directory keeps DEPROVISIONED people listed with active false.
   */
  deleteInactive?: boolean;
  /**
   * Where groups carry `members`: 'always' (default), 'single' (left out of /Groups lists, as some
   * servers do; present on GET /Groups/{id}), 'when-asked' (only with ?attributes=members).
   */
  groupMembers?: 'always' | 'single' | 'when-asked';
  faults?: Fault[];
  latencyMs?: number;
  port?: number;
  afterRequest?: (req: SimRequest) => void;
  /** Sees every request before it is handled (tests assert what clients sent). */
  onRequest?: (req: SimRequest) => void;
}

/** The handler, carrying SCIM-shaped 429 and error builders for startSimServer's faults. */
export type ScimSimHandler = SimHandler & {
  token: string;
  basePath: string;
  state: ScimSimState;
  rateLimitResponse: (req: SimRequest) => SimResponse;
  errorResponse: (status: number, req: SimRequest) => SimResponse;
};

export interface RunningScimSim extends RunningSim {
  credentials: { baseUrl: string; token: string };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication failed',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/**
 * A SCIM 2.0 server (RFC 7643/7644) over the shared organisation, read live per request:
 * Users (people, ids from idFor('scim', ...), active = idpStatus ACTIVE) and Groups (users and
 * nested groups as members), startIndex/count paging under a server cap, filters, projections,
 * ETags, discovery endpoints, SCIM-shaped errors, and the writes remediation will push (PATCH
 * in the rfc/okta/entra dialects, PUT, DELETE, If-Match) applied to the org model.
 */
export function createScimSimHandler(org: OrgModel, options: ScimSimOptions = {}): ScimSimHandler {
  const basePath = `/${(options.basePath ?? '/scim/v2').replace(/^\/+|\/+$/g, '')}`;
  const token = options.token ?? `scimsim_${randomBytes(16).toString('hex')}`;
  const maxCount = options.maxCount ?? 100;
  const dialect = options.dialect ?? 'rfc';
  const groupMembers = options.groupMembers ?? 'always';
  const state = createScimState(org, basePath, options.deleteInactive ?? false);

  const ok = (json: unknown, headers: Record<string, string> = {}, status = 200): SimResponse => ({
    status,
    headers: { 'content-type': SCIM_MEDIA_TYPE, ...headers },
    json,
  });
  const list = (resources: unknown[], total: number, startIndex: number) =>
    ok({ schemas: [SCIM_URN.listResponse], totalResults: total, itemsPerPage: resources.length, startIndex, Resources: resources });

  function route(req: SimRequest): SimResponse {
    options.onRequest?.(req);
    if (req.path !== basePath && !req.path.startsWith(`${basePath}/`)) return scimErrorResponse(404, `No SCIM endpoint at ${req.path}`);
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
    if (!auth || auth[1] !== token) {
      return scimErrorResponse(401, 'Authentication failed: the bearer token is missing or not valid', null, { 'www-authenticate': 'Bearer realm="SCIM"' });
    }
    const segments = req.path.slice(basePath.length).split('/').filter(Boolean).map(decodeSegment);
    const [resource, id, extra] = segments;
    const origin = req.url.origin;
    if (extra !== undefined) return scimErrorResponse(404, `No SCIM endpoint at ${req.path}`);
    if (resource === 'Users' || resource === 'Groups') return id === undefined ? listResources(req, resource) : oneResource(req, resource, id);
    if (req.method !== 'GET') return scimErrorResponse(405, `${req.method} is not allowed on /${resource ?? ''}`);
    switch (resource) {
      case 'ServiceProviderConfig':
        return id === undefined ? ok(serviceProviderConfig(origin, basePath, maxCount)) : scimErrorResponse(404, 'Not found');
      case 'ResourceTypes':
      case 'Schemas': {
        const all = resource === 'ResourceTypes' ? resourceTypes(origin, basePath) : schemas(origin, basePath);
        if (id === undefined) return list(all, all.length, 1);
        const one = all.find((r) => r.id === id);
        return one ? ok(one) : scimErrorResponse(404, `${resource} ${id} not found`);
      }
      default:
        return scimErrorResponse(404, `No SCIM endpoint at ${req.path}`);
    }
  }

  function listResources(req: SimRequest, kind: 'Users' | 'Groups'): SimResponse {
    if (req.method !== 'GET') return scimErrorResponse(501, `${req.method} /${kind} is not implemented by this simulator`);
    const startIndex = Math.max(1, intParam(req, 'startIndex', 1));
    const count = Math.max(0, intParam(req, 'count', maxCount));
    const served = Math.min(count, maxCount);
    const attributes = listParam(req, 'attributes');
    const excluded = listParam(req, 'excludedAttributes');
    const filterText = req.query.get('filter');
    const filter = filterText ? parseFilter(filterText) : null;
    const index = indexOf(state);
    const origin = req.url.origin;
    const render = (item: unknown): Record<string, unknown> =>
      kind === 'Users'
        ? renderUser(state, index, item as Parameters<typeof renderUser>[2], origin)
        : renderGroup(state, index, item as Parameters<typeof renderGroup>[2], origin);
    const all: unknown[] = kind === 'Users' ? index.visibleUsers : org.groups;
    let total: number;
    let page: Record<string, unknown>[];
    if (filter) {
      const hits = all.map(render).filter((r) => matches(filter, r));
      total = hits.length;
      page = hits.slice(startIndex - 1, startIndex - 1 + served);
    } else {
      total = all.length;
      page = all.slice(startIndex - 1, startIndex - 1 + served).map(render);
    }
    const includeMembers = groupMembers === 'always' || askedFor(attributes, 'members');
    const shaped = page.map((r) => project(kind === 'Groups' && !includeMembers ? withoutMembers(r) : r, attributes, excluded));
    return list(shaped, total, startIndex);
  }

  function oneResource(req: SimRequest, kind: 'Users' | 'Groups', id: string): SimResponse {
    const index = indexOf(state);
    const origin = req.url.origin;
    const person = kind === 'Users' ? index.usersById.get(id) : undefined;
    const group = kind === 'Groups' ? index.groupsById.get(id) : undefined;
    if (!person && !group) return scimErrorResponse(404, `Resource ${id} not found`);
    const render = () => {
      const idx = indexOf(state);
      return person ? renderUser(state, idx, person, origin) : renderGroup(state, idx, group as NonNullable<typeof group>, origin);
    };
    const current = render();
    const version = (current.meta as { version: string }).version;

    if (req.method === 'GET') {
      if (sameVersion(String(req.headers['if-none-match'] ?? ''), version)) return { status: 304, headers: { etag: version } };
      const attributes = listParam(req, 'attributes');
      const includeMembers = groupMembers !== 'when-asked' || askedFor(attributes, 'members');
      const shaped = project(group && !includeMembers ? withoutMembers(current) : current, attributes, listParam(req, 'excludedAttributes'));
      return ok(shaped, { etag: version });
    }
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && !sameVersion(String(ifMatch), version)) {
      return scimErrorResponse(412, `If-Match ${String(ifMatch)} does not match the current version ${version}`);
    }
    if (req.rawBody && req.body === undefined) throw new ScimSimError(400, 'invalidSyntax', 'request body is not JSON');
    switch (req.method) {
      case 'PATCH': {
        const ops = readPatchOps(req.body, dialect);
        if (person) patchUser(state, person, ops, dialect);
        else patchGroup(state, index, group as NonNullable<typeof group>, ops, dialect);
        const after = render();
        return ok(after, { etag: (after.meta as { version: string }).version });
      }
      case 'PUT': {
        if (!person) return scimErrorResponse(501, 'PUT /Groups is not implemented by this simulator; use PATCH');
        putUser(state, person, id, req.body, dialect);
        const after = render();
        return ok(after, { etag: (after.meta as { version: string }).version });
      }
      case 'DELETE':
        if (!person) return scimErrorResponse(501, 'DELETE /Groups is not implemented by this simulator');
        deleteUser(state, person);
        return { status: 204 };
      default:
        return scimErrorResponse(405, `${req.method} is not allowed on /${kind}/{id}`);
    }
  }

  const handler = ((req: SimRequest): SimResponse => {
    try {
      return route(req);
    } catch (error) {
      if (error instanceof ScimSimError) return fromSimError(error);
      if (error instanceof ScimFilterError) return scimErrorResponse(400, `Invalid filter: ${error.message}`, 'invalidFilter');
      throw error;
    }
  }) as ScimSimHandler;
  handler.token = token;
  handler.basePath = basePath;
  handler.state = state;
  handler.rateLimitResponse = () => scimErrorResponse(429, 'Too many requests', null, { 'retry-after': '1' });
  handler.errorResponse = (status) => scimErrorResponse(status, STATUS_TEXT[status] ?? `HTTP ${status}`);
  return handler;
}

/** Starts the SCIM simulator on 127.0.0.1 and hands back where it listens and the token it accepts. */
export async function startScimSimulator(org: OrgModel, options: ScimSimOptions = {}): Promise<RunningScimSim> {
  const handler = createScimSimHandler(org, options);
  const running = await serveSimulator('scim', { handler, rateLimitResponse: handler.rateLimitResponse, errorResponse: handler.errorResponse }, options);
  return Object.assign(running, { credentials: { baseUrl: `${running.origin}${handler.basePath}`, token: handler.token } });
}

function intParam(req: SimRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ScimSimError(400, 'invalidValue', `${name} must be an integer`);
  return Number(raw);
}

function listParam(req: SimRequest, name: string): string[] | null {
  const raw = req.query.get(name);
  if (!raw) return null;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function askedFor(attributes: string[] | null, name: string): boolean {
  return !!attributes?.some((a) => a.toLowerCase() === name || a.toLowerCase().startsWith(`${name}.`));
}

function withoutMembers(resource: Record<string, unknown>): Record<string, unknown> {
  const { members: _members, ...rest } = resource;
  return rest;
}

/** Compares entity tags as SCIM servers do: opaque strings, weak prefix ignored, "*" matches anything. */
function sameVersion(header: string, version: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(version));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
