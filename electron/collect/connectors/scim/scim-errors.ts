import { redact } from '../../../platform/redact';
import type { HttpResponse } from '../../http/http-client';
import { getCi, isObject } from './scim-urns';

/**
 * A SCIM server answered with an error status. Carries the status and the RFC 7644 §3.12
 * `scimType` so callers (remediation, the connection test) can react to e.g. `noTarget` or a
 * 412 without parsing the message; the message itself is already safe to show and log.
 */
export class ScimRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly scimType: string | null,
  ) {
    super(message);
    this.name = 'ScimRequestError';
  }
}

/** What a SCIM error body says, whether or not it follows the RFC shape (status is a string there). */
export interface ScimErrorBody {
  status: string | null;
  scimType: string | null;
  detail: string | null;
}

/** Reads `{schemas:[...Error], status:"401", scimType?, detail?}`; tolerant of a numeric status and of plain JSON errors. */
export function parseScimErrorBody(text: string): ScimErrorBody | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(body)) return null;
  const status = getCi(body, 'status');
  const scimType = getCi(body, 'scimType');
  const detail = getCi(body, 'detail') ?? getCi(body, 'message') ?? getCi(body, 'error_description');
  return {
    status: typeof status === 'string' || typeof status === 'number' ? String(status) : null,
    scimType: typeof scimType === 'string' ? scimType : null,
    detail: typeof detail === 'string' ? detail : null,
  };
}

const HINTS: Record<number, string> = {
  400: 'the server refused the request as invalid',
  401: 'the bearer token was refused: check that it is current and issued for this SCIM endpoint',
  403: 'the token is valid but lacks permission for this resource',
  404: 'not found: check that the base URL ends at the SCIM root (for example .../scim/v2)',
  409: 'conflict with the current state of the resource',
  412: 'the resource changed since it was read (If-Match version mismatch)',
  429: 'rate limited by the server, even after waiting as it asked',
  500: 'the SCIM server failed internally',
  501: 'the SCIM server does not implement this operation',
  503: 'the SCIM server is unavailable',
};

/**
 * Turns a non-2xx SCIM response into an error a person can act on, naming the endpoint
 * (`where`, which never contains the base URL) and what the server said. Redacted.
 */
export function scimFailure(res: HttpResponse, where: string): ScimRequestError {
  const body = parseScimErrorBody(res.text);
  const parts = [`${where}: HTTP ${res.status}`];
  if (body?.scimType) parts.push(`(scimType ${body.scimType})`);
  const hint = HINTS[res.status] ?? (res.status >= 500 ? 'the SCIM server failed' : 'the request was refused');
  let message = `${parts.join(' ')}: ${hint}`;
  if (body?.detail) message += `; server says: "${truncate(body.detail, 300)}"`;
  else if (!body && res.text.trim()) message += `; body starts: "${truncate(res.text.trim(), 120)}"`;
  return new ScimRequestError(redact(message), res.status, body?.scimType ?? null);
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
