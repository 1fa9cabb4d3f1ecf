import { AppError, type ErrorCode } from '../../../../shared/api/result';
import { redact } from '../../../platform/redact';
import type { HttpResponse } from '../../http/http-client';

/**
 * Okta's failures in words a person can act on. Okta's error body is
 * `{errorCode, errorSummary, errorLink, errorId, errorCauses}` and only `errorCode` is a
 * contract (summaries change wording), so every decision branches on the code.
 */
export class OktaError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    /** Okta's errorCode (E0000011...) or the OAuth error (invalid_client...), when there was one. */
    readonly oktaCode: string | null = null,
    readonly status: number | null = null,
  ) {
    super(code, redact(message));
    this.name = 'OktaError';
  }
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string | null;
  errorId: string | null;
  errorCauses: string[];
}

/** Reads an Okta error body; null when the body is not one (HTML from a proxy, empty, other JSON). */
export function parseOktaErrorBody(text: string): OktaErrorBody | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.errorCode !== 'string' || b.errorCode === '') return null;
  const causes = Array.isArray(b.errorCauses)
    ? b.errorCauses.flatMap((c) => (typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>).errorSummary === 'string' ? [(c as Record<string, string>).errorSummary as string] : []))
    : [];
  return {
    errorCode: b.errorCode,
    errorSummary: typeof b.errorSummary === 'string' ? b.errorSummary : null,
    errorId: typeof b.errorId === 'string' ? b.errorId : null,
    errorCauses: causes,
  };
}

/** The scope a 403 says is missing, from `WWW-Authenticate: Bearer ..., scope="okta.logs.read"`. */
export function missingScopeFrom(headers: Record<string, string>): string | null {
  const header = headers['www-authenticate'];
  if (!header) return null;
  const m = /\bscope="([^"]+)"/i.exec(header);
  return m?.[1] ?? null;
}

/**
 * The error for a non-2xx answer to an API read. `where` names the endpoint and page, e.g.
 * "Okta /api/v1/users page 3".
 */
export function oktaHttpError(res: HttpResponse, where: string, authKind: 'ssws' | 'oauth'): OktaError {
  const body = parseOktaErrorBody(res.text);
  const code = body?.errorCode ?? null;
  const summary = body?.errorSummary ? `: ${body.errorSummary}` : '';
  const tokenWord = authKind === 'ssws' ? 'API token' : 'OAuth access token';
  switch (code) {
    case 'E0000011':
      return new OktaError(
        'UNAUTHORIZED',
        authKind === 'ssws'
          ? `Okta rejected the API token (E0000011) at ${where}: check that the token is correct and has not been revoked or expired (tokens expire after 30 days unused)`
          : `Okta rejected the OAuth access token (E0000011) at ${where}: check the service app is active and its grants`,
        code,
        res.status,
      );
    case 'E0000006': {
      const scope = missingScopeFrom(res.headers);
      const hint =
        authKind === 'oauth'
          ? scope
            ? `the service app needs the ${scope} scope granted (and requested)`
            : 'the service app lacks a scope or admin role this read needs'
          : 'the administrator who created the API token lacks a role that can read this (a read-only administrator is enough)';
      return new OktaError('FORBIDDEN', `${where}: missing permission/scope (E0000006): ${hint}`, code, res.status);
    }
    case 'E0000047':
      return new OktaError('UPSTREAM', `${where}: Okta rate limit still exceeded after retries (E0000047); try again after the limit resets or lower the polling frequency`, code, res.status);
    case null:
      if (res.status === 401) return new OktaError('UNAUTHORIZED', `${where}: HTTP 401 (Okta did not accept the ${tokenWord})`, null, res.status);
      if (res.status === 403) return new OktaError('FORBIDDEN', `${where}: HTTP 403 without an Okta error body (a proxy or firewall may be blocking the request)`, null, res.status);
      return new OktaError('UPSTREAM', `${where}: HTTP ${res.status} with a body that is not an Okta error`, null, res.status);
    default:
      return new OktaError(
        res.status === 401 ? 'UNAUTHORIZED' : res.status === 403 ? 'FORBIDDEN' : 'UPSTREAM',
        `${where}: HTTP ${res.status} ${code}${summary}`,
        code,
        res.status,
      );
  }
}

/** The OAuth `error` code of a response body (RFC 6749), or null. */
export function oauthErrorCode(text: string): string | null {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return typeof body.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

/** The error for a failed OAuth token request (`{error, error_description}` per RFC 6749). */
export function oktaTokenError(res: HttpResponse, tokenPath: string): OktaError {
  let error: string | null = null;
  let description = '';
  try {
    const body = JSON.parse(res.text) as Record<string, unknown>;
    if (typeof body.error === 'string') error = body.error;
    if (typeof body.error_description === 'string') description = ` (${body.error_description})`;
  } catch {
    // not JSON: described by status below
  }
  const where = `Okta OAuth token request ${tokenPath}`;
  switch (error) {
    case 'invalid_client':
      return new OktaError(
        'UNAUTHORIZED',
        `${where}: the client was rejected (invalid_client)${description}: check the client id, that the service app uses public key / private key authentication, and that its registered public key matches the private key (and key id)`,
        error,
        res.status,
      );
    case 'invalid_scope':
      return new OktaError('FORBIDDEN', `${where}: a requested scope is not granted to the service app (invalid_scope)${description}: grant it under Okta API Scopes`, error, res.status);
    case 'unauthorized_client':
      return new OktaError('FORBIDDEN', `${where}: the service app may not use the client credentials grant (unauthorized_client)${description}`, error, res.status);
    case 'invalid_dpop_proof':
    case 'use_dpop_nonce':
      return new OktaError(
        'UNAUTHORIZED',
        `${where}: Okta refused our proof of possession (${error})${description}. The service app requires DPoP; if this persists, clear "Require Demonstrating Proof of Possession (DPoP) header in token requests" in the app's General Settings`,
        error,
        res.status,
      );
    case 'invalid_grant':
    case 'invalid_request':
    case 'unsupported_grant_type':
      return new OktaError('UPSTREAM', `${where}: Okta refused the token request (${error})${description}`, error, res.status);
    default: {
      const okta = parseOktaErrorBody(res.text);
      if (okta) return new OktaError('UPSTREAM', `${where}: HTTP ${res.status} ${okta.errorCode}${okta.errorSummary ? `: ${okta.errorSummary}` : ''}`, okta.errorCode, res.status);
      return new OktaError('UPSTREAM', `${where}: HTTP ${res.status}${error ? ` ${error}${description}` : ' with a body that is not an OAuth error'}`, error, res.status);
    }
  }
}
