import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a simulator sees it: body already parsed (JSON or form), query split out. */
export interface SimRequest {
  method: string;
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON or form body; undefined when empty or unparsable (see rawBody). */
  body: unknown;
}

export interface SimResponse {
  status: number;
  /** An array sends the header several times (Okta sends Link that way). */
  headers?: Record<string, string | string[]>;
  /** Sent as JSON (with the content type in headers, or application/json). */
  json?: unknown;
  /** Sent verbatim; wins over json. */
  text?: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * A fault to inject, consumed in order. Counter-based rather than random so a test can say
 * exactly which request fails: `after` requests matching `match` pass, then the next `times` fail.
 */
export interface Fault {
  /** Substring of the path (or a RegExp) that this fault applies to; all requests if absent. */
  match?: string | RegExp;
  kind:
    | 'status' // reply with `status` (e.g. 500, 503) and a plausible error body from the simulator
    | 'rate-limit' // the simulator's own 429 (headers as the real API sends them)
    | 'reset' // destroy the socket before any response
    | 'malformed' // 200 with a body that is not JSON
    | 'truncate' // 200 whose JSON body is cut in half
    | 'slow-body' // send half the body, wait slowMs, send the rest
    | 'hang'; // never answer (for timeout tests)
  status?: number;
  after?: number;
  times?: number;
  slowMs?: number;
}

export interface SimServerOptions {
  name: string;
  handler: SimHandler;
  /** Added before every response. */
  latencyMs?: number;
  faults?: Fault[];
  /** How a simulator turns a 'rate-limit' fault into its API's own 429 response. */
  rateLimitResponse?: (req: SimRequest) => SimResponse;
  /** How a simulator phrases an injected error status. */
  errorResponse?: (status: number, req: SimRequest) => SimResponse;
  /** Called after each request is handled: the "data changes while a client pages" knob hooks in here. */
  afterRequest?: (req: SimRequest) => void;
  port?: number;
}

export interface RunningSim {
  name: string;
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Every request received, in order (method and path with query). */
  requests: string[];
  /** Replace or extend the fault list while running. */
  faults: Fault[];
  close(): Promise<void>;
}

interface FaultState {
  fault: Fault;
  seen: number;
  fired: number;
}

/** Starts a simulator on 127.0.0.1. Simulators are product code: the demo and the tests use them. */
export async function startSimServer(options: SimServerOptions): Promise<RunningSim> {
  const requests: string[] = [];
  const states = new WeakMap<Fault, FaultState>();
  const running: RunningSim = {
    name: options.name,
    origin: '',
    port: 0,
    requests,
    faults: [...(options.faults ?? [])],
    close: async () => undefined,
  };

  const pickFault = (req: SimRequest): Fault | undefined => {
    for (const fault of running.faults) {
      const matches =
        fault.match === undefined ||
        (typeof fault.match === 'string' ? req.path.includes(fault.match) : fault.match.test(req.path + req.url.search));
      if (!matches) continue;
      let state = states.get(fault);
      if (!state) {
        state = { fault, seen: 0, fired: 0 };
        states.set(fault, state);
      }
      state.seen += 1;
      if (state.seen <= (fault.after ?? 0)) continue;
      if (state.fired >= (fault.times ?? 1)) continue;
      state.fired += 1;
      return fault;
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', running.origin);
        const simReq: SimRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          url,
          query: url.searchParams,
          headers: req.headers,
          rawBody,
          body: parseBody(rawBody, String(req.headers['content-type'] ?? '')),
        };
        requests.push(`${simReq.method} ${url.pathname}${url.search}`);
        if (options.latencyMs) await sleep(options.latencyMs);
        const fault = pickFault(simReq);
        if (fault?.kind === 'reset') return void req.socket.destroy();
        if (fault?.kind === 'hang') return;
        let response: SimResponse;
        try {
          if (fault?.kind === 'rate-limit') {
            response = options.rateLimitResponse?.(simReq) ?? { status: 429, headers: { 'retry-after': '1' }, json: { error: 'rate limited' } };
          } else if (fault?.kind === 'status') {
            const status = fault.status ?? 500;
            response = options.errorResponse?.(status, simReq) ?? { status, json: { detail: 'simulated failure' } };
          } else {
            response = await options.handler(simReq);
          }
        } catch (error) {
          response = { status: 500, json: { detail: `simulator error: ${String(error)}` } };
        }
        options.afterRequest?.(simReq);
        let text = response.text ?? (response.json === undefined ? '' : JSON.stringify(response.json));
        const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
        if (response.text === undefined && response.json !== undefined && !hasHeader(headers, 'content-type')) {
          headers['content-type'] = 'application/json';
        }
        if (fault?.kind === 'malformed') text = '<html><body>502 Bad Gateway</body></html>';
        if (fault?.kind === 'truncate') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
        if (fault?.kind === 'slow-body') {
          res.writeHead(response.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
          const half = Math.floor(text.length / 2);
          res.write(text.slice(0, half));
          await sleep(fault.slowMs ?? 2000);
          if (!res.destroyed) res.end(text.slice(half));
          return;
        }
        res.writeHead(response.status, headers);
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  running.port = (server.address() as AddressInfo).port;
  running.origin = `http://127.0.0.1:${running.port}`;
  running.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return running;
}

function parseBody(raw: string, contentType: string): unknown {
  if (!raw) return undefined;
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function hasHeader(headers: Record<string, string | string[]>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The knobs every simulator's start function passes through to its server. */
export interface SimServeKnobs {
  faults?: Fault[];
  latencyMs?: number;
  port?: number;
  afterRequest?: (req: SimRequest) => void;
}

/**
 * Starts one simulator's server: its handler with its own way of phrasing injected 429s and
 * errors, plus the common knobs. Each simulator's start function adds its credentials on top.
 */
export function serveSimulator(
  name: string,
  api: { handler: SimHandler; rateLimitResponse?: (req: SimRequest) => SimResponse; errorResponse?: (status: number, req: SimRequest) => SimResponse },
  knobs: SimServeKnobs,
): Promise<RunningSim> {
  return startSimServer({
    name,
    handler: api.handler,
    ...(api.rateLimitResponse ? { rateLimitResponse: api.rateLimitResponse } : {}),
    ...(api.errorResponse ? { errorResponse: api.errorResponse } : {}),
    ...(knobs.faults ? { faults: knobs.faults } : {}),
    ...(knobs.latencyMs ? { latencyMs: knobs.latencyMs } : {}),
    ...(knobs.port !== undefined ? { port: knobs.port } : {}),
    ...(knobs.afterRequest ? { afterRequest: knobs.afterRequest } : {}),
  });
}
