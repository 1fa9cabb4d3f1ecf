import type { ChannelName, LedgerApi, LedgerBridge } from '../../../shared/api/contract';
import type { ApiResult, ErrorCode } from '../../../shared/api/result';
import { CHANNEL_NAMES } from '../../../shared/api/channel-names';

/**
 * The renderer's only way to the core. Inside Electron it calls the preload's `window.ledger`;
 * in a browser (served by `access-ledger serve`) it POSTs to the loopback bridge with the
 * per-launch token. Both transports return the same envelope, which the client unwraps so
 * pages see plain values or an ApiCallError.
 */

/** Codes the client adds for failures that never reached the core. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

/** A failed API call: a stable code for the UI to branch on and a message for people. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly channel?: ChannelName,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Sends one call and returns the envelope; throws ApiCallError only for transport failures. */
export type Transport = (channel: ChannelName, args: unknown) => Promise<ApiResult<unknown>>;

export interface ClientHooks {
  /** Called when the core refuses the caller (missing or stale token). */
  onUnauthorized?: () => void;
}

/** Builds the typed LedgerApi over a transport: one function per contract channel. */
export function createLedgerClient(transport: Transport, hooks: ClientHooks = {}): LedgerApi {
  const api: Partial<Record<ChannelName, (args: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (args: unknown) => {
      const envelope = await transport(channel, args ?? {});
      if (envelope.ok) return envelope.value;
      if (envelope.error.code === 'UNAUTHORIZED') hooks.onUnauthorized?.();
      throw new ApiCallError(envelope.error.code, envelope.error.message, channel);
    };
  }
  return api as LedgerApi;
}

/** Electron: the preload already returns envelopes; IPC failures become INTERNAL errors. */
export function ipcTransport(bridge: LedgerBridge): Transport {
  return async (channel, args) => {
    const call = bridge[channel] as ((a: unknown) => Promise<ApiResult<unknown>>) | undefined;
    if (typeof call !== 'function') {
      throw new ApiCallError('UNKNOWN_CHANNEL', `The app's preload does not offer "${channel}"; the app may be out of date.`, channel);
    }
    let envelope: unknown;
    try {
      envelope = await call(args);
    } catch (error) {
      throw new ApiCallError('INTERNAL', `${channel}: the app did not answer (${errorText(error)}).`, channel);
    }
    if (!isEnvelope(envelope)) throw new ApiCallError('BAD_RESPONSE', `${channel}: the app answered without a result envelope.`, channel);
    return envelope;
  };
}

export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

/** Browser: POST /api/<channel> with the bearer token; the bridge answers with the same envelope. */
export function httpTransport(options: { fetch: FetchLike; token: string; baseUrl?: string }): Transport {
  const base = options.baseUrl ?? '';
  return async (channel, args) => {
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await options.fetch(`${base}/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
    } catch (error) {
      throw new ApiCallError(
        'NETWORK',
        `${channel}: could not reach the Access Ledger server (${errorText(error)}). Is \`access-ledger serve\` still running?`,
        channel,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (response.status === 401) {
      // Whatever the body says, a 401 means this page's token is not (or no longer) accepted.
      const message = isEnvelope(body) && !body.ok ? body.error.message : 'Missing or wrong access token.';
      return { ok: false, error: { code: 'UNAUTHORIZED', message } };
    }
    if (!isEnvelope(body)) {
      throw new ApiCallError('BAD_RESPONSE', `${channel}: the server answered HTTP ${response.status} without a result envelope.`, channel);
    }
    return body;
  };
}

export const TOKEN_STORAGE_KEY = 'access-ledger.token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

/**
 * Splits `#token=...` off a location hash. Returns the token (null if absent or malformed)
 * and the hash that should remain in the address bar ('' when nothing else was there).
 */
export function takeTokenFromHash(hash: string): { token: string | null; found: boolean; rest: string } {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw) return { token: null, found: false, rest: '' };
  const params = new URLSearchParams(raw);
  if (!params.has('token')) return { token: null, found: false, rest: hash };
  const value = params.get('token') ?? '';
  params.delete('token');
  const remaining = params.toString();
  return { token: TOKEN_SHAPE.test(value) ? value : null, found: true, rest: remaining ? `#${remaining}` : '' };
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The parts of `window` the client needs; tests pass a fake. */
export interface HostWindow {
  ledger?: LedgerBridge;
  location: { pathname: string; search: string; hash: string };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage?: StorageLike;
  fetch?: FetchLike;
}

/**
 * Takes the token out of the address bar (so it is not bookmarked, shared in a screenshot or
 * kept in history) and keeps it in sessionStorage for reloads in this tab. A token in the
 * hash wins over a stored one: each `serve` launch prints a new link.
 */
export function captureBridgeToken(win: HostWindow): string | null {
  const { token, found, rest } = takeTokenFromHash(win.location.hash);
  if (found) {
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}${rest}`);
    if (token) {
      safeStorage(win, (s) => s.setItem(TOKEN_STORAGE_KEY, token));
      return token;
    }
    safeStorage(win, (s) => s.removeItem(TOKEN_STORAGE_KEY));
    return null;
  }
  const stored = safeStorage(win, (s) => s.getItem(TOKEN_STORAGE_KEY)) ?? null;
  return stored && TOKEN_SHAPE.test(stored) ? stored : null;
}

/** Drops a token the server refused, so a reload shows the "needs the link" page at once. */
export function forgetBridgeToken(win: HostWindow): void {
  safeStorage(win, (s) => s.removeItem(TOKEN_STORAGE_KEY));
}

export type ClientSetup =
  | { kind: 'ready'; api: LedgerApi; transport: 'ipc' | 'http' }
  | { kind: 'needs-token' };

/** Picks the transport for where the page runs; call once, before the router reads the URL. */
export function connectLedger(win: HostWindow, hooks: ClientHooks = {}): ClientSetup {
  if (win.ledger) return { kind: 'ready', api: createLedgerClient(ipcTransport(win.ledger), hooks), transport: 'ipc' };
  const token = captureBridgeToken(win);
  const fetchFn = win.fetch;
  if (!token || !fetchFn) return { kind: 'needs-token' };
  const onUnauthorized = () => {
    forgetBridgeToken(win);
    hooks.onUnauthorized?.();
  };
  return {
    kind: 'ready',
    api: createLedgerClient(httpTransport({ fetch: (input, init) => fetchFn(input, init), token }), { onUnauthorized }),
    transport: 'http',
  };
}

function isEnvelope(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}

function safeStorage<T>(win: HostWindow, use: (storage: StorageLike) => T): T | undefined {
  try {
    return win.sessionStorage ? use(win.sessionStorage) : undefined;
  } catch {
    return undefined; // storage disabled: the token still works for this page load
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
