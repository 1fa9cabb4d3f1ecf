import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { splitJwt } from '../jwt-parts';
import type { SimRequest, SimResponse } from '../sim-server';
import { checkAssertionSignature, registerCertificate, type RegisteredCertificate } from './entra-certificate';
import { graphError, tokenError } from './graph-responses';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra tolerates this much clock skew on assertion times. */
const SKEW_SEC = 300;

export interface EntraSimAuthOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The certificate registered on the app (PEM); without it, certificate assertions are refused. */
  certificatePem?: string;
  /** Application permissions granted with admin consent; they become the token's roles. */
  permissions: string[];
  tokenLifetimeSec: number;
  /** The simulator's clock (epoch ms). */
  now: () => number;
}

const USER_READERS = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const GROUP_READERS = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

/**
 * The simulator's Entra login endpoint and Graph's bearer check. Tokens are HMAC-signed
 * JWT-shaped strings (like the real ones, they begin "eyJ", so redaction is exercised on the
 * real shape) carrying the roles granted at issue time and an expiry.
 */
export class EntraSimAuth {
  private readonly key = randomBytes(32);
  private readonly certificate: RegisteredCertificate | undefined;

  constructor(private readonly options: EntraSimAuthOptions) {
    this.certificate = options.certificatePem ? registerCertificate(options.certificatePem) : undefined;
  }

  /** POST /{tenant}/oauth2/v2.0/token (client credentials only). */
  handleToken(req: SimRequest, tenant: string): SimResponse {
    const o = this.options;
    if (tenant.toLowerCase() !== o.tenantId.toLowerCase()) {
      return tokenError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    if (req.method !== 'POST') return tokenError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, string>;
    if (!form.grant_type) return tokenError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    if (form.grant_type !== 'client_credentials') {
      return tokenError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
    }
    if (form.client_id !== o.clientId) {
      return tokenError(400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id ?? ''}' was not found in the directory '${o.tenantId}'.`);
    }
    if (form.scope !== GRAPH_SCOPE) {
      return tokenError(400, 'invalid_scope', 1002012, `The provided value for scope ${form.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
    }
    if (form.client_secret !== undefined) {
      if (!sameSecret(form.client_secret, o.clientSecret)) {
        return tokenError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${o.clientId}'.`);
      }
    } else if (form.client_assertion !== undefined) {
      if (form.client_assertion_type !== JWT_BEARER) {
        return tokenError(400, 'invalid_request', 50027, 'client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.');
      }
      const refusal = this.checkAssertion(form.client_assertion, `${req.url.origin}${req.path}`);
      if (refusal) return refusal;
    } else {
      return tokenError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const nowSec = Math.floor(o.now() / 1000);
    const token = this.issue({ aud: 'https://graph.microsoft.com', tid: o.tenantId, appid: o.clientId, roles: [...o.permissions], iat: nowSec, exp: nowSec + o.tokenLifetimeSec, uti: randomBytes(16).toString('base64url') });
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache' },
      json: { token_type: 'Bearer', expires_in: o.tokenLifetimeSec, ext_expires_in: o.tokenLifetimeSec, access_token: token },
    };
  }

  /** Checks the bearer token of a Graph request; a response means refuse, undefined means go on. */
  checkBearer(req: SimRequest, resource: 'users' | 'groups'): SimResponse | undefined {
    const header = String(req.headers.authorization ?? '');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const claims = this.open(match[1]);
    if (!claims) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    if (claims.exp * 1000 <= this.options.now()) return graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    const needed = resource === 'users' ? USER_READERS : GROUP_READERS;
    if (!claims.roles.some((role) => needed.includes(role))) {
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    return undefined;
  }

  private checkAssertion(assertion: string, tokenUrl: string): SimResponse | undefined {
    const o = this.options;
    const bad = (code: number, text: string) => tokenError(401, 'invalid_client', code, text);
    const jwt = splitJwt(assertion);
    if (!jwt) return bad(50027, 'JWT token is invalid or malformed.');
    const { header, payload } = jwt;
    const unregistered = () => bad(700027, 'The certificate with identifier used to sign the client assertion is not registered on application.');
    if (!this.certificate) return unregistered();
    switch (checkAssertionSignature(jwt, this.certificate)) {
      case 'unsupported-alg':
        return bad(5002738, `Invalid JWT token. '${String(header.alg)}' is not a supported signature algorithm.`);
      case 'unregistered':
        return unregistered();
      case 'invalid-signature':
        return bad(700027, 'Client assertion failed signature validation.');
      case 'valid':
        break;
    }
    if (payload.aud !== tokenUrl) return bad(700212, `The audience claim must be the token endpoint '${tokenUrl}'.`);
    if (payload.iss !== o.clientId || payload.sub !== o.clientId) return bad(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    if (typeof payload.jti !== 'string' || !payload.jti) return bad(50027, 'The client assertion has no jti claim.');
    const nowSec = o.now() / 1000;
    const exp = Number(payload.exp);
    const nbf = Number(payload.nbf ?? payload.iat);
    if (!Number.isFinite(exp) || exp + SKEW_SEC < nowSec || (Number.isFinite(nbf) && nbf - SKEW_SEC > nowSec)) {
      return bad(700024, 'Client assertion is not within its valid time range.');
    }
    return undefined;
  }

  private issue(claims: AccessClaims): string {
    const h = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'HS256' })).toString('base64url');
    const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const sig = createHmac('sha256', this.key).update(`${h}.${p}`).digest('base64url');
    return `${h}.${p}.${sig}`;
  }

  private open(token: string): AccessClaims | undefined {
    const [h, p, sig] = token.split('.');
    if (!h || !p || !sig) return undefined;
    const expected = createHmac('sha256', this.key).update(`${h}.${p}`).digest('base64url');
    if (!sameSecret(sig, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as AccessClaims;
      return Array.isArray(claims.roles) && typeof claims.exp === 'number' ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}

interface AccessClaims {
  aud: string;
  tid: string;
  appid: string;
  roles: string[];
  iat: number;
  exp: number;
  /** Unique per token, so two tokens issued in the same second differ (as Entra's do). */
  uti: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
