import fs from 'node:fs';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  file: string;
  contentType: string;
}

/**
 * Maps a URL path onto a file inside `root`, or null. Shared by the app:// protocol and the
 * loopback bridge so that both have the same path-traversal guard: the resolved path must
 * stay inside root after decoding, and dot-segments or encoded separators are refused.
 * Paths that name no file and no asset type fall back to index.html (client-side routes):
 * that includes routes with a dot in them, such as /people/ana.ruiz@example.com, while a
 * missing script or stylesheet is still a 404 rather than HTML under the wrong type.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const base = path.resolve(root);
  let target = path.resolve(base, ...segments);
  if (target !== base && !target.startsWith(base + path.sep)) return null;
  const ext = path.extname(target);
  const assetType = Object.prototype.hasOwnProperty.call(MIME, ext.toLowerCase());
  if (target === base || (!isFile(target) && !assetType)) target = path.join(base, 'index.html');
  if (!isFile(target)) return null;
  // Symlinks could point outside root: compare real paths too.
  const real = fs.realpathSync(target);
  const realBase = fs.realpathSync(base);
  if (!real.startsWith(realBase + path.sep)) return null;
  return { file: real, contentType: MIME[path.extname(real)] ?? 'application/octet-stream' };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
