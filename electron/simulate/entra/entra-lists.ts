import type { SimRequest, SimResponse } from '../sim-server';
import { project } from './entra-render';
import { graphError, graphJson } from './graph-responses';

/** One object of a plain Graph collection. */
export interface ListItem {
  id: string;
  properties: Record<string, unknown>;
  /** Set for directoryObject collections (members), e.g. "#microsoft.graph.user". */
  odataType?: string;
  /** Default property set when the client gives no $select (differs per type). */
  defaultSelect: string[] | null;
}

export const MAX_TOP = 999;
export const DEFAULT_TOP = 100;

/**
 * A plain Graph collection (`/users`, `/groups`, `/groups/{id}/members`...): `$select`, `$top`
 * (default 100, 1..999), `$count` (only with `ConsistencyLevel: eventual`), and
 * `@odata.nextLink` carrying the original query plus an opaque `$skiptoken`. Objects are
 * ordered by id and the token remembers the last id served, so paging stays consistent while
 * objects are added or removed. Filters and search are not simulated: refused with 400.
 */
export function pagedList(req: SimRequest, entitySet: string, items: ListItem[]): SimResponse {
  for (const unsupported of ['$filter', '$search', '$orderby', '$expand']) {
    if (req.query.has(unsupported)) return graphError(400, 'Request_UnsupportedQuery', `The simulator does not implement ${unsupported}.`);
  }
  const topText = req.query.get('$top');
  const top = topText === null ? DEFAULT_TOP : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
    return graphError(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${topText ?? ''}'. Must be between 1 and ${MAX_TOP} inclusive.`);
  }
  const wantsCount = req.query.get('$count') === 'true';
  if (wantsCount && String(req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
    return graphError(400, 'Request_BadRequest', '$count is not currently supported without the ConsistencyLevel: eventual header.');
  }
  const select = parseSelect(req.query.get('$select'));
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let start = 0;
  const skip = req.query.get('$skiptoken');
  if (skip !== null) {
    const after = decodeAfter(skip);
    if (after === undefined) return graphError(400, 'Request_BadRequest', "Invalid value '$skiptoken'.");
    start = sorted.findIndex((item) => item.id > after);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + top);
  const value = page.map((item) => {
    const object = project(item.properties, select ?? item.defaultSelect, false);
    return item.odataType ? { '@odata.type': item.odataType, ...object } : object;
  });
  const body: Record<string, unknown> = { '@odata.context': `${req.url.origin}/v1.0/$metadata#${entitySet}${select ? `(${select.join(',')})` : ''}` };
  if (wantsCount) body['@odata.count'] = items.length;
  const last = page[page.length - 1];
  if (start + top < sorted.length && last) {
    const params = [...req.query].filter(([k]) => k !== '$skiptoken');
    params.push(['$skiptoken', encodeAfter(last.id)]);
    const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
    body['@odata.nextLink'] = `${req.url.origin}${req.path}?${query}`;
  }
  body.value = value;
  return graphJson(body);
}

/** `$select=a,b` into names; null when absent. */
export function parseSelect(text: string | null): string[] | null {
  if (text === null) return null;
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length ? names : null;
}

/** Graph refuses a $select naming a property the type does not have. */
export function checkSelect(select: string[] | null, known: string[], typeName: string, extra: string[] = []): SimResponse | undefined {
  if (!select) return undefined;
  const allowed = new Set([...known, ...extra].map((k) => k.toLowerCase()));
  const unknown = select.find((name) => !allowed.has(name.toLowerCase()));
  return unknown ? graphError(400, 'Request_BadRequest', `Could not find a property named '${unknown}' on type '${typeName}'.`) : undefined;
}

function encodeAfter(id: string): string {
  return Buffer.from(`RFNwd:${id}`).toString('base64url');
}

function decodeAfter(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith('RFNwd:') ? text.slice(6) : undefined;
}
