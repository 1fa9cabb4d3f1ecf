import { describe, expect, it } from 'vitest';
import { CollationOrder, sortBy } from '../../electron/analyze/collation-order';
import { rng } from '../fixtures/rng';

/** Names a diff sorts by: cases, accents, digits, empty, and strings the collator holds equal. */
const NAMES = ['analytics', 'Account roles', 'Production', 'prod', 'Zoë', 'Zoe', 'zoe', 'Émile', 'Emile', 'emile', '', 'p10', 'p9', 'P10', 'a\u0301', '\u00e1', 'ß', 'ss', 'Ａ', 'A'];


describe('collation order', () => {
  it('sorts exactly as a stable sort by localeCompare, ties kept in input order', () => {
    const random = rng(7);
    for (let round = 0; round < 50; round++) {
      const items = Array.from({ length: 60 }, (_, i) => ({ i, name: NAMES[Math.floor(random() * NAMES.length)]!, scope: NAMES[Math.floor(random() * NAMES.length)]! }));
      const expected = [...items].sort((x, y) => x.name.localeCompare(y.name) || x.scope.localeCompare(y.scope));
      const order = new CollationOrder();
      for (const x of items) {
        order.add(x.name);
        order.add(x.scope);
      }
      expect(sortBy(items, (x) => order.rank(x.name), (x) => order.rank(x.scope))).toEqual(expected);
    }
  });

  it('ranks strings added after others were ranked consistently with them', () => {
    const order = new CollationOrder();
    for (const s of ['prod', 'Production']) order.add(s);
    expect(order.rank('prod')).toBeLessThan(order.rank('Production'));
    // Added later: every rank handed out afterwards is among all of them.
    order.add('Account roles');
    order.add('analytics');
    const labels = ['prod', 'analytics', 'Account roles', 'Production'];
    expect(sortBy(labels, (l) => order.rank(l), () => 0)).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    // Strings the collator holds equal share a rank.
    expect(order.rank('\u00e1')).toBe(order.rank('a\u0301'));
  });
});
