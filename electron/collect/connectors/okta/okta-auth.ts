import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { AppError } from '../../../../shared/api/result';
import { registerSecret } from '../../../platform/redact';
import type { Clock } from '../../../platform/clock';
import { HttpError, type HttpClient } from '../../http/http-client';
import { OktaError, oauthErrorCode, oktaTokenError } from './okta-errors';
import { DpopProver } from './okta-dpop';

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
  /** A fresh DPoP proof for one API request when the token is DPoP-bound (see okta-dpop.ts), else null. */
  proofFor(method: string, url: string): string | null;
  /** Reads what a response hands back to the auth (a DPoP nonce). */
  observe(headers: Record<string, string>): void;
  /** Forget a cached access token (after Okta rejected it). */
  invalidate(): void;
}

/** Builds the auth for one connector and registers every credential with the redactor. */
export function createOktaAuth(baseUrl: string, options: OktaAuthOptions, rateLimitKey: string): OktaAuth {
  if (options.type === 'ssws') {
    if (!options.token) throw new AppError('INVALID_ARGUMENT', 'Okta: the SSWS API token is empty');
    registerSecret(options.token);
    const header = `SSWS ${options.token}`;
    return { kind: 'ssws', authorization: async () => header, proofFor: () => null, observe: () => undefined, invalidate: () => undefined };
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
  let cached: { header: string; refreshAtMs: number; dpopToken: string | null } | null = null;
  let inFlight: Promise<string> | null = null;
  // Made when Okta first asks for proof of possession (the app requires DPoP), then kept.
  let dpop: DpopProver | null = null;

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
    });
    const ask = async () => {
      try {
        const prover = dpop;
        const res = await ctx.http.request({
          method: 'POST',
          url: tokenUrl,
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          ...(prover ? { freshHeaders: () => ({ dpop: prover.proof('POST', tokenUrl) }) } : {}),
          body: body.toString(),
          // Asking for a token changes nothing on the server, so it may be retried like a read.
          retry: true,
          rateLimitKey,
          signal: ctx.signal,
        });
        prover?.observe(res.headers);
        return res;
      } catch (error) {
        if (error instanceof HttpError && error.kind === 'aborted') throw error;
        // The transport error stays as the cause: a connection test diagnoses DNS, refusals and proxies from it.
        throw Object.assign(new OktaError('UPSTREAM', `Okta OAuth token request ${tokenPath}: ${error instanceof Error ? error.message : String(error)}`), { cause: error });
      }
    };
    let res = await ask();
    // A service app that requires DPoP refuses a request without a proof; the first proof it
    // sees gets "use_dpop_nonce" and a nonce to put in the next. (The assertion is single use
    // too: each round signs a new one.)
    for (let round = 0; res.status === 400 && round < 2; round += 1) {
      const code = oauthErrorCode(res.text);
      if (code === 'invalid_dpop_proof' && !dpop) dpop = new DpopProver(() => ctx.clock.now().getTime());
      else if (!(code === 'use_dpop_nonce' && dpop && res.headers['dpop-nonce'])) break;
      body.set('client_assertion', assertion(ctx.clock.now().getTime()));
      res = await ask();
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
    const scheme = typeof type === 'string' ? type.toLowerCase() : 'bearer';
    if (scheme !== 'bearer' && !(scheme === 'dpop' && dpop)) {
      throw new OktaError('UPSTREAM', `Okta OAuth token request ${tokenPath}: unexpected token_type "${String(type)}" (expected Bearer${dpop ? ' or DPoP' : ''})`);
    }
    const expiresIn = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 3600;
    // Refresh a minute early (or at 90% of a short life) so a page never goes out with a dying token.
    const marginMs = Math.min(60_000, expiresIn * 100);
    cached = { header: `${scheme === 'dpop' ? 'DPoP' : 'Bearer'} ${token}`, refreshAtMs: startedMs + expiresIn * 1000 - marginMs, dpopToken: scheme === 'dpop' ? token : null };
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
    proofFor(method, url) {
      return dpop && cached?.dpopToken ? dpop.proof(method, url, cached.dpopToken) : null;
    },
    observe(headers) {
      dpop?.observe(headers);
    },
    invalidate() {
      cached = null;
    },
  };
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
