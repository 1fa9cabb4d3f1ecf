import { constants, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { THUMBPRINT_FORMS, parseCertificateThumbprint, type CertificateThumbprint } from '../../../../shared/domain/certificate-thumbprint';
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
      /**
       * Hex thumbprint of the certificate uploaded to the app registration. Its digest picks the
       * assertion form: SHA-256 → PS256 with `x5t#S256`, SHA-1 → RS256 with `x5t`.
       */
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
  let thumbprint: CertificateThumbprint | undefined;
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
      throw new EntraError(`Entra source: the certificate key must be RSA (PS256/RS256), got ${privateKey.asymmetricKeyType ?? 'unknown'}`, 'config');
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
        thumbprint: thumbprint as CertificateThumbprint,
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
    if (response.status !== 200) {
      const requester = { tenantId: config.tenantId, clientId: config.clientId, ...(thumbprint ? { certificate: describeCertificate(thumbprint) } : {}) };
      throw describeTokenFailure(response.status, response.text, requester);
    }
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
  /** The certificate's thumbprint: its digest decides the form (see ASSERTION_FORMS). */
  thumbprint: CertificateThumbprint;
  now: Date;
  jti: string;
}

/**
 * The two forms of assertion Entra accepts, by the digest the certificate is named with.
 * Microsoft's current page documents PS256 (RSA-PSS, salt as long as the SHA-256 digest) with
 * `x5t#S256`; RS256 (PKCS#1 v1.5) with the SHA-1 `x5t` is the older form, kept so registrations
 * set up that way go on working. Both sign SHA-256 with the same RSA key: only the padding differs.
 */
const ASSERTION_FORMS = {
  sha256: { alg: 'PS256', thumbprintHeader: 'x5t#S256', padding: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } },
  sha1: { alg: 'RS256', thumbprintHeader: 'x5t', padding: { padding: constants.RSA_PKCS1_PADDING } },
} as const;

/**
 * The JWT that stands in for a secret with certificate credentials: the header names the
 * certificate by its thumbprint, `iss` = `sub` = client id, `aud` = token URL, valid for ten minutes.
 */
export function buildClientAssertion(input: ClientAssertionInput): string {
  const nowSec = Math.floor(input.now.getTime() / 1000);
  const form = ASSERTION_FORMS[input.thumbprint.algorithm];
  const header = { alg: form.alg, typ: 'JWT', [form.thumbprintHeader]: Buffer.from(input.thumbprint.hex, 'hex').toString('base64url') };
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
  const signature = sign('sha256', Buffer.from(signingInput), { key: input.privateKey, ...form.padding }).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** Accepts the thumbprint as openssl or the portal shows it (hex, any case, with or without separators). */
export function parseThumbprint(text: string): CertificateThumbprint {
  const thumbprint = parseCertificateThumbprint(text);
  if (!thumbprint) throw new EntraError(`Entra source: auth.certificateThumbprint must be ${THUMBPRINT_FORMS}`, 'config');
  return thumbprint;
}

/** Names the certificate in a refusal, so the admin can look for it on the app registration. */
function describeCertificate(thumbprint: CertificateThumbprint): string {
  return `${thumbprint.algorithm === 'sha256' ? 'SHA-256' : 'SHA-1'} thumbprint ${thumbprint.hex.toUpperCase()}`;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
