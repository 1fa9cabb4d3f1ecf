/**
 * Okta's rate limiting as the simulator plays it: a fixed window per endpoint family, and
 * on every response `X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset`
 * (epoch seconds) plus a `Date` from the same clock, so a client can measure Reset against
 * the server's time. Past the limit Okta answers 429 E0000047 with NO Retry-After.
 */
export type OktaSimFamily = '/api/v1/users' | '/api/v1/groups' | '/api/v1/apps' | '/api/v1/logs' | '/oauth2/v1/token';

export interface OktaSimRateLimit {
  limit: number;
  windowMs: number;
}

/**
 * Generous by default so the demo and the benchmarks never wait (real orgs allow a few
 * hundred to a few thousand a minute per family); tests pass their own.
 */
export const DEFAULT_OKTA_SIM_RATE_LIMIT: OktaSimRateLimit = { limit: 100_000, windowMs: 60_000 };

/** Which family a path is counted under, or null for paths the simulator does not serve. */
export function oktaSimFamily(path: string): OktaSimFamily | null {
  if (path === '/oauth2/v1/token') return '/oauth2/v1/token';
  if (path === '/api/v1/users' || path.startsWith('/api/v1/users/')) return '/api/v1/users';
  if (path === '/api/v1/groups' || path.startsWith('/api/v1/groups/')) return '/api/v1/groups';
  if (path.startsWith('/api/v1/apps/')) return '/api/v1/apps';
  if (path === '/api/v1/logs') return '/api/v1/logs';
  return null;
}

export class OktaSimRateLimiter {
  private readonly counts = new Map<string, { windowStart: number; used: number }>();

  constructor(
    private readonly limits: OktaSimRateLimit,
    private readonly now: () => number,
  ) {}

  /** Counts one request; `allowed` false means answer 429. Headers describe the window after counting. */
  take(family: OktaSimFamily): { allowed: boolean; headers: Record<string, string> } {
    const nowMs = this.now();
    const window = this.window(family, nowMs);
    window.used += 1;
    const allowed = window.used <= this.limits.limit;
    return { allowed, headers: this.headersFor(window, nowMs) };
  }

  /** The current window's headers without counting a request (for injected 429s). */
  peek(family: OktaSimFamily, exhausted = false): Record<string, string> {
    const nowMs = this.now();
    const window = this.window(family, nowMs);
    return this.headersFor(exhausted ? { ...window, used: Math.max(window.used, this.limits.limit) } : window, nowMs);
  }

  /** `Date` alone, for paths outside any family. */
  dateHeader(): Record<string, string> {
    return { date: new Date(this.now()).toUTCString() };
  }

  private window(family: OktaSimFamily, nowMs: number) {
    const windowStart = Math.floor(nowMs / this.limits.windowMs) * this.limits.windowMs;
    let w = this.counts.get(family);
    if (!w || w.windowStart !== windowStart) {
      w = { windowStart, used: 0 };
      this.counts.set(family, w);
    }
    return w;
  }

  private headersFor(window: { windowStart: number; used: number }, nowMs: number): Record<string, string> {
    return {
      'x-rate-limit-limit': String(this.limits.limit),
      'x-rate-limit-remaining': String(Math.max(0, this.limits.limit - window.used)),
      'x-rate-limit-reset': String(Math.ceil((window.windowStart + this.limits.windowMs) / 1000)),
      date: new Date(nowMs).toUTCString(),
    };
  }
}
