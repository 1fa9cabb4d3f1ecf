import { createPublicKey, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import { splitJwt } from '../jwt-parts';
import type { SimRequest, SimResponse } from '../sim-server';
import { oauthErrorResponse, oktaErrorResponse } from './okta-sim-errors';
import { DpopVerifier } from './okta-sim-dpop';

/** A registered OAuth service app: public key / private key client authentication only. */
export interface OktaSimOAuthClient {
  clientId: string;
  publicKeyPem: string;
  /** When set, assertions must carry this `kid`. */
  keyId?: string;
  /** Scopes granted to the app (default: the four read scopes). */
  scopes?: string[];
  /**
   * "Require Demonstrating Proof of Possession (DPoP) header in token requests", on by default
   * for new API service apps: tokens are DPoP-bound, and every request needs a proof.
   */
  requireDpop?: boolean;
}

export const OKTA_READ_SCOPES = ['okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.logs.read'];
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3600;

export interface OktaSimAuth {
  /** POST /oauth2/v1/token: client_credentials with a private_key_jwt assertion. */
  token(req: SimRequest): SimResponse;
  /** null when the request may proceed; else Okta's 401/403. */
  check(req: SimRequest, scope: string): SimResponse | null;
  issuedAccessTokens(): string[];
}

/**
 * Okta's two ways in: `Authorization: SSWS <token>`, or a Bearer access token issued by the
 * token endpoint after verifying the client's RS256-signed assertion (iss = sub = client id,
 * aud = the token URL, exp within an hour of iat, jti never reused) against the registered key.
 */
export function createOktaSimAuth(options: { token: string; oauthClient?: OktaSimOAuthClient; now: () => number }): OktaSimAuth {
  const client = options.oauthClient;
  const publicKey: KeyObject | null = client ? createPublicKey({ key: client.publicKeyPem, format: 'pem' }) : null;
  const granted = new Set(client?.scopes ?? OKTA_READ_SCOPES);
  const accessTokens = new Map<string, { expiresAtMs: number; scopes: Set<string>; boundTo: string | null }>();
  const usedJti = new Set<string>();
  const dpop = client?.requireDpop ? new DpopVerifier(randomBytes(16).toString('base64url'), () => Math.floor(options.now() / 1000)) : null;

  const invalidClient = (description: string) => oauthErrorResponse(401, 'invalid_client', description);

  return {
    token(req) {
      if (req.method !== 'POST') return oauthErrorResponse(405, 'invalid_request', 'The token endpoint only accepts POST.');
      if (!String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
        return oauthErrorResponse(400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
      }
      const form = (req.body ?? {}) as Record<string, string>;
      if (form.grant_type !== 'client_credentials') {
        return oauthErrorResponse(400, 'unsupported_grant_type', `The grant type '${form.grant_type ?? ''}' is not supported by this simulator.`);
      }
      if (form.client_secret) return invalidClient('Client authentication with a client secret is not allowed for this service app.');
      if (form.client_assertion_type !== ASSERTION_TYPE || !form.client_assertion) {
        return invalidClient('The client_assertion_type and client_assertion parameters are required.');
      }
      if (!client || !publicKey) return invalidClient('No OAuth service app is registered in this simulator.');
      const tokenUrl = `${req.url.origin}/oauth2/v1/token`;
      let boundTo: string | null = null;
      if (dpop) {
        const proof = req.headers.dpop;
        if (typeof proof !== 'string' || proof === '') return oauthErrorResponse(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
        const checked = dpop.check(proof, { method: 'POST', url: tokenUrl, needNonce: true });
        if ('problem' in checked) {
          return checked.nonce
            ? oauthErrorResponse(400, 'use_dpop_nonce', checked.problem, { 'dpop-nonce': dpop.nonce })
            : oauthErrorResponse(400, 'invalid_dpop_proof', checked.problem);
        }
        boundTo = checked.thumbprint;
      }
      const problem = verifyAssertion(form.client_assertion, { client, publicKey, tokenUrl, nowS: Math.floor(options.now() / 1000), usedJti });
      if (problem) return invalidClient(problem);
      if (form.client_id && form.client_id !== client.clientId) return invalidClient('client_id does not match the client_assertion issuer.');
      const requested = (form.scope ?? '').split(/\s+/).filter(Boolean);
      if (requested.length === 0) {
        return oauthErrorResponse(400, 'invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
      }
      const refused = requested.filter((s) => !granted.has(s));
      if (refused.length > 0) return oauthErrorResponse(400, 'invalid_scope', `The following scopes are not allowed: ${refused.join(', ')}`);
      const accessToken = fakeAccessToken(req.url.origin, client.clientId, requested, options.now());
      accessTokens.set(accessToken, { expiresAtMs: options.now() + TOKEN_LIFETIME_S * 1000, scopes: new Set(requested), boundTo });
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store', pragma: 'no-cache' },
        json: { token_type: boundTo ? 'DPoP' : 'Bearer', expires_in: TOKEN_LIFETIME_S, access_token: accessToken, scope: requested.join(' ') },
      };
    },

    check(req, scope) {
      const header = String(req.headers.authorization ?? '');
      const [scheme, value] = [header.slice(0, header.indexOf(' ')).toLowerCase(), header.slice(header.indexOf(' ') + 1)];
      if (scheme === 'ssws' && value === options.token) return null;
      if (scheme === 'bearer' || scheme === 'dpop') {
        const grant = accessTokens.get(value);
        if (grant && grant.expiresAtMs > options.now()) {
          // A DPoP-bound token is no bearer token: it needs the DPoP scheme and a proof made with its key.
          if (grant.boundTo || scheme === 'dpop') {
            const proof = req.headers.dpop;
            const url = `${req.url.origin}${req.path}`;
            const checked =
              scheme !== 'dpop' || !grant.boundTo || !dpop
                ? { problem: 'The access token is DPoP-bound; use the DPoP authorization scheme.' }
                : typeof proof !== 'string'
                  ? { problem: 'The DPoP proof JWT header is missing.' }
                  : dpop.check(proof, { method: req.method, url, accessToken: value, boundTo: grant.boundTo, needNonce: false });
            if ('problem' in checked) {
              return oktaErrorResponse(401, 'E0000011', undefined, [], { 'www-authenticate': `DPoP algs="ES256 RS256", error="invalid_dpop_proof", error_description="${checked.problem}"` });
            }
          }
          if (grant.scopes.has(scope)) return null;
          return oktaErrorResponse(403, 'E0000006', undefined, [], {
            'www-authenticate': `Bearer authorization_uri="${req.url.origin}/oauth2/v1/authorize", realm="IdpRealm", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${req.path}"`,
          });
        }
      }
      return oktaErrorResponse(401, 'E0000011');
    },

    issuedAccessTokens: () => [...accessTokens.keys()],
  };
}

interface AssertionCheck {
  client: OktaSimOAuthClient;
  publicKey: KeyObject;
  tokenUrl: string;
  nowS: number;
  usedJti: Set<string>;
}

/** Returns what is wrong with a client assertion, or null if Okta would accept it. */
function verifyAssertion(jwt: string, c: AssertionCheck): string | null {
  const parts = splitJwt(jwt);
  if (!parts) return 'The client_assertion is not a well-formed JWT.';
  const { header, payload } = parts;
  if (header.alg !== 'RS256') return `The client_assertion signature algorithm '${String(header.alg)}' is not allowed; use RS256.`;
  if (c.client.keyId && header.kid !== c.client.keyId) return 'The client_assertion kid does not match a registered key.';
  const valid = verify('sha256', parts.signingInput, c.publicKey, parts.signature);
  if (!valid) return 'The client_assertion signature is invalid.';
  if (payload.iss !== c.client.clientId || payload.sub !== c.client.clientId) return 'The client_assertion iss and sub claims must both be the client_id.';
  if (payload.aud !== c.tokenUrl) return 'The audience claim for client_assertion must be the endpoint invoking the client_assertion.';
  const exp = payload.exp;
  const iat = payload.iat;
  if (typeof exp !== 'number' || typeof iat !== 'number') return 'The client_assertion must have exp and iat claims.';
  if (exp <= c.nowS) return 'The client_assertion token is expired.';
  if (exp - iat > 3600) return 'The client_assertion token has an expiration too far in the future.';
  if (iat > c.nowS + 60) return 'The client_assertion token was issued in the future.';
  if (typeof payload.jti !== 'string' || payload.jti === '') return 'The client_assertion must have a jti claim.';
  if (c.usedJti.has(payload.jti)) return 'The client_assertion token has already been used (jti).';
  c.usedJti.add(payload.jti);
  return null;
}

/** An opaque token shaped like Okta's (a JWT); only this simulator ever reads it. */
function fakeAccessToken(issuer: string, clientId: string, scopes: string[], nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = enc({ kid: 'okta-sim', alg: 'RS256' });
  const payload = enc({ ver: 1, jti: `AT.${randomUUID()}`, iss: issuer, aud: issuer, iat, exp: iat + TOKEN_LIFETIME_S, cid: clientId, scp: scopes, sub: clientId });
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}
