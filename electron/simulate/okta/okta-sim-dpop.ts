import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { splitJwt } from '../jwt-parts';

/** How long after its `iat` Okta accepts a DPoP proof (and how far ahead a skewed clock may be). */
const PROOF_WINDOW_S = 300;

/**
 * Checks DPoP proofs (RFC 9449) as Okta does for a service app that requires them: a JWT of
 * type dpop+jwt, signed (ES256 or RS256) by the public key in its own header, for this method
 * and URL (no query), recent, never replayed, with the server's nonce at the token endpoint
 * and the access token's hash (`ath`) on API requests. Returns what is wrong, or null.
 */
export class DpopVerifier {
  private readonly usedJti = new Set<string>();

  constructor(
    readonly nonce: string,
    private readonly nowS: () => number,
  ) {}

  check(proof: string, expected: { method: string; url: string; accessToken?: string; boundTo?: string; needNonce: boolean }): { problem: string; nonce?: true } | { thumbprint: string } {
    const parts = splitJwt(proof);
    if (!parts) return { problem: 'The DPoP proof JWT is malformed.' };
    const { header, payload } = parts;
    if (header.typ !== 'dpop+jwt') return { problem: "The DPoP proof JWT header 'typ' must be 'dpop+jwt'." };
    const jwk = header.jwk as JsonWebKey | undefined;
    if (!jwk || typeof jwk !== 'object' || 'd' in jwk) return { problem: "The DPoP proof JWT header must have a public 'jwk'." };
    const alg = header.alg;
    let valid = false;
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      if (alg === 'ES256' && jwk.kty === 'EC') valid = verify('sha256', parts.signingInput, { key, dsaEncoding: 'ieee-p1363' }, parts.signature);
      else if (alg === 'RS256' && jwk.kty === 'RSA') valid = verify('sha256', parts.signingInput, key, parts.signature);
      else return { problem: `The DPoP proof JWT 'alg' ${String(alg)} is not supported.` };
    } catch {
      return { problem: "The DPoP proof JWT header 'jwk' is not a valid public key." };
    }
    if (!valid) return { problem: 'The DPoP proof JWT signature is invalid.' };
    const thumbprint = jwkThumbprint(jwk);
    if (payload.htm !== expected.method) return { problem: "The DPoP proof 'htm' claim does not match the request method." };
    if (payload.htu !== expected.url) return { problem: "The DPoP proof 'htu' claim does not match the request URL." };
    const iat = payload.iat;
    if (typeof iat !== 'number' || Math.abs(this.nowS() - iat) > PROOF_WINDOW_S) return { problem: "The DPoP proof 'iat' claim is missing or not recent." };
    if (typeof payload.jti !== 'string' || payload.jti === '') return { problem: "The DPoP proof must have a 'jti' claim." };
    if (expected.needNonce && payload.nonce !== this.nonce) return { problem: 'Authorization server requires nonce in DPoP proof.', nonce: true };
    if (expected.accessToken !== undefined) {
      const ath = createHash('sha256').update(expected.accessToken, 'ascii').digest('base64url');
      if (payload.ath !== ath) return { problem: "The DPoP proof 'ath' claim does not match the access token." };
      if (expected.boundTo !== thumbprint) return { problem: 'The DPoP proof key is not the key the access token is bound to.' };
    }
    if (this.usedJti.has(payload.jti)) return { problem: "The DPoP proof 'jti' was already used." };
    this.usedJti.add(payload.jti);
    return { thumbprint };
  }
}

/** RFC 7638: SHA-256 over the key's required members in lexicographic order. */
function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
