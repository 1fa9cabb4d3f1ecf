/**
 * String#localeCompare's order (no locale given: one Intl.Collator, which is what it uses),
 * as integer ranks: the distinct strings are sorted once and a sort of 40k changes compares
 * numbers instead of collating two strings per comparison. Strings the collator holds equal
 * get the same rank, so a stable sort by rank orders exactly as one by localeCompare.
 */
export class CollationOrder {
  private readonly compare = new Intl.Collator().compare;
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  private ranked: Int32Array | null = null;

  /** A dense number for a string, the same for the same string (what ranks() is indexed by). */
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(s, id);
      this.strings.push(s);
      this.ranked = null;
    }
    return id;
  }

  /** The string with this id. */
  text(id: number): string {
    return this.strings[id]!;
  }

  /**
   * The rank of every string seen so far, indexed by id: sorted once by the collator, equal
   * strings under it sharing a rank. Comparable only between calls with nothing new in between.
   */
  ranks(): Int32Array {
    if (this.ranked) return this.ranked;
    const { strings, compare } = this;
    const order = Array.from(strings.keys()).sort((a, b) => compare(strings[a]!, strings[b]!));
    const ranks = new Int32Array(strings.length);
    let rank = 0;
    for (let i = 0; i < order.length; i++) {
      if (i > 0 && compare(strings[order[i - 1]!]!, strings[order[i]!]!) !== 0) rank += 1;
      ranks[order[i]!] = rank;
    }
    this.ranked = ranks;
    return ranks;
  }
}

/**
 * A stable sort by two non-negative integer keys, each computed once per item. The keys and
 * the item's index are packed into one double, so the sort is a typed array's numeric sort
 * (no comparator calls: a JavaScript comparator was most of a 40k-change diff's sorting), with
 * the index breaking ties, which is what makes it stable. Keys too large to pack exactly fall
 * back to a comparator.
 */
export function sortBy<T>(items: readonly T[], first: (x: T, index: number) => number, second: (x: T, index: number) => number): T[] {
  const n = items.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let maxA = 0;
  let maxB = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const x = first(items[i]!, i);
    const y = second(items[i]!, i);
    a[i] = x;
    b[i] = y;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0) integral = false;
    else {
      if (x > maxA) maxA = x;
      if (y > maxB) maxB = y;
    }
  }
  const spanB = maxB + 1;
  if (!integral || (maxA + 1) * spanB * Math.max(1, n) > Number.MAX_SAFE_INTEGER) {
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i]! - a[j]! || b[i]! - b[j]! || i - j);
    return order.map((i) => items[i]!);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (a[i]! * spanB + b[i]!) * n + i;
  keys.sort();
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = items[keys[i]! % n]!;
  return out;
}
