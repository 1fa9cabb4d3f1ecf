import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

/**
 * Proof of possession (RFC 9449) for an Okta service app with "Require Demonstrating Proof of
 * Possession (DPoP) header in token requests" switched on, as Okta sets it by default for new
 * API service apps. Okta then binds the access token to a key of ours: every request, the token
 * request included, carries a fresh proof JWT signed with that key, naming the method and the
 * URL (without its query), and on API requests the SHA-256 of the access token (`ath`).
 *
 * The key is made here, for this connector's life, and never leaves memory: nothing has to be
 * configured for it. A proof is single use (its `jti`), so the HTTP layer asks for a new one
 * on every attempt, retries included.
 */
export class DpopProver {
  private readonly privateKey: KeyObject;
  private readonly jwk: { kty: string; crv: string; x: string; y: string };
  /** The newest nonce the server handed out (DPoP-Nonce header); proofs carry it once one was given. */
  private nonce: string | null = null;

  constructor(private readonly nowMs: () => number) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string };
    this.privateKey = privateKey;
    // Only the public members, in the order RFC 7638's thumbprint uses.
    this.jwk = { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  }

  /** A proof for one request; `accessToken` for API requests made with a DPoP-bound token. */
  proof(method: string, url: string, accessToken?: string): string {
    const target = new URL(url);
    const payload: Record<string, unknown> = {
      jti: randomUUID(),
      htm: method,
      htu: `${target.origin}${target.pathname}`,
      iat: Math.floor(this.nowMs() / 1000),
    };
    if (this.nonce) payload.nonce = this.nonce;
    if (accessToken) payload.ath = createHash('sha256').update(accessToken, 'ascii').digest('base64url');
    const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    // JWS wants ES256 signatures as r || s (IEEE P1363), not DER.
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    return `${input}.${signature}`;
  }

  /** Keeps the nonce a response handed out (token endpoint or API), for the proofs that follow. */
  observe(headers: Record<string, string>): boolean {
    const nonce = headers['dpop-nonce'];
    if (!nonce || nonce === this.nonce) return false;
    this.nonce = nonce;
    return true;
  }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
