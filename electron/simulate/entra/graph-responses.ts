import { randomUUID } from 'node:crypto';
import type { SimRequest, SimResponse } from '../sim-server';

/** Graph's JSON content type, as the real service sends it. */
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * A Graph error in Graph's own envelope: `{"error": {"code", "message", "innerError": {...}}}`,
 * with the request-id header clients quote to Microsoft support.
 */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'content-type': GRAPH_JSON, 'request-id': requestId, 'client-request-id': requestId, ...headers },
    json: {
      error: {
        code,
        message,
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId },
      },
    },
  };
}

export function graphJson(body: unknown, headers: Record<string, string> = {}): SimResponse {
  const requestId = randomUUID();
  return { status: 200, headers: { 'content-type': GRAPH_JSON, 'request-id': requestId, 'client-request-id': requestId, ...headers }, json: body };
}

/** Graph's 429: Retry-After in seconds, code TooManyRequests. */
export function graphRateLimitResponse(retryAfterSeconds: number): (req: SimRequest) => SimResponse {
  return () =>
    graphError(429, 'TooManyRequests', 'Too many requests. Please retry after the interval in the Retry-After header.', {
      'retry-after': String(retryAfterSeconds),
    });
}

/** How an injected error status reads on Graph (503 carries Retry-After, as Graph's does). */
export function graphErrorResponse(retryAfterSeconds: number): (status: number, req: SimRequest) => SimResponse {
  return (status) => {
    switch (status) {
      case 400:
        return graphError(400, 'BadRequest', 'Bad request.');
      case 401:
        return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
      case 403:
        return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      case 404:
        return graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.');
      case 410:
        return graphError(410, 'resyncRequired', 'The delta token is no longer valid; restart with a full synchronization.');
      case 503:
        return graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable.', { 'retry-after': String(retryAfterSeconds) });
      default:
        return graphError(status, 'generalException', 'An unspecified error has occurred.');
    }
  };
}

/** The token endpoint's error shape (Entra ID v2): `{error, error_description, error_codes, ...}`. */
export function tokenError(status: number, error: string, aadsts: number, description: string): SimResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    json: {
      error,
      error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
  };
}
