import path from 'node:path';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import type { AnalysisCache } from '../analysis-context';
import type { PolicyOrigin } from '../../../shared/domain/policy';
import { rejudgeNewestComplete } from '../findings/rejudge-newest';
import { savePolicy } from './policy-store';

export interface ConfigPolicyOutcome {
  origin: PolicyOrigin;
  version: number;
  changed: boolean;
  rejudged: boolean;
}

/**
 * Applies the `policy:` section of the config file the process was started with. It becomes
 * a new version only when its content differs from the policy in force (savePolicy compares
 * content), on the ledger with the file as the actor; then the newest complete collection is
 * judged again, so findings never stay judged under rules that are no longer in force.
 * Opening the same file again writes nothing.
 */
export function applyConfigPolicy(db: Db, clock: Clock, file: string, policy: unknown, cache?: AnalysisCache): ConfigPolicyOutcome {
  const absolute = path.resolve(file);
  const actor = `config file ${absolute}`;
  const saved = savePolicy(db, clock, policy, actor, { note: `applied from ${absolute} on start` });
  const rejudged = saved.changed ? rejudgeNewestComplete(db, clock, actor, cache) : false;
  return { origin: { kind: 'config-file', path: absolute }, version: saved.version, changed: saved.changed, rejudged };
}
