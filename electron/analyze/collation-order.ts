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

/** A stable sort by two integer keys, each computed once per item. */
export function sortBy<T>(items: readonly T[], first: (x: T) => number, second: (x: T) => number): T[] {
  return items
    .map((item) => ({ item, a: first(item), b: second(item) }))
    .sort((x, y) => x.a - y.a || x.b - y.b)
    .map((x) => x.item);
}
