import type { FactAsOf } from '../collect/store/fact-queries';
import type { RecordKind } from '../../shared/domain/records';

/**
 * Where a statement of the analysis comes from: one stored fact version, named the way the
 * store names it (source, kind, key) with the collections it held over. Every grant, match
 * and finding carries these so an auditor can go from a conclusion back to the data.
 */
export interface FactRef {
  sourceId: string;
  kind: RecordKind;
  key: string;
  /** The collection that first saw this version. */
  validFrom: number;
  /** The collection that first saw it gone or changed; null while it still holds. */
  validTo: number | null;
}

/** The reference of a loaded fact (no copy of its value: values can be large). */
export function refOf(fact: FactAsOf): FactRef {
  return { sourceId: fact.sourceId, kind: fact.kind, key: fact.key, validFrom: fact.validFrom, validTo: fact.validTo };
}

/** Maps keyed by two strings without allocating a tuple; \u0000 never occurs in ids. */
export function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}
