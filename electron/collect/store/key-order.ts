/**
 * Key order as SQLite stores it. The merge inserts in stored order and the content hashes
 * follow it, so the JavaScript side must sort exactly as SQLite's BINARY collation does.
 */

/** Any UTF-16 unit where JavaScript's order and UTF-8's can differ. */
export const HIGH_UNITS = /[\ud800-\uffff]/;

/**
 * String order as SQLite's BINARY collation sees it (UTF-8 bytes, i.e. code points).
 * JavaScript's `<` compares UTF-16 units, which differs only where a surrogate meets a
 * unit at or above U+E000.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

/** Surrogates (U+D800–DFFF) stand for code points above U+FFFF: rank them after U+E000–FFFF. */
const codePointRank = (unit: number): number => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);
