import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { registerSecret } from '../../../platform/redact';
import type { Clock } from '../../../platform/clock';
import type { HttpClient } from '../../http/http-client';
import { EntraError, describeTokenFailure } from './entra-errors';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** How the app registration proves who it is: a client secret, or a certificate's private key. */
export type EntraAuth =
  | { type: 'secret'; clientSecret: string }
  | {
      type: 'certificate';
      privateKeyPem: string;
      /** Where the key came from, for errors (e.g. `environment variable ENTRA_KEY`). */
      privateKeyFrom?: string;
      /** Hex SHA-1 thumbprint of the certificate uploaded to the app registration; sent as `x5t` (base64url). */
      certificateThumbprint: string;
    };

export interface EntraTokenConfig {
  tenantId: string;
  clientId: string;
  auth: EntraAuth;
  /** e.g. https://login.microsoftonline.com (no trailing slash). */
  loginBaseUrl: string;
}

/** What the token source needs from a read; handed in per call so the cache can outlive one read. */
export interface TokenRequestContext {
  http: HttpClient;
  clock: Clock;
  signal: AbortSignal;
}

/**
 * Client-credentials tokens for Microsoft Graph, cached until shortly before they expire so a
 * collection every few minutes does not hit the token endpoint every time.
 */
export interface EntraTokenSource {
  token(ctx: TokenRequestContext): Promise<string>;
  /** Forget the cached token (Graph said it is no longer valid). */
  invalidate(): void;
  readonly tokenUrl: string;
}

/** Checks the credentials up front (so a bad key fails at configuration, not mid-collection) and registers them as secrets. */
export function createEntraTokenSource(config: EntraTokenConfig): EntraTokenSource {
  const tokenUrl = `${config.loginBaseUrl}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  let privateKey: KeyObject | undefined;
  let thumbprint: Buffer | undefined;
  if (config.auth.type === 'secret') {
    if (!config.auth.clientSecret) throw new EntraError('Entra source: auth.clientSecret is empty', 'config');
    registerSecret(config.auth.clientSecret);
  } else {
    registerSecret(config.auth.privateKeyPem);
    try {
      privateKey = createPrivateKey(config.auth.privateKeyPem);
    } catch {
      throw new EntraError(`Entra source: the certificate's private key${config.auth.privateKeyFrom ? ` in ${config.auth.privateKeyFrom}` : ''} is not a readable PEM private key (expected -----BEGIN PRIVATE KEY-----)`, 'config');
    }
    if (privateKey.asymmetricKeyType !== 'rsa') {
      throw new EntraError(`Entra source: the certificate key must be RSA (RS256), got ${privateKey.asymmetricKeyType ?? 'unknown'}`, 'config');
    }
    thumbprint = parseThumbprint(config.auth.certificateThumbprint);
  }

  let cached: { token: string; refreshAtMs: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(ctx: TokenRequestContext): Promise<string> {
    const form = new URLSearchParams({ client_id: config.clientId, scope: GRAPH_SCOPE, grant_type: 'client_credentials' });
    if (config.auth.type === 'secret') {
      form.set('client_secret', config.auth.clientSecret);
    } else {
      const assertion = buildClientAssertion({
        clientId: config.clientId,
        audience: tokenUrl,
        privateKey: privateKey as KeyObject,
        thumbprint: thumbprint as Buffer,
        now: ctx.clock.now(),
        jti: randomUUID(),
      });
      registerSecret(assertion);
      form.set('client_assertion_type', JWT_BEARER);
      form.set('client_assertion', assertion);
    }
    const response = await ctx.http.request({
      method: 'POST',
      url: tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: ctx.signal,
      // Asking for a token changes nothing on the server, so a throttled or failed attempt may be repeated.
      retry: true,
      rateLimitKey: `entra-login:${config.tenantId}`,
    });
    if (response.status !== 200) throw describeTokenFailure(response.status, response.text, config);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.text) as typeof body;
    } catch {
      throw new EntraError(`Entra token endpoint (tenant ${config.tenantId}): HTTP 200 but the body is not JSON`, 'auth', 200);
    }
    const expiresIn = Number(body.expires_in);
    if (typeof body.access_token !== 'string' || !body.access_token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new EntraError(`Entra token endpoint (tenant ${config.tenantId}): HTTP 200 without access_token/expires_in`, 'auth', 200);
    }
    registerSecret(body.access_token);
    // Renew five minutes early (or halfway, for short-lived tokens) so a page request never carries an expiring token.
    const marginMs = Math.min(300_000, (expiresIn * 1000) / 2);
    cached = { token: body.access_token, refreshAtMs: ctx.clock.now().getTime() + expiresIn * 1000 - marginMs };
    return body.access_token;
  }

  return {
    tokenUrl,
    async token(ctx) {
      if (cached && ctx.clock.now().getTime() < cached.refreshAtMs) return cached.token;
      inFlight ??= fetchToken(ctx).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export interface ClientAssertionInput {
  clientId: string;
  /** The token endpoint URL: Entra checks `aud` against it. */
  audience: string;
  privateKey: KeyObject;
  /** SHA-1 thumbprint bytes of the certificate. */
  thumbprint: Buffer;
  now: Date;
  jti: string;
}

/**
 * The RS256 JWT that stands in for a secret with certificate credentials: header `x5t` names
 * the certificate, `iss` = `sub` = client id, `aud` = token URL, valid for ten minutes.
 */
export function buildClientAssertion(input: ClientAssertionInput): string {
  const nowSec = Math.floor(input.now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: input.thumbprint.toString('base64url') };
  const payload = {
    aud: input.audience,
    iss: input.clientId,
    sub: input.clientId,
    jti: input.jti,
    iat: nowSec,
    nbf: nowSec,
    exp: nowSec + 600,
  };
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), input.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Accepts the thumbprint as the portal shows it (hex, any case, with or without separators). */
export function parseThumbprint(hex: string): Buffer {
  const clean = hex.replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{40}$/.test(clean)) {
    throw new EntraError('Entra source: auth.certificateThumbprint must be the certificate\'s SHA-1 thumbprint (40 hex digits)', 'config');
  }
  return Buffer.from(clean, 'hex');
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
