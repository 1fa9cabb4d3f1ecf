import type { Severity, RuleId, FindingKind, FindingSubject, Evidence, Finding } from '../../../shared/domain/analysis';
export type { Severity, RuleId, FindingKind, FindingSubject, Evidence, Finding };

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
