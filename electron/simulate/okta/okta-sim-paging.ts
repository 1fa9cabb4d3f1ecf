/**
 * Okta-style keyset paging over the live org: the `after` cursor is opaque to clients
 * (base64url of the last item's position and key), so a page can be resumed even if the
 * data moved, the way Okta's id-based cursors behave. Clients must never build one.
 */
export interface SimCursor {
  /** Index of the last item served. */
  i: number;
  /** Its key, to find it again if the list changed. */
  k: string;
  /** Optional ordering value (e.g. `published`) for relocating a key that vanished. */
  p?: string;
}

export function encodeCursor(c: SimCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** The cursor, or null when `after` is not one of ours (Okta answers 400). */
export function decodeCursor(after: string): SimCursor | null {
  try {
    const c = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as SimCursor;
    if (typeof c.i !== 'number' || !Number.isInteger(c.i) || typeof c.k !== 'string') return null;
    return c;
  } catch {
    return null;
  }
}

/**
 * Where the last served item is now: at its old index if unchanged, else wherever its key
 * moved, else (it is gone) the last item ordered before it by `p`, else the old index.
 */
export function relocate<T>(list: readonly T[], cursor: SimCursor, keyOf: (t: T) => string, orderOf?: (t: T) => string): number {
  if (cursor.k === '') return Math.min(cursor.i, list.length - 1);
  const at = list[cursor.i];
  if (at !== undefined && keyOf(at) === cursor.k) return cursor.i;
  const moved = list.findIndex((t) => keyOf(t) === cursor.k);
  if (moved >= 0) return moved;
  if (orderOf && cursor.p !== undefined) {
    let last = -1;
    for (let idx = 0; idx < list.length; idx += 1) if (orderOf(list[idx] as T) <= cursor.p) last = idx;
    return last;
  }
  return Math.min(cursor.i, list.length - 1);
}

export interface ScanResult<T> {
  items: T[];
  /** Index of the last item served, or of the last index scanned when nothing matched. */
  lastIndex: number;
  /** Whether another matching item exists beyond this page. */
  more: boolean;
}

/** Collects up to `limit` matching items from `start` in direction `step`, and peeks for one more. */
export function scan<T>(list: readonly T[], start: number, step: 1 | -1, limit: number, matches: (t: T) => boolean): ScanResult<T> {
  const items: T[] = [];
  let idx = start;
  let lastIndex = start - step;
  for (; idx >= 0 && idx < list.length && items.length < limit; idx += step) {
    const t = list[idx] as T;
    lastIndex = idx;
    if (matches(t)) items.push(t);
  }
  let more = false;
  for (; idx >= 0 && idx < list.length; idx += step) {
    if (matches(list[idx] as T)) {
      more = true;
      break;
    }
  }
  return { items, lastIndex, more };
}

/** `limit` as Okta reads it: default when absent, silently capped, 400 when not a number in range. */
export function parseLimit(raw: string | null, defaultLimit: number, cap: number, min = 1): number | null {
  if (raw === null || raw === '') return Math.min(defaultLimit, cap);
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  if (n < min) return null;
  return Math.min(n, cap);
}

/** The Link header value: self first, then next (as Okta sends two Link headers, joined). */
export function linkHeader(self: string, next: string | null): string {
  return next ? `<${self}>; rel="self", <${next}>; rel="next"` : `<${self}>; rel="self"`;
}

/** The same request with `after` set to the new cursor (and `since` dropped: they are exclusive). */
export function nextUrl(url: URL, after: string, dropSince = false): string {
  const u = new URL(url.toString());
  u.searchParams.delete('after');
  if (dropSince) u.searchParams.delete('since');
  u.searchParams.set('after', after);
  return u.toString();
}
