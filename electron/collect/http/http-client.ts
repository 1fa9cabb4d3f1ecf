/**
 * The one HTTP client every outbound call goes through (built on undici). Connectors speak
 * in requests and responses; this layer owns pools, timeouts, cancellation, read retries,
 * pacing on rate-limit headers, proxies and extra CAs, request counting and redaction.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Headers made anew for every attempt, retries included (a DPoP proof is single use). */
  freshHeaders?: () => Record<string, string>;
  /** A JSON value (sent as application/json) or a pre-encoded string with its content type in headers. */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Retries with jittered backoff on 429/5xx/connection errors. Defaults to true for GET
   * and false otherwise; Prefect's and SCIM's POST .../filter reads pass true explicitly.
   * Never true for a request that changes state.
   */
  retry?: boolean;
  /** Groups requests that share one rate limit (e.g. "okta:acme.okta.com"). Defaults to the URL's origin. */
  rateLimitKey?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The raw body text; connectors parse it so a malformed page can be named precisely. */
  text: string;
  url: string;
}

export interface HttpEvents {
  /** Called when the client waits before a request (rate limit or backoff). */
  onWait?: (info: { url: string; ms: number; reason: 'rate-limit' | 'retry-after' | 'backoff' }) => void;
}

export interface HttpClient {
  request(req: HttpRequest, events?: HttpEvents): Promise<HttpResponse>;
  /** Requests sent (each retry counts), for collection records and the minimum-requests benchmark. */
  readonly requestCount: number;
  close(): Promise<void>;
}

/**
 * A request that went through a proxy and failed there, or past it. `failed` says which:
 * reaching the proxy (its DNS name, its port, in time), the proxy refusing the tunnel to the
 * source (with the proxy's status, which is not the source's), or something beyond the proxy.
 */
export interface ProxyFailure {
  /** The proxy's host:port, never its user or password. */
  address: string;
  /** Where the proxy was configured: "network.proxy", "environment variable HTTPS_PROXY". */
  setting: string;
  failed: 'dns' | 'connect' | 'timeout' | 'tunnel' | 'beyond';
  /** The proxy's answer to CONNECT, when it refused the tunnel. */
  status?: number;
  /** The host:port the tunnel was for. */
  target: string;
}

/** A transport-level failure after retries (DNS, TLS, connection reset, timeout), with a diagnosis. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly kind: 'dns' | 'tls' | 'connect' | 'timeout' | 'reset' | 'aborted' | 'http' | 'other',
    /** The source's HTTP status; never a proxy's (that is in `proxy`). */
    readonly status?: number,
    /** Set when the request went through a proxy: connectors re-wrapping this error pass it on. */
    readonly proxy?: ProxyFailure,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
