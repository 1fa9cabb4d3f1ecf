/**
 * The thumbprint that names an Entra app registration's certificate. Microsoft's current
 * certificate-credentials page uses the SHA-256 thumbprint (sent as `x5t#S256` with a PS256
 * assertion); the SHA-1 thumbprint (`x5t` with RS256) is the older form many registrations
 * still use. The digest length alone tells them apart, so one config key carries either.
 * Kept free of zod and Node so the config schema, the connector and the form read it alike.
 */
export type ThumbprintAlgorithm = 'sha256' | 'sha1';

export interface CertificateThumbprint {
  algorithm: ThumbprintAlgorithm;
  /** Lower-case hex digits, separators removed. */
  hex: string;
}

/** What a thumbprint may be, for refusals (which never repeat the value: it may be a pasted key). */
export const THUMBPRINT_FORMS =
  'the certificate\'s SHA-256 thumbprint (64 hex digits, Microsoft\'s current form: the part after "=" of `openssl x509 -noout -fingerprint -sha256 -in cert.pem`) or its SHA-1 thumbprint (40 hex digits, the older form)';

/** Accepts the thumbprint as openssl or the portal shows it: hex in any case, with or without ':', '-' or spaces. */
export function parseCertificateThumbprint(text: string): CertificateThumbprint | undefined {
  const hex = text.replace(/[\s:-]/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(hex)) return { algorithm: 'sha256', hex };
  if (/^[0-9a-f]{40}$/.test(hex)) return { algorithm: 'sha1', hex };
  return undefined;
}
