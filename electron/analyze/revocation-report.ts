import type { Db } from '../db/open-database';
import type { RevocationLatencyReport } from '../../shared/domain/analysis';
import type { AnalysisCache } from './analysis-context';
import { ruleContextFor } from './findings/compute-findings';
import { leaverLatencies } from './findings/rules/offboarding-deadline-missed';
import { terminationTimeZoneOf } from './policy/policy-schema';
import { policyVersionJudging } from './policy/policy-store';
import { requireAsOf } from './snapshot-view';

/**
 * The organisation's revocation latencies at T: every person who left within the lookback
 * window and had Prefect access, with how long it outlived them (a range between polls),
 * against the policy's offboarding deadline. The same computation the offboarding rule
 * judges, so the chart and the findings never disagree: under the policy the findings at T
 * were judged under (the one in force for the newest collection; for a past one, the version
 * its findings name), deadline and termination time zone alike.
 */
export function revocationReport(db: Db, time: Date, options: { cache?: AnalysisCache; lookbackDays?: number } = {}): RevocationLatencyReport {
  const asOf = requireAsOf(db, time);
  const { version: policyVersion, policy } = policyVersionJudging(db, asOf.collectionId);
  const ctx = ruleContextFor(db, asOf.collectionId, policy, options.lookbackDays ?? 90, options.cache);
  return {
    policyVersion,
    deadlineHours: policy.offboardingDeadlineHours,
    terminationTimeZone: terminationTimeZoneOf(policy),
    asOfCollectionId: asOf.collectionId,
    leavers: leaverLatencies(ctx).map(({ identity, latency }) => ({
      identityId: identity.identityId,
      displayName: identity.displayName,
      email: identity.emails[0] ?? null,
      latency,
    })),
  };
}
