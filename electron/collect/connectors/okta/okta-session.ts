import type { RecordKind } from '../../../../shared/domain/records';
import type { ConnectorContext, SourceItem } from '../../connector';
import { HttpError, type HttpEvents, type HttpResponse } from '../../http/http-client';
import type { OktaAuth } from './okta-auth';
import { OktaError, oktaHttpError } from './okta-errors';
import { nextLink } from './okta-link';

/** Okta rate-limits per endpoint family; requests in one family share a governor window. */
export type OktaFamily = '/api/v1/users' | '/api/v1/groups' | '/api/v1/apps' | '/api/v1/logs' | '/oauth2/v1/token';

/** Counters shared by every phase of one read; they end up in progress items and the verdict. */
export interface OktaReadState {
  phase: string;
  pages: number;
  records: number;
  events: number;
  notes: string[];
  complete: boolean;
}

export interface OktaPage {
  items: unknown[];
  next: string | null;
}

/**
 * One read's conversation with Okta: authenticated GETs through the shared HttpClient, rate
 * limit waits surfaced as progress while they happen, pages parsed strictly (a page that is
 * not a JSON array fails the read, naming the endpoint and page number).
 */
export class OktaSession {
  private readonly origin: string;

  constructor(
    readonly ctx: ConnectorContext,
    readonly baseUrl: string,
    readonly auth: OktaAuth,
    readonly state: OktaReadState,
  ) {
    this.origin = new URL(baseUrl).origin;
  }

  /** e.g. "okta:acme.okta.com:/api/v1/users": Okta counts limits per org and endpoint family. */
  rateLimitKey(family: OktaFamily): string {
    return oktaRateLimitKey(this.baseUrl, family);
  }

