import { describe, expect, it } from 'vitest';
import { CollationOrder, sortBy } from '../../electron/analyze/collation-order';
import { rng } from '../fixtures/rng';

/** Names a diff sorts by: cases, accents, digits, empty, and strings the collator holds equal. */
const NAMES = ['analytics', 'Account roles', 'Production', 'prod', 'Zoë', 'Zoe', 'zoe', 'Émile', 'Emile', 'emile', '', 'p10', 'p9', 'P10', 'a\u0301', '\u00e1', 'ß', 'ss', 'Ａ', 'A'];


/** A string's rank among every string numbered so far. */
const rankOf = (order: CollationOrder, s: string): number => order.ranks()[order.id(s)]!;

describe('collation order', () => {
  it('sorts exactly as a stable sort by localeCompare, ties kept in input order', () => {
    const random = rng(7);
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 60 }, (_, i) => ({ i, name: NAMES[Math.floor(random() * NAMES.length)]!, scope: NAMES[Math.floor(random() * NAMES.length)]! }));
      const expected = [...items].sort((x, y) => x.name.localeCompare(y.name) || x.scope.localeCompare(y.scope));
      const order = new CollationOrder();
      for (const x of items) {
        order.id(x.name);
        order.id(x.scope);
      }
      expect(sortBy(items, (x) => rankOf(order, x.name), (x) => rankOf(order, x.scope))).toEqual(expected);
    }
  });

  it('ranks strings added after others were ranked consistently with them', () => {
    const order = new CollationOrder();
    for (const s of ['prod', 'Production']) order.id(s);
    expect(rankOf(order, 'prod')).toBeLessThan(rankOf(order, 'Production'));
    // Added later: every rank handed out afterwards is among all of them.
    order.id('Account roles');
    order.id('analytics');
    const labels = ['prod', 'analytics', 'Account roles', 'Production'];
    expect(sortBy(labels, (l) => rankOf(order, l), () => 0)).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    // Strings the collator holds equal share a rank.
    expect(rankOf(order, '\u00e1')).toBe(rankOf(order, 'a\u0301'));
  });
});

describe('sortBy', () => {
  it('orders by the first key, then the second, ties in input order, as a comparator sort does', () => {
    const random = rng(11);
    for (const size of [0, 1, 2, 17, 500]) {
      const items = Array.from({ length: size }, (_, i) => ({ i, a: Math.floor(random() * 7), b: Math.floor(random() * 5) }));
      const expected = [...items].sort((x, y) => x.a - y.a || x.b - y.b);
      expect(sortBy(items, (x) => x.a, (x) => x.b)).toEqual(expected);
    }
  });

  it('falls back to comparing when the keys cannot be packed (fractions, negatives, huge ranks)', () => {
    const items = [
      { a: 2 ** 40, b: 3 },
      { a: -1, b: 0.5 },
      { a: 2 ** 40, b: 1 },
      { a: -1, b: 0.25 },
      { a: 0, b: 2 ** 30 },
    ];
    expect(sortBy(items, (x) => x.a, (x) => x.b)).toEqual([items[3], items[1], items[4], items[2], items[0]]);
  });
});
