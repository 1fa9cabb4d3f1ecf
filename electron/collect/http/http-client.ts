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

/** A transport-level failure after retries (DNS, TLS, connection reset, timeout), with a diagnosis. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly kind: 'dns' | 'tls' | 'connect' | 'timeout' | 'reset' | 'aborted' | 'http' | 'other',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
