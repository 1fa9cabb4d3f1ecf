import tls from 'node:tls';
import { Agent, EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import { redact } from '../../platform/redact';
import { HttpError, type HttpClient, type HttpEvents, type HttpRequest, type HttpResponse, type ProxyFailure } from './http-client';
import { RateGovernor } from './rate-governor';
import { proxyRouter, type ProxyOption, type ProxyRoute } from './proxy-route';

export interface HttpClientOptions {
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Retries after the first attempt, for requests that may be retried. */
  maxRetries?: number;
  /** Base of the exponential backoff; each wait is a random share of base * 2^attempt (full jitter). */
  backoffBaseMs?: number;
  /** No single wait (rate limit, Retry-After, backoff) may exceed this; longer means the request fails. */
  maxWaitMs?: number;
  /** Extra CA certificates (PEM) trusted on top of the system's, for corporate TLS inspection. */
  extraCaPem?: string[];
  /** Explicit proxy; without it HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment apply. */
  proxy?: ProxyOption;
  /** Injected for tests: time, sleeping and randomness. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Test-only escape hatch for a dispatcher (e.g. undici MockAgent). TLS verification stays on regardless. */
  dispatcher?: Dispatcher;
  userAgent?: string;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The undici-based HttpClient: one keep-alive pool per origin, timeouts on connect, headers
 * and body, AbortSignal cancellation, jittered retries for reads, pacing on rate-limit
 * headers, proxies, extra CAs, and credentials redacted from every error it raises.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 5;
  const backoffBase = options.backoffBaseMs ?? 500;
  const maxWait = options.maxWaitMs ?? 120_000;
  const governor = new RateGovernor(now);
  const dispatcher = options.dispatcher ?? buildDispatcher(options);
  // Which proxy a request went through, so a failure there names the proxy, not the source.
  const proxyFor = proxyRouter(options.proxy ?? (options.dispatcher ? 'none' : 'env'));
  let requestCount = 0;

  async function attempt(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'access-ledger', accept: 'application/json', ...(req.headers ?? {}), ...(req.freshHeaders?.() ?? {}) };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      // Prefect refuses writes without Content-Length (411); undici sets it for string bodies, but be explicit.
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    requestCount += 1;
    const res = await request(req.url, {
      method: req.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      dispatcher,
      ...(req.signal ? { signal: req.signal } : {}),
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: flattenHeaders(res.headers), text, url: req.url };
  }

  async function wait(ms: number, req: HttpRequest, reason: 'rate-limit' | 'retry-after' | 'backoff', events?: HttpEvents) {
    if (ms <= 0) return;
    if (ms > maxWait) {
      const why = reason === 'backoff' ? 'backing off would take' : 'the server is rate limiting (429) and asked us to wait';
      throw new HttpError(redact(`${req.method} ${safeUrl(req.url)}: ${why} ${Math.ceil(ms / 1000)} s, longer than the ${Math.ceil(maxWait / 1000)} s allowed`), 'http', 429);
    }
    events?.onWait?.({ url: safeUrl(req.url), ms, reason });
    await sleep(ms, req.signal);
  }

  return {
    get requestCount() {
      return requestCount;
    },
    async request(req, events) {
      const key = req.rateLimitKey ?? new URL(req.url).origin;
      const mayRetry = req.retry ?? req.method === 'GET';
      for (let attemptNo = 0; ; attemptNo += 1) {
        if (req.signal?.aborted) throw new HttpError(`${req.method} ${safeUrl(req.url)}: cancelled`, 'aborted');
        await wait(governor.delayFor(key), req, 'rate-limit', events);
        let response: HttpResponse;
        try {
          response = await attempt(req);
        } catch (error) {
          const failure = describeTransportError(error, req, proxyFor(req.url));
          if (failure.kind === 'aborted' || !mayRetry || attemptNo >= maxRetries || failure.kind === 'tls' || failure.kind === 'dns') throw failure;
          // A proxy that refuses the tunnel by policy (403) or for want of credentials (407) will refuse it again.
          if (failure.proxy?.failed === 'tunnel' && !RETRYABLE_STATUS.has(failure.proxy.status ?? 0)) throw failure;
          await wait(backoffMs(attemptNo), req, 'backoff', events);
          continue;
        }
        governor.observe(key, response.headers);
        if (RETRYABLE_STATUS.has(response.status) && mayRetry && attemptNo < maxRetries) {
          const asked = response.status === 429 || response.status === 503 ? governor.retryAfterMs(response.headers) : undefined;
          // A reset already due (Okta's concurrency 429 says "now": its reset is only a hint) must
          // not turn into retries fired back to back: back off as for any other failure.
          const waitAsked = asked !== undefined && asked > 0;
          await wait(waitAsked ? asked : backoffMs(attemptNo), req, waitAsked ? 'retry-after' : 'backoff', events);
          continue;
        }
        return response;
      }
    },
    async close() {
      if (!options.dispatcher) await dispatcher.close();
    },
  };

  function backoffMs(attemptNo: number): number {
    return Math.floor(random() * backoffBase * 2 ** attemptNo) + 1;
  }
}

function buildDispatcher(options: HttpClientOptions): Dispatcher {
  const connect: Record<string, unknown> = {
    timeout: options.connectTimeoutMs ?? 10_000,
    rejectUnauthorized: true, // never configurable: TLS verification is always on
  };
  if (options.extraCaPem?.length) connect.ca = [...tls.rootCertificates, ...options.extraCaPem];
  const common = { connect, keepAliveTimeout: 30_000, connections: 8 };
  // A proxied request connects with requestTls (to the source, through the tunnel) and proxyTls
  // (to the proxy), never with `connect`: without them the extra CA (corporate TLS
  // inspection) and the connect timeout would be dropped for every request that goes through a proxy.
  const proxied = { ...common, requestTls: connect, proxyTls: connect };
  const proxy = options.proxy ?? 'env';
  if (proxy === 'none') return new Agent(common);
  if (proxy === 'env') return new EnvHttpProxyAgent(proxied);
  if (proxy.noProxy !== undefined) return new EnvHttpProxyAgent({ ...proxied, httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: proxy.noProxy });
  return new ProxyAgent({ uri: proxy.url, ...proxied });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    // Several Link headers arrive as an array; join them the way a single header would read.
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** The URL without its query string, which may hold cursors or tokens. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return redact(`${u.origin}${u.pathname}`);
  } catch {
    return '(invalid URL)';
  }
}

