import { describe, expect, it, vi } from 'vitest';
import { channelNames, type LedgerBridge } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';
import { CHANNEL_NAMES } from '../../shared/api/channel-names';
import {
  ApiCallError,
  TOKEN_STORAGE_KEY,
  captureBridgeToken,
  connectLedger,
  createLedgerClient,
  httpTransport,
  ipcTransport,
  takeTokenFromHash,
  type FetchLike,
  type HostWindow,
} from '../../renderer/src/api/ledger-client';

const TOKEN = 'VPhgosvL765lEX5JFsU-Z2nbZAmkjopB';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

function fakeWindow(opts: { hash?: string; pathname?: string; search?: string; stored?: string; fetch?: FetchLike; ledger?: LedgerBridge }) {
  const storage = memoryStorage(opts.stored ? { [TOKEN_STORAGE_KEY]: opts.stored } : {});
  const location = { pathname: opts.pathname ?? '/', search: opts.search ?? '', hash: opts.hash ?? '' };
  const replaced: string[] = [];
  const win: HostWindow = {
    location,
    history: {
      state: { idx: 0 },
      replaceState(_data, _unused, url) {
        replaced.push(String(url));
        const u = new URL(String(url), 'http://127.0.0.1:1');
        location.pathname = u.pathname;
        location.search = u.search;
        location.hash = u.hash;
      },
    },
    sessionStorage: storage,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.ledger ? { ledger: opts.ledger } : {}),
  };
  return { win, storage, replaced, location };
}

/** A fetch that records calls and answers with a fixed status and JSON (or non-JSON) body. */
function fakeFetch(status: number, body: unknown, opts: { notJson?: boolean } = {}) {
  const calls: { input: string; init: Parameters<FetchLike>[1] }[] = [];
  const fetch: FetchLike = async (input, init) => {
    calls.push({ input, init });
    return {
      status,
      json: async () => {
        if (opts.notJson) throw new SyntaxError('Unexpected token <');
        return body;
      },
    };
  };
  return { fetch, calls };
}

describe('takeTokenFromHash', () => {
  it('extracts the token and leaves nothing behind', () => {
    expect(takeTokenFromHash(`#token=${TOKEN}`)).toEqual({ token: TOKEN, found: true, rest: '' });
  });
  it('keeps other fragment parameters', () => {
    expect(takeTokenFromHash(`#token=${TOKEN}&view=compact`)).toEqual({ token: TOKEN, found: true, rest: '#view=compact' });
  });
  it('reports no token when the hash has none', () => {
    expect(takeTokenFromHash('')).toEqual({ token: null, found: false, rest: '' });
    expect(takeTokenFromHash('#section-2')).toEqual({ token: null, found: false, rest: '#section-2' });
  });
  it('treats a malformed token as found but unusable', () => {
    expect(takeTokenFromHash('#token=<script>')).toEqual({ token: null, found: true, rest: '' });
    expect(takeTokenFromHash('#token=')).toEqual({ token: null, found: true, rest: '' });
  });
});

describe('captureBridgeToken', () => {
  it('stores the token and removes it from the address bar, keeping path and query', () => {
    const { win, storage, replaced, location } = fakeWindow({ hash: `#token=${TOKEN}`, pathname: '/ledger', search: '?x=1' });
    expect(captureBridgeToken(win)).toBe(TOKEN);
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(replaced).toEqual(['/ledger?x=1']);
    expect(location.hash).toBe('');
  });
  it('uses the stored token after a reload (no hash)', () => {
    const { win, replaced } = fakeWindow({ stored: TOKEN });
    expect(captureBridgeToken(win)).toBe(TOKEN);
    expect(replaced).toEqual([]);
  });
  it('prefers a new token in the hash over a stored one', () => {
    const fresh = 'N'.repeat(32);
    const { win, storage } = fakeWindow({ hash: `#token=${fresh}`, stored: TOKEN });
    expect(captureBridgeToken(win)).toBe(fresh);
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe(fresh);
  });
  it('drops a stored token when the hash carries a malformed one, and still scrubs the URL', () => {
    const { win, storage, replaced } = fakeWindow({ hash: '#token=%3Cbad%3E', stored: TOKEN });
    expect(captureBridgeToken(win)).toBeNull();
    expect(storage.data.has(TOKEN_STORAGE_KEY)).toBe(false);
    expect(replaced).toEqual(['/']);
  });
  it('still works for this page load when sessionStorage throws', () => {
    const { win } = fakeWindow({ hash: `#token=${TOKEN}` });
    win.sessionStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => undefined,
    };
    expect(captureBridgeToken(win)).toBe(TOKEN);
  });
});

