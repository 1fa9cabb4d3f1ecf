import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { AppError } from '../../../../shared/api/result';
import { registerSecret } from '../../../platform/redact';
import type { Clock } from '../../../platform/clock';
import { HttpError, type HttpClient } from '../../http/http-client';
import { OktaError, oktaTokenError } from './okta-errors';

/** How the connector proves itself to Okta (apis.md: SSWS, or an OAuth service app with private_key_jwt). */
export type OktaAuthOptions =
  | { type: 'ssws'; token: string }
  | { type: 'oauth'; clientId: string; privateKeyPem: string; keyId?: string; scopes?: string[]; /** Where the key came from, for errors (e.g. `environment variable OKTA_KEY`). */ privateKeyFrom?: string };

export const DEFAULT_OKTA_SCOPES = ['okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.logs.read'];

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Okta allows up to 1 h; a short life limits what a leaked assertion is worth. */
const ASSERTION_LIFETIME_S = 300;

export interface OktaAuthContext {
  http: HttpClient;
  clock: Clock;
  signal: AbortSignal;
}

/** Produces the Authorization header value; OAuth tokens are fetched once and cached until shortly before expiry. */
export interface OktaAuth {
  readonly kind: 'ssws' | 'oauth';
  authorization(ctx: OktaAuthContext): Promise<string>;
  /** Forget a cached access token (after Okta rejected it). */
  invalidate(): void;
}

/** Builds the auth for one connector and registers every credential with the redactor. */
export function createOktaAuth(baseUrl: string, options: OktaAuthOptions, rateLimitKey: string): OktaAuth {
  if (options.type === 'ssws') {
    if (!options.token) throw new AppError('INVALID_ARGUMENT', 'Okta: the SSWS API token is empty');
    registerSecret(options.token);
    const header = `SSWS ${options.token}`;
    return { kind: 'ssws', authorization: async () => header, invalidate: () => undefined };
  }
  return createOAuth(baseUrl, options, rateLimitKey);
}

function createOAuth(baseUrl: string, options: Extract<OktaAuthOptions, { type: 'oauth' }>, rateLimitKey: string): OktaAuth {
  if (!options.clientId) throw new AppError('INVALID_ARGUMENT', 'Okta OAuth: clientId is empty');
  registerSecret(options.privateKeyPem);
  for (const line of options.privateKeyPem.split(/\r?\n/)) if (!line.startsWith('-----')) registerSecret(line.trim());
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: options.privateKeyPem, format: 'pem' });
  } catch {
    throw new AppError('INVALID_ARGUMENT', `Okta OAuth: the private key${options.privateKeyFrom ? ` in ${options.privateKeyFrom}` : ''} is not a readable PEM private key (expected -----BEGIN PRIVATE KEY-----)`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new AppError('INVALID_ARGUMENT', `Okta OAuth: the private key is ${key.asymmetricKeyType ?? 'not an asymmetric key'}; RS256 needs an RSA key`);
  }
  const tokenPath = '/oauth2/v1/token';
  const tokenUrl = `${baseUrl}${tokenPath}`;
  const scopes = options.scopes?.length ? options.scopes : DEFAULT_OKTA_SCOPES;
  let cached: { header: string; refreshAtMs: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const assertion = (nowMs: number): string => {
    const iat = Math.floor(nowMs / 1000);
    const header: Record<string, string> = { alg: 'RS256', typ: 'JWT' };
    if (options.keyId) header.kid = options.keyId;
    const payload = { iss: options.clientId, sub: options.clientId, aud: tokenUrl, iat, exp: iat + ASSERTION_LIFETIME_S, jti: randomUUID() };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = sign('sha256', Buffer.from(input), key).toString('base64url');
    const jwt = `${input}.${signature}`;
    registerSecret(jwt);
    return jwt;
  };

  const fetchToken = async (ctx: OktaAuthContext): Promise<string> => {
    const startedMs = ctx.clock.now().getTime();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.join(' '),
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion(startedMs),
    }).toString();
    let res;
    try {
      res = await ctx.http.request({
        method: 'POST',
        url: tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        // Asking for a token changes nothing on the server, so it may be retried like a read.
        retry: true,
        rateLimitKey,
        signal: ctx.signal,
      });
    } catch (error) {
      if (error instanceof HttpError && error.kind === 'aborted') throw error;
      throw new OktaError('UPSTREAM', `Okta OAuth token request ${tokenPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (res.status !== 200) throw oktaTokenError(res, tokenPath);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      throw new OktaError('UPSTREAM', `Okta OAuth token request ${tokenPath}: the response is not JSON`);
    }
    const token = parsed.access_token;
    const type = parsed.token_type;
    if (typeof token !== 'string' || token === '') throw new OktaError('UPSTREAM', `Okta OAuth token request ${tokenPath}: the response has no access_token`);
    registerSecret(token);
    if (typeof type === 'string' && type.toLowerCase() !== 'bearer') {
      throw new OktaError('UPSTREAM', `Okta OAuth token request ${tokenPath}: unexpected token_type "${type}" (expected Bearer)`);
    }
    const expiresIn = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 3600;
    // Refresh a minute early (or at 90% of a short life) so a page never goes out with a dying token.
    const marginMs = Math.min(60_000, expiresIn * 100);
    cached = { header: `Bearer ${token}`, refreshAtMs: startedMs + expiresIn * 1000 - marginMs };
    return cached.header;
  };

  return {
    kind: 'oauth',
    async authorization(ctx) {
      if (cached && ctx.clock.now().getTime() < cached.refreshAtMs) return cached.header;
      if (!inFlight) {
        inFlight = fetchToken(ctx).finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