/** undici's error when a proxy answers CONNECT with anything but 200 (a RequestAbortedError, so it looks like a cancel). */
const TUNNEL_REFUSED = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/**
 * Names what went wrong in words a person can act on. `proxy` is the proxy the request went
 * through, if any: then a failure to resolve, reach or be let through it names the proxy and
 * the setting it came from, not the source behind it (whose name the proxy resolves).
 */
export function describeTransportError(error: unknown, req: HttpRequest, proxy: ProxyRoute | null = null): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { code?: string; name?: string; message?: string; hostname?: string; errors?: { message?: string }[]; cause?: { code?: string; message?: string; hostname?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const message = `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  const where = `${req.method} ${safeUrl(req.url)}`;
  const target = targetOf(req.url);
  if (req.signal?.aborted) return new HttpError(`${where}: cancelled`, 'aborted');
  const tunnel = TUNNEL_REFUSED.exec(message);
  if (tunnel) {
    const status = Number(tunnel[1]);
    const who = proxy ? `the proxy ${proxy.address}` : 'the proxy';
    const why = status === 407 ? `HTTP 407: it wants a user and password, given in ${proxy?.setting ?? 'the proxy URL'} as http://user:password@host:port` : `HTTP ${status}${proxy ? `, set in ${proxy.setting}` : ''}`;
    return new HttpError(`${where}: ${who} refused the tunnel to ${target} (${why})`, 'connect', undefined, proxyFailure(proxy, 'tunnel', target, status));
  }
  if (e.name === 'AbortError' || code === 'UND_ERR_ABORTED') return new HttpError(`${where}: cancelled`, 'aborted');
  if (proxy) {
    const failed = reachingProxy(e, code, message, proxy, target);
    if (failed) {
      const ends = {
        dns: `DNS lookup failed for the proxy ${proxy.hostname} (${proxy.setting})`,
        connect: `could not connect to the proxy ${proxy.address} (${code === 'ECONNREFUSED' ? 'connection refused' : 'host unreachable'}), set in ${proxy.setting}`,
        timeout: `could not connect to the proxy ${proxy.address} (timed out), set in ${proxy.setting}`,
      } as const;
      return new HttpError(`${where}: ${ends[failed]}`, failed, undefined, proxyFailure(proxy, failed, target));
    }
  }
  const beyond = proxyFailure(proxy, 'beyond', target);
  const via = proxy ? ` (through the proxy ${proxy.address})` : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HttpError(`${where}: DNS lookup failed for ${hostOf(req.url)} (check the URL and your network)${via}`, 'dns', undefined, beyond);
  // https:// to a server that does not speak TLS there (plain http, or another service's port).
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST/i.test(code) || /wrong version number|packet length too long|http request/i.test(message)) {
    return new HttpError(`${where}: ${hostOf(req.url)} did not answer in TLS: is the URL http:// rather than https://, or the port another service's?${via}`, 'connect', undefined, beyond);
  }
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test(e.message ?? '')) {
    return new HttpError(`${where}: TLS certificate not trusted (${code || 'TLS error'}); if your network inspects TLS, add its CA under network.extraCaFile${via}`, 'tls', undefined, beyond);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new HttpError(`${where}: timed out (${code.replace('UND_ERR_', '').toLowerCase().replace(/_/g, ' ')})${via}`, 'timeout', undefined, beyond);
  }
  if (code === 'ECONNREFUSED') return new HttpError(`${where}: connection refused by ${hostOf(req.url)}`, 'connect');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new HttpError(`${where}: connection reset by the ${proxy ? `proxy ${proxy.address} or the server behind it` : 'server'}`, 'reset', undefined, beyond);
  }
  // An empty message (AggregateError puts its reasons in `errors`) must not leave "POST ...: " and nothing.
  const detail = e.message || e.errors?.map((x) => x.message).filter(Boolean).join('; ') || code || e.name || String(error);
  return new HttpError(redact(`${where}: ${detail}${via}`), 'other', undefined, beyond);
}