describe('HTTP client', () => {
  it('POSTs the args as JSON with the bearer token and unwraps the value', async () => {
    const { fetch, calls } = fakeFetch(200, { ok: true, value: { name: 'Access Ledger', version: '0.1.0' } });
    const api = createLedgerClient(httpTransport({ fetch, token: TOKEN }));
    await expect(api.appInfo({})).resolves.toEqual({ name: 'Access Ledger', version: '0.1.0' });
    await api.setSetting({ key: 'policy.dormantDays', value: 90 });
    expect(calls.map((c) => c.input)).toEqual(['/api/appInfo', '/api/setSetting']);
    expect(calls[0]!.init).toEqual({
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(JSON.parse(calls[1]!.init.body)).toEqual({ key: 'policy.dormantDays', value: 90 });
  });

  it('throws ApiCallError with the envelope code and message', async () => {
    const { fetch } = fakeFetch(400, { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'setSetting: key: setting keys are dotted lowerCamel names' } });
    const api = createLedgerClient(httpTransport({ fetch, token: TOKEN }));
    const error = await api.setSetting({ key: 'Bad', value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', channel: 'setSetting', message: 'setSetting: key: setting keys are dotted lowerCamel names' });
  });

  it('maps 401 to UNAUTHORIZED, calls onUnauthorized, and forgets the stored token', async () => {
    const { fetch } = fakeFetch(401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong access token.' } });
    const onUnauthorized = vi.fn();
    const { win, storage } = fakeWindow({ hash: `#token=${TOKEN}`, fetch });
    const setup = connectLedger(win, { onUnauthorized });
    if (setup.kind !== 'ready') throw new Error('expected a client');
    expect(storage.data.get(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    await expect(setup.api.appInfo({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(storage.data.has(TOKEN_STORAGE_KEY)).toBe(false);
  });

  it('treats any 401 as UNAUTHORIZED, even without a JSON envelope', async () => {
    const { fetch } = fakeFetch(401, undefined, { notJson: true });
    const onUnauthorized = vi.fn();
    const api = createLedgerClient(httpTransport({ fetch, token: TOKEN }), { onUnauthorized });
    await expect(api.getSettings({})).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Missing or wrong access token.' });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('does not call onUnauthorized for other errors', async () => {
    const { fetch } = fakeFetch(500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
    const onUnauthorized = vi.fn();
    const api = createLedgerClient(httpTransport({ fetch, token: TOKEN }), { onUnauthorized });
    await expect(api.verifyLedger({})).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports an unreachable server as NETWORK, naming the channel', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const api = createLedgerClient(httpTransport({ fetch, token: TOKEN }));
    const error = (await api.listLedger({}).catch((e: unknown) => e)) as ApiCallError;
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('listLedger');
    expect(error.message).toContain('Failed to fetch');
  });

  it('reports a response that is not an envelope as BAD_RESPONSE', async () => {
    const { fetch } = fakeFetch(502, '<html>Bad gateway</html>', { notJson: true });
    const api = createLedgerClient(httpTransport({ fetch, token: TOKEN }));
    await expect(api.appInfo({})).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: 'appInfo: the server answered HTTP 502 without a result envelope.' });
    const wrongShape = fakeFetch(200, { value: 1 });
    const api2 = createLedgerClient(httpTransport({ fetch: wrongShape.fetch, token: TOKEN }));
    await expect(api2.appInfo({})).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('connectLedger', () => {
  it('needs a token in a browser and makes no call without one', () => {
    const { fetch, calls } = fakeFetch(200, { ok: true, value: {} });
    const { win } = fakeWindow({ fetch });
    expect(connectLedger(win)).toEqual({ kind: 'needs-token' });
    expect(calls).toHaveLength(0);
  });

  it('uses window.ledger inside Electron and never touches the URL or storage', async () => {
    const bridge = Object.fromEntries(
      channelNames.map((name) => [name, vi.fn(async (): Promise<ApiResult<unknown>> => ({ ok: true, value: { from: name } }))]),
    ) as unknown as LedgerBridge;
    const { win, replaced, storage } = fakeWindow({ hash: '#token=whatever-token-value', ledger: bridge });
    const setup = connectLedger(win);
    expect(setup.kind === 'ready' && setup.transport).toBe('ipc');
    if (setup.kind !== 'ready') return;
    await expect(setup.api.getSettings({})).resolves.toEqual({ from: 'getSettings' });
    expect(bridge.getSettings).toHaveBeenCalledWith({});
    expect(replaced).toEqual([]);
    expect(storage.data.size).toBe(0);
  });
});

describe('IPC client', () => {
  it('unwraps error envelopes from the preload into ApiCallError', async () => {
    const bridge = { verifyLedger: async () => ({ ok: false, error: { code: 'DATABASE', message: 'database is locked' } }) } as unknown as LedgerBridge;
    const api = createLedgerClient(ipcTransport(bridge));
    await expect(api.verifyLedger({})).rejects.toMatchObject({ code: 'DATABASE', message: 'database is locked', channel: 'verifyLedger' });
  });
  it('turns a rejected IPC call into INTERNAL and a missing preload function into UNKNOWN_CHANNEL', async () => {
    const bridge = {
      appInfo: async () => {
        throw new Error("No handler registered for 'ledger:appInfo'");
      },
    } as unknown as LedgerBridge;
    const api = createLedgerClient(ipcTransport(bridge));
    await expect(api.appInfo({})).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(api.getSettings({})).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' });
  });
});

describe('channel list', () => {
  it('offers exactly the contract channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...channelNames].sort());
  });
});
