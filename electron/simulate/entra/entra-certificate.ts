import { X509Certificate, constants, createHash, verify, type KeyObject } from 'node:crypto';
import type { JwtParts } from '../jwt-parts';

/** The headers an assertion may name the certificate with: `x5t` (SHA-1) and `x5t#S256` (SHA-256). */
type ThumbprintHeader = 'x5t' | 'x5t#S256';

/** A certificate uploaded to the simulated app registration, as Entra keeps it. */
export interface RegisteredCertificate {
  publicKey: KeyObject;
  /** base64url of the SHA-1 and SHA-256 digests of the certificate's DER, as the headers carry them. */
  thumbprints: Record<ThumbprintHeader, string>;
}

/** Registers a certificate (PEM) the way the portal does: both thumbprints come from its DER. */
export function registerCertificate(certificatePem: string): RegisteredCertificate {
  const certificate = new X509Certificate(certificatePem);
  return {
    publicKey: certificate.publicKey,
    thumbprints: {
      x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
      'x5t#S256': createHash('sha256').update(certificate.raw).digest('base64url'),
    },
  };
}

/**
 * The two forms Entra accepts: Microsoft's current PS256 (RSA-PSS, salt as long as the digest)
 * naming the certificate by `x5t#S256`, and the older RS256 (PKCS#1 v1.5) naming it by `x5t`.
 */
const FORMS: Record<string, { header: ThumbprintHeader; padding: { padding: number; saltLength?: number } }> = {
  PS256: { header: 'x5t#S256', padding: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } },
  RS256: { header: 'x5t', padding: { padding: constants.RSA_PKCS1_PADDING } },
};

export type AssertionSignatureCheck = 'valid' | 'unsupported-alg' | 'unregistered' | 'invalid-signature';

/**
 * Whether the assertion is signed by the registered certificate in the form its `alg` claims.
 * A thumbprint of another certificate is "unregistered"; an alg without its own thumbprint
 * header (RS256 naming the certificate only by `x5t#S256`), or a signature padded the other
 * way (a PS256 header over a PKCS#1 v1.5 signature), is an invalid signature.
 */
export function checkAssertionSignature(jwt: JwtParts, certificate: RegisteredCertificate): AssertionSignatureCheck {
  const form = typeof jwt.header.alg === 'string' ? FORMS[jwt.header.alg] : undefined;
  if (!form) return 'unsupported-alg';
  for (const header of ['x5t', 'x5t#S256'] as const) {
    if (jwt.header[header] !== undefined && jwt.header[header] !== certificate.thumbprints[header]) return 'unregistered';
  }
  if (jwt.header[form.header] === undefined) return 'invalid-signature';
  return verify('sha256', jwt.signingInput, { key: certificate.publicKey, ...form.padding }, jwt.signature) ? 'valid' : 'invalid-signature';
}
