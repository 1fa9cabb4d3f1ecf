/** A compact JWT taken apart, as the simulators' token endpoints need it to check assertions. */
export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload` as sent: the bytes the signature covers. */
  signingInput: Buffer;
  signature: Buffer;
}

/** Splits and decodes a JWT; null when it is not three base64url JSON parts. */
export function splitJwt(jwt: string): JwtParts | null {
  const parts = jwt.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>,
      signingInput: Buffer.from(`${h}.${p}`),
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return null;
  }
}
