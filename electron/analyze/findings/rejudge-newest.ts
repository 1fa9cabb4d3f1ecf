import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import type { AnalysisCache } from '../analysis-context';
import { completeCollections } from '../collection-points';
import { currentPolicy } from '../policy/policy-store';
import { refreshFindings } from './findings-store';

/**
 * Judges the newest complete collection again under the policy in force, after a change of
 * rules or identity links, so the findings shown are those of the rules in force. False when
 * there is no complete collection yet (nothing to judge; the first one will be judged as it
 * completes).
 */
export function rejudgeNewestComplete(db: Db, clock: Clock, actor: string, cache?: AnalysisCache): boolean {
  const newestComplete = completeCollections(db).at(-1);
  if (!newestComplete) return false;
  refreshFindings(db, clock, newestComplete.id, currentPolicy(db), { actor, ...(cache ? { cache } : {}) });
  return true;
}
