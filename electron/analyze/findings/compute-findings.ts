import type { Db } from '../../db/open-database';
import { analysisContext, type AnalysisCache } from '../analysis-context';
import { DEFAULT_MATCH_RULES } from '../identity/match-rules';
import { requireComplete } from '../snapshot-view';
import type { Policy } from '../policy/policy-schema';
import { loadFindingHistory } from './finding-history';
import { buildRuleContext, type RuleContext } from './rule-context';
import { SEVERITY_ORDER, type Finding, type RuleId, type Severity } from './finding-types';
import type { RulesNotJudged } from '../../../shared/domain/analysis';
import { leaverStillActive } from './rules/leaver-still-active';
import { offboardingDeadlineMissed } from './rules/offboarding-deadline-missed';
import { roleDrift } from './rules/role-drift';
import { directGrantBypass } from './rules/direct-grant-bypass';
import { expectedAccessMissing } from './rules/expected-access-missing';
import { dormantAccount } from './rules/dormant-account';
import { serviceAccountRisk } from './rules/service-account-risk';
import { unknownAccount } from './rules/unknown-account';
import { sodConflict } from './rules/sod-conflict';

/** What a rule judges against: without it in the policy the rule returns nothing, whatever the data says. */
type PolicyNeed = RulesNotJudged['reason'];

/** Every rule, in the order findings are listed within a severity. */
export const RULES: readonly { id: RuleId; run: (ctx: RuleContext) => Finding[]; needs?: PolicyNeed }[] = [
  { id: 'leaver-still-active', run: leaverStillActive },
  { id: 'offboarding-deadline-missed', run: offboardingDeadlineMissed },
  { id: 'unknown-account', run: unknownAccount },
  { id: 'service-account-risk', run: serviceAccountRisk },
  // Role drift (escalations included) and expected access are measured against the mappings.
  { id: 'role-drift', run: roleDrift, needs: 'no-mappings' },
  { id: 'sod-conflict', run: sodConflict, needs: 'no-sod-pairs' },
  { id: 'direct-grant-bypass', run: directGrantBypass },
  { id: 'dormant-account', run: dormantAccount },
  { id: 'expected-access-missing', run: expectedAccessMissing, needs: 'no-mappings' },
];

const LACKS: Record<PolicyNeed, { lacking: (policy: Policy) => boolean; because: string }> = {
  'no-mappings': { lacking: (p) => p.mappings.length === 0, because: 'the policy has no group→role mappings' },
  'no-sod-pairs': { lacking: (p) => p.sodPairs.length === 0, because: 'the policy has no segregation-of-duties pairs' },
};

/**
 * The rules a policy gives nothing to judge against (the built-in default, version 0, has no
 * mappings and no duty pairs): they cannot fire, so "no role drift" under it means "not looked
 * at", and every answer that lists findings must say so.
 */
export function rulesNotJudged(policy: Policy): RulesNotJudged[] {
  const out: RulesNotJudged[] = [];
  for (const reason of Object.keys(LACKS) as PolicyNeed[]) {
    if (!LACKS[reason].lacking(policy)) continue;
    const rules = RULES.filter((r) => r.needs === reason).map((r) => r.id);
    if (rules.length > 0) out.push({ rules, reason, because: LACKS[reason].because });
  }
  return out;
}

export interface FindingsResult {
  collectionId: number;
  collectedAt: string;
  policyVersion: number;
  findings: Finding[];
  counts: Record<Severity, number>;
  /** Milliseconds per rule, so a slow rule shows up in the benchmark. */
  timings: Record<string, number>;
}

export interface ComputeOptions {
  cache?: AnalysisCache;
  /** How far back late offboarding is reported (default 90 days). */
  offboardingLookbackDays?: number;
  /** Run only these rules (default all). */
  rules?: readonly RuleId[];
}

/** What every rule reads, for one complete collection under one policy. */
export function ruleContextFor(db: Db, collectionId: number, policy: Policy, lookbackDays: number, cache?: AnalysisCache): RuleContext {
  const base = analysisContext(db, collectionId, { depth: 'full', rules: policy.matchRules ?? DEFAULT_MATCH_RULES, ...(cache ? { cache } : {}) });
  return buildRuleContext(base, policy, loadFindingHistory(db, base.view, lookbackDays), lookbackDays);
}

/**
 * Judges one complete collection against a policy: loads the snapshot, identities and
 * effective access once, the little history the rules need, then runs every rule as a pure
 * function. Refuses a collection that is not complete (CONFLICT): findings computed from a
 * partial read would report absences that are only gaps in the data.
 */
export function computeFindings(db: Db, collectionId: number, policy: Policy, options: ComputeOptions = {}): FindingsResult {
  const point = requireComplete(db, collectionId);
  const lookback = options.offboardingLookbackDays ?? 90;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const ctx = ruleContextFor(db, collectionId, policy, lookback, options.cache);
  timings.load = Math.round(performance.now() - t);
  const byId = new Map<string, Finding>();
  for (const rule of RULES) {
    if (options.rules && !options.rules.includes(rule.id)) continue;
    t = performance.now();
    for (const f of rule.run(ctx)) if (!byId.has(f.id)) byId.set(f.id, f);
    timings[rule.id] = Math.round(performance.now() - t);
  }
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  const findings = [...byId.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || order.get(a.rule)! - order.get(b.rule)! || a.title.localeCompare(b.title),
  );
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return { collectionId, collectedAt: point.finishedAt, policyVersion: policy.version, findings, counts, timings };
}
