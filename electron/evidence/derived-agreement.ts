import type { Db } from '../db/open-database';
import { analysisContext } from '../analyze/analysis-context';
import { accessRows } from '../analyze/point-in-time';
import { derivedAccessRows } from '../analyze/derived/derived-reads';
import type { AccessRow } from '../../shared/domain/analysis';

/**
 * Derived access (the access_* tables) is an index of what the facts say, not evidence the
 * ledger records: a row deleted there makes "who had access on date X" answer "nobody" while
 * every hash still matches. This recomputes, for each collection the index covers, everyone's
 * access from the facts (the engine) and compares it with the stored rows. It costs one full
 * analysis per collection (seconds for the demo's 90 days, minutes for a year of 100k people),
 * so only `ledger --verify` runs it, not every page load.
 */
export function derivedAccessDisagreements(db: Db, onProgress?: (done: number, total: number) => void): { checked: number; problems: string[] } {
  // Only complete collections are derived; one whose status was edited is the ledger check's to report.
  const derived = db
    .prepare(`SELECT d.collection_id FROM access_derivations d JOIN collections c ON c.id = d.collection_id AND c.status = 'complete' ORDER BY d.collection_id`)
    .pluck()
    .all() as number[];
  const out: string[] = [];
  derived.forEach((collectionId, i) => {
    onProgress?.(i, derived.length);
    let stored: AccessRow[] | null;
    let computed: AccessRow[];
    try {
      stored = derivedAccessRows(db, collectionId, { includeInactive: true });
      // Null: derived under other inputs (a link changed since); answers come from the engine until the worker derives again.
      if (stored === null) return;
      computed = accessRows(analysisContext(db, collectionId, { depth: 'access' }), { includeInactive: true });
    } catch (error) {
      // The analysis trusts stored facts to be valid records; one edited into another shape throws somewhere inside it.
      out.push(`derived access at collection ${collectionId} could not be checked: analysing its stored facts failed (${error instanceof Error ? error.message : String(error)}); a damaged fact is the likely cause`);
      return;
    }
    const difference = firstDifference(stored, computed);
    if (difference) out.push(`derived access at collection ${collectionId} is not what its facts say (${stored.length} rows stored, ${computed.length} computed; first difference: ${difference}): the access_* tables, or the facts under them, were edited outside the app`);
  });
  onProgress?.(derived.length, derived.length);
  return { checked: derived.length, problems: out };
}

function firstDifference(stored: readonly AccessRow[], computed: readonly AccessRow[]): string | null {
  const n = Math.max(stored.length, computed.length);
  for (let i = 0; i < n; i++) {
    const a = stored[i];
    const b = computed[i];
    if (a && b && JSON.stringify(a) === JSON.stringify(b)) continue;
    const row = b ?? a!;
    return `${row.email ?? row.principal.name ?? row.principal.id} on ${row.workspace.name}`;
  }
  return null;
}
