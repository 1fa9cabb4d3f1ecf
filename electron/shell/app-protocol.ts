import fs from 'node:fs/promises';
import { SECURITY_HEADERS } from '../api/content-security-policy';
import { resolveStaticFile } from '../api/static-files';
import { APP_ORIGIN, APP_SCHEME, originOf } from './app-origin';

/** What the handler needs from a protocol request (a WHATWG Request satisfies it). */
export interface AppRequest {
  url: string;
  method: string;
}

/** Privileges for the app:// scheme: a standard, secure origin that may use fetch; nothing more (no CSP bypass). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/**
 * Answers one app:// request from the built renderer folder, the way the loopback bridge
 * does: the shared path-traversal guard decides which file (if any), and every response,
 * errors included, carries the CSP and the other security headers. Only the app's own
 * host is served; the path is taken from the raw URL text, before any URL normalisation,
 * so `..`, `%2e%2e` and encoded backslashes reach the guard and are refused rather than
 * silently collapsed into some other path.
 */
export async function serveAppRequest(rendererDir: string, request: AppRequest): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
  if (originOf(request.url) !== APP_ORIGIN) return plain(404, 'Not found.');
  const file = resolveStaticFile(rendererDir, rawPath(request.url));
  if (!file) return plain(404, 'Not found.');
  let body: Buffer;
  try {
    body = await fs.readFile(file.file);
  } catch {
    return plain(404, 'Not found.');
  }
  const headers = {
    ...SECURITY_HEADERS,
    'Content-Type': file.contentType,
    'Cache-Control': 'no-store',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** The path part of `app://host/path?query` exactly as written. */
function rawPath(url: string): string {
  // The URL parser drops surrounding spaces and tabs/newlines anywhere; do the same first.
  const text = url.trim().replace(/[\t\n\r]/g, '');
  const afterScheme = text.slice(`${APP_SCHEME}://`.length);
  const slash = afterScheme.indexOf('/');
  return slash === -1 ? '/' : afterScheme.slice(slash);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
