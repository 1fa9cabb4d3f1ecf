/**
 * The analysis engine's public surface (issue 4), for the API handlers and CLI commands to
 * wire: everything here takes the database (and a clock for writes) as arguments and never
 * runs on a collection that is not complete.
 */
export { loadSnapshot, resolveAsOf, requireAsOf, type SnapshotView, type AsOf } from './snapshot-view';
export { AnalysisCache, analysisContext, type AnalysisContext } from './analysis-context';
export { computeEffectiveAccess, type EffectiveAccess, type PrincipalAccess, type WorkspaceAccess, type Grant, type GrantKind } from './effective-access';
export { accessAt, accessPageAt, personAt, accessRows, type AccessRow, type AccessAnswer, type AccessPageAnswer, type AccessFilter, type PersonAccess } from './point-in-time';
export { diffAccess, idpVsPrefect, type AccessDiff, type AccessChange, type IdpVsPrefect } from './diff';
export { personTimeline, type PersonTimeline, type TimelineEvent } from './timeline';
export { orgMetricsSeries, type OrgMetricsPoint } from './metrics';
export { resolveIdentities, identitiesFor } from './identity/resolve-identities';
export { setIdentityLink, clearIdentityLink, listIdentityLinks, identityLinkInput, type IdentityLink, type IdentityLinkInput } from './identity/identity-links';
export { DEFAULT_MATCH_RULES, matchRuleSchema, type MatchRule } from './identity/match-rules';
export type { Identity, IdentityIndex, UnmatchedMember, MatchMethod } from './identity/identity-types';
export { leaverStatus, type LeaverStatus } from './identity/leaver-status';
export { policySchema, parsePolicy, DEFAULT_POLICY, type Policy, type PolicyInput } from './policy/policy-schema';
export { currentPolicy, savePolicy, getPolicyVersion, listPolicyVersions, type PolicyVersion } from './policy/policy-store';
export { demoPolicy } from './policy/demo-policy';
export { computeFindings, RULES, rulesNotJudged, type FindingsResult } from './findings/compute-findings';
export { recordFindings, refreshFindings, listFindings, getFinding, findingsOpenAt, judgedUnderPolicy, openFindingsSeries, type StoredFinding, type FindingQuery } from './findings/findings-store';
export type { Finding, FindingKind, RuleId, Severity, Evidence, FindingSubject } from './findings/finding-types';