  /**
   * One authenticated GET. Rate-limit waits inside the HttpClient are yielded as progress as
   * they begin. An OAuth token Okta rejects is dropped and fetched again once. Transport
   * failures are thrown as the HttpClient's HttpError.
   */
  async *send(url: string, family: OktaFamily, retry: boolean): AsyncGenerator<SourceItem, HttpResponse, void> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.ctx.signal.aborted) throw new HttpError(`GET ${new URL(url).pathname}: cancelled`, 'aborted');
      const authorization = await this.auth.authorization(this.ctx);
      const res = yield* this.requestWithProgress(url, family, retry, authorization);
      this.auth.observe(res.headers);
      if (res.status === 401 && this.auth.kind === 'oauth' && attempt === 0) {
        this.auth.invalidate();
        continue;
      }
      return res;
    }
  }

  /** Fetches and parses one page; any failure names `where` (e.g. "Okta /api/v1/users page 3"). */
  async *fetchPage(url: string, where: string, family: OktaFamily): AsyncGenerator<SourceItem, OktaPage, void> {
    let res: HttpResponse;
    try {
      res = yield* this.send(url, family, true);
    } catch (error) {
      throw this.transportError(error, where);
    }
    return this.parsePage(res, where);
  }

  /** Turns an answer into a page, or throws the error a person can act on. */
  parsePage(res: HttpResponse, where: string): OktaPage {
    if (res.status < 200 || res.status >= 300) throw oktaHttpError(res, where, this.auth.kind);
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      const looksJson = /^\s*[[{]/.test(res.text);
      throw new OktaError(
        'UPSTREAM',
        looksJson
          ? `${where}: body is not valid JSON (cut short? ${Buffer.byteLength(res.text)} bytes received)`
          : `${where}: body is not JSON (content-type ${res.headers['content-type'] ?? 'missing'}, ${Buffer.byteLength(res.text)} bytes)`,
        null,
        res.status,
      );
    }
    if (!Array.isArray(body)) {
      throw new OktaError('UPSTREAM', `${where}: expected a JSON array, got ${body === null ? 'null' : typeof body}`, null, res.status);
    }
    const next = nextLink(res.headers['link']);
    let resolved: string | null = null;
    if (next) {
      let nextUrl: URL;
      try {
        nextUrl = new URL(next, res.url);
      } catch {
        throw new OktaError('UPSTREAM', `${where}: the Link rel="next" URL is not a URL`);
      }
      if (nextUrl.origin !== this.origin) {
        // Never send the credentials anywhere but the configured org.
        throw new OktaError('UPSTREAM', `${where}: the next link points to ${nextUrl.host}, not ${new URL(this.origin).host}; refusing to follow it`);
      }
      resolved = nextUrl.toString();
    }
    this.state.pages += 1;
    return { items: body, next: resolved };
  }

  /** A transport failure (DNS, TLS, reset, timeout) as an error naming the page; cancellation passes through. */
  transportError(error: unknown, where: string): unknown {
    if (error instanceof HttpError && error.kind === 'aborted') return error;
    if (error instanceof OktaError) return error;
    // The transport error stays as the cause: a connection test diagnoses DNS, TLS and refusals from its kind.
    if (error instanceof HttpError) return Object.assign(new OktaError('UPSTREAM', `${where}: ${error.message}`, null, error.status ?? null), { cause: error });
    return error;
  }

  /** Follows `rel="next"` from `firstUrl` until there is none, handing each page's items to `onItems`. */
  async *walk(
    firstUrl: string,
    label: string,
    family: OktaFamily,
    onItems: (items: unknown[], where: string) => Iterable<SourceItem>,
  ): AsyncGenerator<SourceItem, void, void> {
    let url: string | null = firstUrl;
    for (let pageNo = 1; url; pageNo += 1) {
      const where = `Okta ${label} page ${pageNo}`;
      const page: OktaPage = yield* this.fetchPage(url, where, family);
      yield* onItems(page.items, where);
      yield this.progress();
      if (page.next === url) throw new OktaError('UPSTREAM', `${where}: the next link repeats the current page`);
      url = page.next;
    }
  }

  /** A progress item with the read's running totals. */
  progress(extra: { waitingMs?: number; message?: string } = {}): SourceItem {
    return {
      type: 'progress',
      progress: { phase: this.state.phase, pages: this.state.pages, records: this.state.records + this.state.events, ...extra },
    };
  }

  /** A record the connector could not normalize; a record kind makes the read incomplete (no removals inferred). */
  quarantine(kind: RecordKind | 'event', reason: string, raw: unknown, where: string): SourceItem {
    if (kind !== 'event') {
      if (this.state.complete) this.state.notes.push('Some Okta objects could not be normalized (quarantined); removals are not inferred from this read.');
      this.state.complete = false;
    }
    return { type: 'quarantine', kind, reason, raw, where };
  }

  private async *requestWithProgress(url: string, family: OktaFamily, retry: boolean, authorization: string): AsyncGenerator<SourceItem, HttpResponse, void> {
    const waits: { ms: number; reason: string }[] = [];
    let wake: (() => void) | null = null;
    const events: HttpEvents = {
      onWait: (info) => {
        waits.push({ ms: info.ms, reason: info.reason });
        wake?.();
      },
    };
    const pending = this.ctx.http.request(
      {
        method: 'GET',
        url,
        headers: { authorization, accept: 'application/json' },
        // A DPoP-bound token needs a new proof on every attempt (null for SSWS and Bearer).
        freshHeaders: (): Record<string, string> => {
          const proof = this.auth.proofFor('GET', url);
          return proof ? { dpop: proof } : {};
        },
        signal: this.ctx.signal,
        retry,
        rateLimitKey: this.rateLimitKey(family),
      },
      events,
    );
    const done = pending.then((res) => ({ res }));
    // If our consumer stops early, a late failure must not surface as an unhandled rejection.
    done.catch(() => undefined);
    for (;;) {
      yield* this.flushWaits(waits, family);
      const woke = new Promise<null>((resolve) => {
        wake = () => resolve(null);
      });
      const outcome = await Promise.race([done, woke]);
      wake = null;
      if (outcome) {
        yield* this.flushWaits(waits, family);
        return outcome.res;
      }
    }
  }

  private *flushWaits(waits: { ms: number; reason: string }[], family: OktaFamily): Generator<SourceItem, void, void> {
    while (waits.length > 0) {
      const w = waits.shift()!;
      const why = w.reason === 'backoff' ? 'backing off before a retry' : 'waiting for the Okta rate limit to reset';
      yield this.progress({ waitingMs: w.ms, message: `${family}: ${why} (${Math.ceil(w.ms / 1000)} s)` });
    }
  }
}

/** The governor key for an Okta org and endpoint family. */
export function oktaRateLimitKey(baseUrl: string, family: OktaFamily): string {
  return `okta:${new URL(baseUrl).host}:${family}`;
}
