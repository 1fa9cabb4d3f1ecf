import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { completeCollections } from '../collection-points';
import { computeEffectiveAccess } from '../effective-access';
import { resolveIdentities } from '../identity/resolve-identities';
import { listIdentityLinks } from '../identity/identity-links';
import { rulesInForce, type AnalysisContext } from '../analysis-context';
import { IncrementalDeriver } from './incremental';
import { ACCESS_KINDS, loadSnapshots } from '../snapshot-view';
import { eventsOfTypes, PREFECT_EVENTS } from '../stored-events';
import { deriveAccessThrough, type DeriveOutcome } from './derive-access';
import { derivedInputsKey, lastDerived, readDerivationState } from './derivation-state';

export interface RebuildOptions {
  /** Derive every collection from its full snapshot (the reference the incremental steps are tested against). */
  full?: boolean;
  onDerived?: (outcome: DeriveOutcome) => void;
}

/**
 * Derives every complete collection not derived yet under the inputs in force: the whole
 * history after an upgrade to migration 006 or after manual links or match rules changed (the
 * rows are then dropped first), else what is missing (the worker's job after a collection).
 *
 * The first collection, and any after an account-wide change, is derived from its full
 * snapshot; every other one from the previous by an incremental step (incremental.ts), which
 * runs the engine only for the accounts whose answer can have changed. Meant for a background
 * worker.
 */
export function rebuildDerivedAccess(db: Db, clock: Clock, options: RebuildOptions = {}): DeriveOutcome[] {
  const complete = completeCollections(db);
  if (complete.length === 0) return [];
  const rules = rulesInForce(db);
  const state = readDerivationState(db);
  const stale = !state || state.inputsKey !== derivedInputsKey(db, rules);
  let previous = stale ? 0 : lastDerived(db);
  const pending = complete.filter((c) => c.id > previous).map((c) => c.id);
  if (pending.length === 0) return [];
  const links = listIdentityLinks(db);
  const deriver = new IncrementalDeriver(db, rules, links);
  const full = (collectionId: number): AnalysisContext => {
    const [view] = loadSnapshots(db, [collectionId], { kinds: ACCESS_KINDS });
    deriver.reset(view!);
    const prefectSources = view!.prefect.map((p) => p.sourceId);
    const identities = resolveIdentities(view!, {
      rules,
      links,
      serviceAccountCreations: eventsOfTypes(db, prefectSources, [PREFECT_EVENTS.serviceAccountCreated], collectionId),
    });
    return { view: view!, identities, access: computeEffectiveAccess(view!) };
  };
  const contextOf = (collectionId: number): { context: AnalysisContext; only?: ReadonlySet<string> } => {
    const from = previous;
    previous = collectionId;
    if (from > 0 && !options.full) {
      // The people graph as of the last derived collection (read once when resuming).
      if (deriver.collection !== from) deriver.reset(loadSnapshots(db, [from], { kinds: ['hr_employee', 'idp_user', 'prefect_member'] })[0]!);
      const step = deriver.step(collectionId);
      if (step) return { context: step.context, only: step.actors };
    }
    return { context: full(collectionId) };
  };
  return deriveAccessThrough(db, clock, pending.at(-1)!, { context: contextOf, freshContexts: true, ...(options.onDerived ? { onDerived: options.onDerived } : {}) });
}
