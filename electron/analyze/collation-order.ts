/**
 * String#localeCompare's order (no locale given: one Intl.Collator, which is what it uses),
 * as integer ranks: the distinct strings are sorted once and a sort of 40k changes compares
 * numbers instead of collating two strings per comparison. Strings the collator holds equal
 * get the same rank, so a stable sort by rank orders exactly as one by localeCompare.
 */
export class CollationOrder {
  private readonly compare = new Intl.Collator().compare;
  private ranks: Map<string, number> | null = null;
  private readonly pending = new Set<string>();

  /** Announces strings before ranking them (all at once is what makes it cheap). */
  add(s: string): void {
    if (!this.ranks?.has(s)) this.pending.add(s);
  }

  /** A string's rank among every string added or ranked so far (ranks are only comparable between calls with nothing added in between). */
  rank(s: string): number {
    if (this.ranks === null || this.pending.size > 0 || !this.ranks.has(s)) {
      this.pending.add(s);
      this.rebuild();
    }
    return this.ranks!.get(s)!;
  }

  /** Ranks every string seen so far and every pending one. */
  private rebuild(): void {
    const all = [...(this.ranks?.keys() ?? []), ...this.pending].sort(this.compare);
    this.pending.clear();
    const ranks = new Map<string, number>();
    let rank = 0;
    for (let i = 0; i < all.length; i++) {
      if (i > 0 && this.compare(all[i - 1]!, all[i]!) !== 0) rank += 1;
      ranks.set(all[i]!, rank);
    }
    this.ranks = ranks;
  }
}

/**
 * A stable sort by two non-negative integer keys, each computed once per item. The keys and
 * the item's index are packed into one double, so the sort is a typed array's numeric sort
 * (no comparator calls: a JavaScript comparator was most of a 40k-change diff's sorting), with
 * the index breaking ties, which is what makes it stable. Keys too large to pack exactly fall
 * back to a comparator.
 */
export function sortBy<T>(items: readonly T[], first: (x: T) => number, second: (x: T) => number): T[] {
  const n = items.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let maxA = 0;
  let maxB = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const x = first(items[i]!);
    const y = second(items[i]!);
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
