import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../sim-server';

/**
 * Okta's error responses, in Okta's shape: `{errorCode, errorSummary, errorLink, errorId,
 * errorCauses}`. Summaries follow Okta's documented wording, but clients must branch on the
 * code only.
 */
export const OKTA_ERROR_SUMMARY: Record<string, string> = {
  E0000001: 'Api validation failed',
  E0000006: 'You do not have permission to perform the requested action',
  E0000007: 'Not found: Resource not found',
  E0000009: 'Internal Server Error',
  E0000011: 'Invalid token provided',
  E0000022: 'The endpoint does not support the provided HTTP method',
  E0000031: 'Invalid search criteria.',
  E0000047: 'API call exceeded rate limit due to too many requests.',
  E0000053: 'Invalid filter',
};

/** A body exactly as Okta sends one. */
export function oktaErrorBody(code: string, summary?: string, causes: string[] = []): Record<string, unknown> {
  return {
    errorCode: code,
    errorSummary: summary ?? OKTA_ERROR_SUMMARY[code] ?? 'Error',
    errorLink: code,
    errorId: `oae${randomBytes(16).toString('base64url').slice(0, 22)}`,
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

export function oktaErrorResponse(status: number, code: string, summary?: string, causes: string[] = [], headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, json: oktaErrorBody(code, summary, causes) };
}

/** The errorCode Okta uses for a bare HTTP status (for injected faults). */
export function oktaCodeForStatus(status: number): string {
  if (status === 400) return 'E0000001';
  if (status === 401) return 'E0000011';
  if (status === 403) return 'E0000006';
  if (status === 404) return 'E0000007';
  if (status === 405) return 'E0000022';
  if (status === 429) return 'E0000047';
  return 'E0000009';
}

/** An OAuth 2.0 token endpoint error (RFC 6749 section 5.2), as Okta's /oauth2/v1/token sends it. */
export function oauthErrorResponse(status: number, error: string, description: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, json: { error, error_description: description } };
}
