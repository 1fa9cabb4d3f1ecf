import http from 'node:http';
import fs from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ErrorCode } from '../../shared/api/result';
import type { LedgerService } from './service';
import type { Logger } from '../platform/logger';
import { SECURITY_HEADERS } from './content-security-policy';
import { resolveStaticFile } from './static-files';

export interface BridgeOptions {
  service: LedgerService;
  /** The built renderer; the bridge serves it read-only. */
  staticDir: string;
  port?: number;
  logger: Logger;
  /** Tests may fix the token; normally a fresh random one per launch. */
  token?: string;
  actor?: string;
}

export interface RunningBridge {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
export const LOOPBACK_HOST = '127.0.0.1';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  UNKNOWN_CHANNEL: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  INTERNAL: 500,
};

/**
 * The headless transport: serves the built UI and the same API as Electron IPC over HTTP,
 * bound to 127.0.0.1 only. Every API call must carry the per-launch token; requests with a
 * foreign Host (DNS rebinding) or a foreign Origin (cross-site) are refused before anything
 * else happens.
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let origin = '';
  let allowedHost = '';

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error('bridge request failed', { error: String(error) });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Internal error.' } });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (req.headers.host !== allowedHost) return refuse(res, 421, 'FORBIDDEN', 'Host header is not this bridge’s loopback address.');
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return refuse(res, 403, 'FORBIDDEN', 'Cross-origin requests are refused.');
    if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(res, 403, 'FORBIDDEN', 'Cross-site requests are refused.');

    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'FORBIDDEN', 'Method not allowed.');
    const file = resolveStaticFile(options.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'NOT_FOUND', 'Not found.');
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Cache-Control': file.contentType.startsWith('text/html') ? 'no-store' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file.file).pipe(res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (!hasToken(req)) return refuse(res, 401, 'UNAUTHORIZED', 'Missing or wrong access token; open the URL that `access-ledger serve` printed.');
    if (req.method !== 'POST') return refuse(res, 405, 'FORBIDDEN', 'API calls are POST requests.');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, 'INVALID_ARGUMENT', 'API calls must send application/json.');
    }
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return refuse(res, 413, 'INVALID_ARGUMENT', `Request body over ${MAX_BODY_BYTES} bytes.`);
    }
    let args: unknown;
    try {
      args = raw.length ? JSON.parse(raw) : {};
    } catch {
      return refuse(res, 400, 'INVALID_ARGUMENT', 'Request body is not valid JSON.');
    }
    const result = await options.service.dispatch(decodeURIComponent(channel), args, {
      transport: 'http',
      actor: options.actor ?? 'local-user',
    });
    sendJson(res, result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 422), result);
  }

  function hasToken(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    return presented.length === tokenBytes.length && timingSafeEqual(presented, tokenBytes);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${LOOPBACK_HOST}:${port}`;
  allowedHost = `${LOOPBACK_HOST}:${port}`;
  server.keepAliveTimeout = 5000;

  return {
    // The token travels in the fragment: browsers never send it to a server or in a Referer.
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuse(res: http.ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
