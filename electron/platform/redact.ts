/**
 * Keeps credentials out of logs, errors, the database and exports. Known secret values are
 * registered when they are loaded; well-known token shapes are masked even if nobody did.
 */
const registered = new Set<string>();

const TOKEN_PATTERNS: RegExp[] = [
  /(authorization\s*[:=]\s*)(ssws|bearer|basic)\s+[^\s"',;]+/gi,
  /\b(SSWS|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g,
  /\bpn[ub]_[A-Za-z0-9]{8,}/g, // Prefect user and bot API keys
  // Except a URL path's last segment followed by ": " (".../oauth2/v2.0/token: timed out"): that is an endpoint and what
  // happened to it, not a key and its value. "/token=..." and "/token:..." are still masked.
  /(?!(?<=\/)[a-z_]+:\s)((?:client_secret|client_assertion|access_token|refresh_token|token|password|api_key)["']?\s*[:=]\s*["']?)[^\s"'&,;}]{4,}/gi,
  /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs
];

export const REDACTED = '[redacted]';

/** Registers a secret so that every later redact() call masks it. Short values are ignored. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) registered.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of TOKEN_PATTERNS) {
    out = out.replace(pattern, (match, prefix: string | undefined) =>
      typeof prefix === 'string' && match.startsWith(prefix) && prefix.length < match.length ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

/** Test hook: forget registered secrets. */
export function clearRegisteredSecrets(): void {
  registered.clear();
}