/**
 * Whether the request failed before the proxy answered: resolving, reaching or connecting to
 * the proxy itself. Through a proxy this client resolves and connects to nothing else, except
 * for the TLS handshake with the source inside the tunnel, whose timeout names the source.
 */
function reachingProxy(e: { hostname?: string; cause?: { hostname?: string } }, code: string, message: string, proxy: ProxyRoute, target: string): 'dns' | 'connect' | 'timeout' | null {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = e.hostname ?? e.cause?.hostname;
    return host === undefined || host === proxy.hostname ? 'dns' : null;
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'connect';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    // "Connect Timeout Error (attempted address: host:port, ...)" or "(attempted addresses: ip:port, ip:port, ...)".
    const attempted = /attempted address(?:es)?: ([^)]*?),? timeout/.exec(message)?.[1] ?? '';
    const ports = [...attempted.matchAll(/:(\d+)(?:,|$)/g)].map((m) => Number(m[1]));
    if (attempted.includes(`${proxy.hostname}:`)) return 'timeout';
    const targetPort = Number(target.slice(target.lastIndexOf(':') + 1));
    return ports.length > 0 && targetPort !== proxy.port && ports.every((p) => p === proxy.port) ? 'timeout' : null;
  }
  return null;
}

function proxyFailure(proxy: ProxyRoute | null, failed: ProxyFailure['failed'], target: string, status?: number): ProxyFailure | undefined {
  if (!proxy) return undefined;
  return { address: proxy.address, setting: proxy.setting, failed, target, ...(status !== undefined ? { status } : {}) };
}

/** host:port the request is for, the port spelled out (as a tunnel names it). */
function targetOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new HttpError('cancelled', 'aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new HttpError('cancelled', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
