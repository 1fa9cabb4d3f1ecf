import type { SimRequest, SimResponse } from '../sim-server';

/** Prefect's identity lists never return more than this, whatever `limit` asked for. */
export const PREFECT_LIST_CAP = 200;

export type Json = Record<string, unknown>;
export type Result<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/** FastAPI's validation error shape, which Prefect Cloud answers with on a 422. */
export function validationError(loc: (string | number)[], msg: string, type: string, input?: unknown): SimResponse {
  return { status: 422, json: { detail: [{ type, loc, msg, ...(input !== undefined ? { input } : {}) }] } };
}

export function detail(status: number, message: string): SimResponse {
  return { status, json: { detail: message } };
}

export const notFound = (what = 'Not Found'): SimResponse => detail(404, what);
export const noContent = (): SimResponse => ({ status: 204 });

/** The request body as a JSON object (an empty body is `{}`), or FastAPI's 422. */
export function objectBody(req: SimRequest): Result<Json> {
  if (!req.rawBody.trim()) return { ok: true, value: {} };
  if (req.body === undefined) return { ok: false, response: validationError(['body'], 'JSON decode error', 'json_invalid') };
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
    return { ok: false, response: validationError(['body'], 'Input should be a valid dictionary', 'dict_type', req.body) };
  }
  return { ok: true, value: req.body as Json };
}

/** A body that may be one object or a list of them (the access upserts take either). */
export function listBody(req: SimRequest): Result<Json[]> {
  if (req.body === undefined) return { ok: false, response: validationError(['body'], req.rawBody.trim() ? 'JSON decode error' : 'Field required', req.rawBody.trim() ? 'json_invalid' : 'missing') };
  const items = Array.isArray(req.body) ? req.body : [req.body];
  for (const [i, item] of items.entries()) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return { ok: false, response: validationError(['body', i], 'Input should be a valid dictionary', 'dict_type') };
  }
  return { ok: true, value: items as Json[] };
}

/** A non-negative integer field with a default; anything else is the 422 FastAPI would send. */
export function intField(body: Json, name: string, fallback: number, loc: (string | number)[] = ['body', name]): Result<number> {
  const v = body[name];
  if (v === undefined || v === null) return { ok: true, value: fallback };
  if (typeof v !== 'number' || !Number.isInteger(v)) return { ok: false, response: validationError(loc, 'Input should be a valid integer', 'int_type', v) };
  if (v < 0) return { ok: false, response: validationError(loc, 'Input should be greater than or equal to 0', 'greater_than_equal', v) };
  return { ok: true, value: v };
}

export function stringField(body: Json, name: string, required: boolean): Result<string | undefined> {
  const v = body[name];
  if (v === undefined || v === null) {
    return required ? { ok: false, response: validationError(['body', name], 'Field required', 'missing') } : { ok: true, value: undefined };
  }
  if (typeof v !== 'string' || !v) return { ok: false, response: validationError(['body', name], 'Input should be a valid string', 'string_type', v) };
  return { ok: true, value: v };
}

export interface ListQuery {
  limit: number;
  offset: number;
  body: Json;
}

/**
 * `{limit, offset}` of a POST .../filter. A limit above 200 is not an error: Prefect
 * silently returns 200, which is exactly the trap a client must not fall into.
 */
export function listQuery(req: SimRequest): Result<ListQuery> {
  const body = objectBody(req);
  if (!body.ok) return body;
  const limit = intField(body.value, 'limit', PREFECT_LIST_CAP);
  if (!limit.ok) return limit;
  const offset = intField(body.value, 'offset', 0);
  if (!offset.ok) return offset;
  return { ok: true, value: { limit: Math.min(limit.value, PREFECT_LIST_CAP), offset: offset.value, body: body.value } };
}

/**
 * Applies `{<section>: {<field>: {any_: [...]}}}` to rendered items. Unknown fields are a 422
 * (Prefect's filter models forbid extras), so a typo in remediation fails loudly.
 */
export function applyAnyFilter(items: Json[], body: Json, section: string | string[], fields: string[]): Result<Json[]> {
  const sections = Array.isArray(section) ? section : [section];
  let out = items;
  for (const name of sections) {
    const filter = body[name];
    if (filter === undefined || filter === null) continue;
    if (typeof filter !== 'object' || Array.isArray(filter)) return { ok: false, response: validationError(['body', name], 'Input should be a valid dictionary', 'dict_type') };
    for (const [fieldName, cond] of Object.entries(filter as Json)) {
      if (!fields.includes(fieldName)) return { ok: false, response: validationError(['body', name, fieldName], 'Extra inputs are not permitted', 'extra_forbidden') };
      if (cond === null) continue;
      const any = (cond as Json | undefined)?.any_;
      if (any === undefined || any === null) continue;
      if (!Array.isArray(any) || any.some((x) => typeof x !== 'string')) {
        return { ok: false, response: validationError(['body', name, fieldName, 'any_'], 'Input should be a valid list of strings', 'list_type') };
      }
      const wanted = new Set(any.map((x: string) => x.toLowerCase()));
      out = out.filter((item) => {
        const v = item[fieldName];
        return typeof v === 'string' && wanted.has(v.toLowerCase());
      });
    }
  }
  return { ok: true, value: out };
}

export function page<T>(items: { slice(start?: number, end?: number): T[] }, q: ListQuery): T[] {
  return items.slice(q.offset, q.offset + q.limit);
}
