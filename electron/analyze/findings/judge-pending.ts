import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import type { AnalysisCache } from '../analysis-context';
import { completeCollections } from '../collection-points';
import { currentPolicy } from '../policy/policy-store';
import { computeFindings } from './compute-findings';
import { recordFindings, type RecordOutcome } from './findings-store';

/**
 * Judges the complete collections that have no findings recorded yet, oldest first, each under
 * the policy in force: the job after every complete collection. It runs in the background
 * worker (analysis-refresher.ts), so a collection of 100k people does not hold up the thread
 * answering requests while its findings are computed.
 *
 * "Not judged yet" means newer than the newest judged collection; a database that has never
 * judged anything judges the collections completed since the process started (`completedSince`)
 * or else only its newest (judging a whole history again is not something to do unasked). Recording is skipped, not forced, when the world moved on while
 * computing: a newer collection was judged meanwhile (a policy save re-judges the newest
 * one at once), or the policy changed (the collection is then judged again under the new one).
 */
export function judgePendingCollections(
  db: Db,
  clock: Clock,
  options: { cache?: AnalysisCache; actor?: string; completedSince?: number | null } = {},
): RecordOutcome[] {
  const outcomes: RecordOutcome[] = [];
  const since = options.completedSince ?? null;
  for (let attempts = 0; attempts < 1000; attempts++) {
    const next = nextToJudge(db, since);
    if (next === null) break;
    const policy = currentPolicy(db);
    const result = computeFindings(db, next, policy, options.cache ? { cache: options.cache } : {});
    const outcome = recordFindings(db, clock, result, options.actor ?? 'system', () => nextToJudge(db, since) === next && currentPolicy(db).version === policy.version);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * The oldest complete collection newer than the newest judged one. If none was ever judged:
 * the oldest completed since `completedSince` (the first collection this process completed:
 * a new database's first collections are all judged, however late the worker starts), else
 * the newest.
 */
export function nextToJudge(db: Db, completedSince: number | null = null): number | null {
  const judged = (db.prepare('SELECT max(collection_id) AS c FROM finding_runs').get() as { c: number | null }).c;
  const complete = completeCollections(db);
  if (judged === null) return (completedSince !== null ? complete.find((c) => c.id >= completedSince) : undefined)?.id ?? complete.at(-1)?.id ?? null;
  return complete.find((c) => c.id > judged)?.id ?? null;
}

/** When the newest judged collection finished (null when nothing was judged yet): what "the findings now" are as of. */
export function newestJudgedAt(db: Db): Date | null {
  const row = db
    .prepare('SELECT c.finished_at AS at FROM finding_runs r JOIN collections c ON c.id = r.collection_id ORDER BY r.collection_id DESC LIMIT 1')
    .get() as { at: string | null } | undefined;
  return row?.at ? new Date(row.at) : null;
}
