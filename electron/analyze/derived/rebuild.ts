import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { completeCollections } from '../collection-points';
import { computeEffectiveAccess } from '../effective-access';
import { resolveIdentities } from '../identity/resolve-identities';
import { listIdentityLinks } from '../identity/identity-links';
import { rulesInForce, type AnalysisContext } from '../analysis-context';
import { ACCESS_KINDS, loadSnapshots, type SnapshotView } from '../snapshot-view';
import { eventsOfTypes, PREFECT_EVENTS } from '../stored-events';
import { deriveAccessThrough, type DeriveOutcome } from './derive-access';
import { derivedInputsKey, lastDerived, readDerivationState } from './derivation-state';

export interface RebuildOptions {
  /** Collections whose snapshots are read together (one pass over the facts valid in any of them). */
  window?: number;
  onDerived?: (outcome: DeriveOutcome) => void;
}

/**
 * Derives every complete collection not derived yet under the inputs in force: the whole
 * history after an upgrade to migration 006 or after manual links or match rules changed (the
 * rows are then dropped first), else only what is missing. Snapshots are read a window at a
 * time with loadSnapshots (facts valid in several of them are read and parsed once); each is
 * then resolved exactly as analysisContext() does. Meant for a background worker: it takes
 * seconds per collection of 100k people.
 */
export function rebuildDerivedAccess(db: Db, clock: Clock, options: RebuildOptions = {}): DeriveOutcome[] {
  const complete = completeCollections(db);
  if (complete.length === 0) return [];
  const rules = rulesInForce(db);
  const state = readDerivationState(db);
  const stale = !state || state.inputsKey !== derivedInputsKey(db, rules);
  const after = stale ? 0 : lastDerived(db);
  const pending = complete.filter((c) => c.id > after).map((c) => c.id);
  if (pending.length === 0) return [];
  const links = listIdentityLinks(db);
  const window = Math.max(1, options.window ?? 8);
  const views = new Map<number, SnapshotView>();
  const contextOf = (collectionId: number): AnalysisContext => {
    if (!views.has(collectionId)) {
      views.clear();
      const ids = pending.slice(pending.indexOf(collectionId), pending.indexOf(collectionId) + window);
      loadSnapshots(db, ids, { kinds: ACCESS_KINDS }).forEach((v, i) => views.set(ids[i]!, v));
    }
    const view = views.get(collectionId)!;
    views.delete(collectionId);
    const prefectSources = view.prefect.map((p) => p.sourceId);
    const identities = resolveIdentities(view, {
      rules,
      links,
      serviceAccountCreations: eventsOfTypes(db, prefectSources, [PREFECT_EVENTS.serviceAccountCreated], collectionId),
    });
    return { view, identities, access: computeEffectiveAccess(view) };
  };
  return deriveAccessThrough(db, clock, pending.at(-1)!, { context: contextOf, freshContexts: true, ...(options.onDerived ? { onDerived: options.onDerived } : {}) });
}
