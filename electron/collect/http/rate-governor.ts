/**
 * Paces requests on what the server says about its rate limit, so we slow down before a 429
 * instead of after. Understands Okta's X-Rate-Limit-* headers (Reset in epoch seconds,
 * measured against the response Date so a skewed local clock does not matter) and the
 * IETF RateLimit-* headers (Reset in seconds from now).
 */
export interface RateWindow {
  limit: number;
  remaining: number;
  /** Local epoch ms when the window resets. */
  resetAtMs: number;
}

export class RateGovernor {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly now: () => number,
    /** Keep this share of the window in reserve for other clients of the same limit. */
    private readonly reserveShare = 0.05,
  ) {}

  /** Milliseconds to wait before the next request under this key (0 = go). */
  delayFor(key: string): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    const now = this.now();
    if (now >= w.resetAtMs) {
      this.windows.delete(key);
      return 0;
    }
    const reserve = Math.max(1, Math.floor(w.limit * this.reserveShare));
    if (w.remaining > reserve) {
      w.remaining -= 1; // count our own request until the next response corrects it
      return 0;
    }
    return w.resetAtMs - now;
  }

  /** Reads rate-limit headers off a response. */
  observe(key: string, headers: Record<string, string>): void {
    const window = parseRateHeaders(headers, this.now());
    if (window) this.windows.set(key, window);
  }

  /** How long a 429 asks us to wait: Retry-After, else the window's reset, else undefined. */
  retryAfterMs(headers: Record<string, string>): number | undefined {
    const retryAfter = headers['retry-after'];
    if (retryAfter !== undefined) {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) return Math.max(0, at - serverNow(headers, this.now()));
    }
    const window = parseRateHeaders(headers, this.now());
    if (window) return Math.max(0, window.resetAtMs - this.now());
    return undefined;
  }
}

/** The server's clock at the response, from its Date header, else ours. */
function serverNow(headers: Record<string, string>, localNow: number): number {
  const date = headers['date'] ? Date.parse(headers['date']) : NaN;
  return Number.isNaN(date) ? localNow : date;
}

export function parseRateHeaders(headers: Record<string, string>, localNow: number): RateWindow | undefined {
  const oktaLimit = headers['x-rate-limit-limit'];
  const oktaRemaining = headers['x-rate-limit-remaining'];
  const oktaReset = headers['x-rate-limit-reset'];
  if (oktaLimit !== undefined && oktaRemaining !== undefined && oktaReset !== undefined) {
    const limit = Number(oktaLimit);
    const remaining = Number(oktaRemaining);
    const resetEpochMs = Number(oktaReset) * 1000;
    if ([limit, remaining, resetEpochMs].every(Number.isFinite)) {
      // Reset is the server's epoch time: convert it to a local time through the Date header.
      const untilReset = resetEpochMs - serverNow(headers, localNow);
      return { limit, remaining, resetAtMs: localNow + Math.max(0, untilReset) };
    }
  }
  const ietfLimit = headers['ratelimit-limit'];
  const ietfRemaining = headers['ratelimit-remaining'];
  const ietfReset = headers['ratelimit-reset'];
  if (ietfLimit !== undefined && ietfRemaining !== undefined && ietfReset !== undefined) {
    const limit = Number(ietfLimit);
    const remaining = Number(ietfRemaining);
    const seconds = Number(ietfReset);
    if ([limit, remaining, seconds].every(Number.isFinite)) return { limit, remaining, resetAtMs: localNow + seconds * 1000 };
  }
  return undefined;
}
