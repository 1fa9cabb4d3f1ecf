import type { FactAsOf } from '../collect/store/fact-queries';
import type { FactRef } from '../../shared/domain/analysis';
export type { FactRef };

/** The reference of a loaded fact (no copy of its value: values can be large). */
export function refOf(fact: FactAsOf): FactRef {
  return { sourceId: fact.sourceId, kind: fact.kind, key: fact.key, validFrom: fact.validFrom, validTo: fact.validTo };
}

/** Maps keyed by two strings without allocating a tuple; \u0000 never occurs in ids. */
export function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}
