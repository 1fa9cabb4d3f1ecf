import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import { listIdentityLinks } from '../identity/identity-links';
import type { MatchRule } from '../identity/match-rules';
import { rulesInForce } from '../analysis-context';

/**
 * What derived access depends on besides the facts: the manual identity links and the match
 * rules in force. Their hash is stored with the derived rows; when either changes, every
 * stored row is stale (links apply to every point in time) and reads fall back to the engine
 * until a rebuild has run.
 */
export function derivedInputsKey(db: Db, rules?: readonly MatchRule[]): string {
  const links = listIdentityLinks(db).map((l) => [l.subjectKind, l.sourceId, l.subjectId, l.identityId, l.mode]);
  return createHash('sha256')
    .update(JSON.stringify({ links, rules: rulesInForce(db, rules) }))
    .digest('hex');
}

export interface DerivationState {
  inputsKey: string;
  /** Closings of facts up to this committed collection are written into the stored evidence. */
  patchedThrough: number;
}

export function readDerivationState(db: Db): DerivationState | null {
  const row = db.prepare('SELECT inputs_key, patched_through FROM access_derivation_state WHERE id = 1').get() as
    | { inputs_key: string; patched_through: number }
    | undefined;
  return row ? { inputsKey: row.inputs_key, patchedThrough: row.patched_through } : null;
}

export function writeDerivationState(db: Db, state: DerivationState): void {
  db.prepare(
    `INSERT INTO access_derivation_state (id, inputs_key, patched_through) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET inputs_key = excluded.inputs_key, patched_through = excluded.patched_through`,
  ).run(state.inputsKey, state.patchedThrough);
}

/** Drops every derived row (inputs changed): the next derivation starts from the first complete collection. */
export function clearDerived(db: Db, inputsKey: string): void {
  db.exec('DELETE FROM access_principals; DELETE FROM access_actors; DELETE FROM access_shapes; DELETE FROM access_derivations;');
  writeDerivationState(db, { inputsKey, patchedThrough: 0 });
}

/** The newest collection derived (under any inputs), or 0. */
export function lastDerived(db: Db): number {
  return (db.prepare('SELECT max(collection_id) AS c FROM access_derivations').get() as { c: number | null }).c ?? 0;
}

/** The newest committed (complete or degraded) collection: facts can only have closed at these. */
export function newestCommitted(db: Db): number {
  return (db.prepare(`SELECT max(id) AS c FROM collections WHERE status IN ('complete', 'degraded')`).get() as { c: number | null }).c ?? 0;
}

/**
 * Whether collection C can be answered from derived rows under these rules: derived, under
 * the inputs in force. Returns the state (for the closings still to apply when reading), or null.
 */
export function derivedUsable(db: Db, collectionId: number, rules?: readonly MatchRule[]): DerivationState | null {
  const state = readDerivationState(db);
  if (!state) return null;
  const row = db.prepare('SELECT inputs_key FROM access_derivations WHERE collection_id = ?').get(collectionId) as { inputs_key: string } | undefined;
  if (!row || row.inputs_key !== state.inputsKey) return null;
  if (derivedInputsKey(db, rules) !== state.inputsKey) return null;
  return state;
}
