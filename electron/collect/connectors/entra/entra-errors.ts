import { redact } from '../../../platform/redact';

/**
 * Failures of the Entra connector, phrased for the person who has to fix them. `failure`
 * lets the UI's "test connection" pick a diagnosis (credentials, consent, throttling...)
 * without parsing the message.
 */
export type EntraFailure = 'config' | 'auth' | 'permission' | 'throttled' | 'resync' | 'malformed' | 'not-found' | 'http';

export class EntraError extends Error {
  constructor(
    message: string,
    readonly failure: EntraFailure,
    readonly status?: number,
    /** Graph's `error.code` or the token endpoint's `error` (e.g. "invalid_client"). */
    readonly code?: string,
  ) {
    super(redact(message));
    this.name = 'EntraError';
  }
}

/** Graph's error envelope: `{"error": {"code", "message", "innerError": {"request-id", "date"}}}`. */
export interface GraphErrorBody {
  code: string | null;
  message: string | null;
  requestId: string | null;
  date: string | null;
}

/** Reads Graph's error envelope; undefined when the body is not one (an HTML proxy page, say). */
export function parseGraphError(text: string): GraphErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: unknown } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  const inner = (e.innerError ?? e.innererror) as Record<string, unknown> | undefined;
  return {
    code: typeof e.code === 'string' ? e.code : null,
    message: typeof e.message === 'string' ? e.message : null,
    requestId: inner && typeof inner['request-id'] === 'string' ? inner['request-id'] : null,
    date: inner && typeof inner.date === 'string' ? inner.date : null,
  };
}

const RESYNC_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);

/**
 * Whether Graph is telling us our delta state is gone: 410 Gone (internal maintenance, with
 * a Location to start over) or an expired/unknown token (syncStateNotFound, resyncRequired),
 * whatever the status it came with.
 */
export function isResyncSignal(status: number, error: GraphErrorBody | undefined): boolean {
  if (status === 410) return true;
  return !!error?.code && RESYNC_CODES.has(error.code.toLowerCase());
}

const PERMISSION_FOR = { users: 'User.Read.All', groups: 'GroupMember.Read.All' } as const;

/** Turns a non-200 Graph response into an error that names the page and what to do about it. */
export function describeGraphFailure(where: string, resource: 'users' | 'groups', status: number, text: string): EntraError {
  const error = parseGraphError(text);
  const code = error?.code ?? undefined;
  const detail = error ? `${error.code ?? 'no code'}: ${firstLine(error.message ?? '')}${error.requestId ? ` [request-id ${error.requestId}]` : ''}` : `body: ${snippet(text)}`;
  const prefix = `Entra ${where}: HTTP ${status}`;
  const lower = code?.toLowerCase() ?? '';
  if (status === 401 || lower === 'invalidauthenticationtoken' || lower === 'unauthenticated') {
    return new EntraError(
      `${prefix} — Graph rejected the access token (${detail}); check that the app registration belongs to this tenant and that the Graph URL is right`,
      'auth',
      status,
      code,
    );
  }
  if (status === 403 || lower === 'authorization_requestdenied' || lower === 'accessdenied') {
    return new EntraError(
      `${prefix} — missing Graph permission (User.Read.All / GroupMember.Read.All): reading ${resource} needs the application permission ${PERMISSION_FOR[resource]} with admin consent (${detail})`,
      'permission',
      status,
      code,
    );
  }
  if (status === 429) {
    return new EntraError(`${prefix} — Graph is throttling this tenant and kept refusing after the retries (${detail}); try again later`, 'throttled', status, code);
  }
  if (status === 503) {
    // 503 is Graph unavailable (serviceNotAvailable), not a limit on this tenant: say which.
    return new EntraError(`${prefix} — Graph was unavailable (HTTP 503) through all the retries (${detail}); try again later`, 'throttled', status, code);
  }
  if (status === 404) return new EntraError(`${prefix} — not found (${detail})`, 'not-found', status, code);
  return new EntraError(`${prefix} (${detail})`, 'http', status, code);
}

/** The token endpoint's error body: `{error, error_description, error_codes: [n], ...}`. */
export interface TokenErrorBody {
  error: string | null;
  description: string | null;
  codes: number[];
}

export function parseTokenError(text: string): TokenErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const p = parsed as Record<string, unknown>;
  if (typeof p.error !== 'string') return undefined;
  const codes = Array.isArray(p.error_codes) ? p.error_codes.filter((c): c is number => typeof c === 'number') : [];
  return { error: p.error, description: typeof p.error_description === 'string' ? p.error_description : null, codes };
}

/** Who asked for the token, for the hints. */
export interface TokenRequester {
  tenantId: string;
  clientId: string;
  /** The certificate the assertion named (e.g. "SHA-256 thumbprint 3F2A..."), when one was sent. */
  certificate?: string;
}

/** Explains a failed token request by its AADSTS code, the way an admin would look it up. */
export function describeTokenFailure(status: number, text: string, ids: TokenRequester): EntraError {
  const body = parseTokenError(text);
  const prefix = `Entra token endpoint (tenant ${ids.tenantId}): HTTP ${status}`;
  if (!body) return new EntraError(`${prefix}, body is not a token error: ${snippet(text)}`, 'auth', status);
  const aadsts = body.codes[0] ?? Number(/AADSTS(\d+)/.exec(body.description ?? '')?.[1] ?? NaN);
  const said = `${body.error}: ${firstLine(body.description ?? '')}`;
  const hint = TOKEN_HINTS[aadsts]?.(ids);
  return new EntraError(`${prefix} — ${hint ? `${hint} (${said})` : said}`, 'auth', status, body.error ?? undefined);
}

const TOKEN_HINTS: Record<number, (ids: TokenRequester) => string> = {
  7000215: () => 'the client secret was rejected: use the secret\'s Value (not its Secret ID) and check it has not been replaced',
  7000222: () => 'the client secret has expired: create a new one in the app registration',
  700016: (ids) => `application ${ids.clientId} was not found in tenant ${ids.tenantId}: check the client id and the tenant id`,
  90002: (ids) => `tenant ${ids.tenantId} was not found: check the tenant id`,
  // Entra says the same code for a certificate it does not know and for a bad signature: name the one we sent.
  700027: (ids) =>
    `the certificate assertion was rejected: check that the certificate${ids.certificate ? ` with ${ids.certificate}` : ''} is uploaded to application ${ids.clientId} and that the private key is that certificate's`,
  700024: () => 'the certificate assertion is outside its valid time range: check this machine\'s clock',
  1002012: () => 'the scope was refused: client credentials need https://graph.microsoft.com/.default',
  7000218: () => 'no credential was sent: configure a client secret or a certificate',
};

/** Redacts before cutting: a token cut in half would no longer match its registered value. */
function firstLine(text: string): string {
  const line = redact(text).split(/\r?\n/)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

function snippet(text: string): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  if (!flat) return '(empty)';
  return flat.length > 120 ? `${flat.slice(0, 120)}...` : flat;
}
