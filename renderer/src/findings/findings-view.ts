import type { FindingKind, RuleId, Severity, StoredFinding } from '../../../shared/domain/analysis';

/**
 * What the Findings page does to the list it is given: filter (severity, rule, text), group
 * (by severity, rule or person) and count (for the chart and its table). Pure functions, so
 * the rules a reader relies on ("critical only" really is critical only) are unit tested.
 */

/** Most severe first: the order of groups, chart stacks and rows. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

/** The rules in the order the policy documents them, with the names people use. */
export const RULE_LABELS: Record<RuleId, string> = {
  'leaver-still-active': 'Leaver still active',
  'offboarding-deadline-missed': 'Offboarding deadline missed',
  'role-drift': 'Role drift',
  'direct-grant-bypass': 'Direct grant bypass',
  'expected-access-missing': 'Expected access missing',
  'dormant-account': 'Dormant account',
  'service-account-risk': 'Service-account risk',
  'unknown-account': 'Unknown account',
  'sod-conflict': 'Segregation-of-duties conflict',
};
export const RULES = Object.keys(RULE_LABELS) as RuleId[];

export const KIND_LABELS: Record<FindingKind, string> = {
  'leaver-still-active': 'Leaver still active',
  'offboarding-deadline-missed': 'Offboarding deadline missed',
  'role-escalation': 'Account role above the mapping',
  'role-drift-below': 'Account role below the mapping',
  'workspace-role-escalation': 'Workspace role above the mapping',
  'workspace-role-below': 'Workspace role below the mapping',
  'direct-grant-bypass': 'Direct grant outside governed teams',
  'expected-access-missing': 'Expected access missing',
  'dormant-admin': 'Dormant administrator',
  'dormant-account': 'Dormant account',
  'never-logged-in': 'Never logged in',
  'key-without-expiry': 'API key without expiry',
  'key-too-old': 'API key too old',
  'bot-owned-by-leaver': 'Service account owned by a leaver',
  'bot-admin-role': 'Service account with an admin role',
  'unknown-account': 'Unknown account',
  'sod-conflict': 'Segregation-of-duties conflict',
};

export type GroupBy = 'severity' | 'rule' | 'person';
export const GROUP_BYS: readonly GroupBy[] = ['severity', 'rule', 'person'];
export type StatusChoice = 'open' | 'resolved' | 'all';
export const STATUS_CHOICES: readonly StatusChoice[] = ['open', 'resolved', 'all'];

export interface FindingsFilter {
  severity: Severity | null;
  rule: RuleId | null;
  /** Free text: matched, case-insensitively, against the title, subject, rule and kind. */
  q: string;
}

export interface FindingsParams extends FindingsFilter {
  group: GroupBy;
  status: StatusChoice;
  /** Values in the URL that name no severity, rule, grouping or status: said, not silently dropped. */
  ignored: string[];
}

/** Reads the page's URL parameters (?severity=&rule=&q=&group=&status=); unknown values are reported. */
export function readFindingsParams(params: URLSearchParams): FindingsParams {
  const ignored: string[] = [];
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const raw = params.get(name);
    if (raw === null || raw === '') return null;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    ignored.push(`${name}=${raw}`);
    return null;
  };
  return {
    severity: pick('severity', SEVERITIES),
    rule: pick('rule', RULES),
    q: params.get('q') ?? '',
    group: pick('group', GROUP_BYS) ?? 'severity',
    status: pick('status', STATUS_CHOICES) ?? 'open',
    ignored,
  };
}

export function filterFindings(findings: readonly StoredFinding[], filter: FindingsFilter): StoredFinding[] {
  const words = filter.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return findings.filter((f) => {
    if (filter.severity && f.severity !== filter.severity) return false;
    if (filter.rule && f.rule !== filter.rule) return false;
    if (words.length === 0) return true;
    const haystack = searchText(f);
    return words.every((w) => haystack.includes(w));
  });
}

function searchText(f: StoredFinding): string {
  const s = f.subject;
  return [f.title, f.rule, RULE_LABELS[f.rule], f.kind, KIND_LABELS[f.kind], f.severity, s.email, s.name, s.id, s.identityId]
    .filter((x): x is string => typeof x === 'string')
    .join('\n')
    .toLowerCase();
}

export interface FindingGroup {
  key: string;
  label: string;
  findings: StoredFinding[];
  /** Counts by severity inside the group (a group by rule or person mixes severities). */
  bySeverity: Record<Severity, number>;
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** Most severe first, then by title, so the same list always reads the same way. */
export function compareFindings(a: StoredFinding, b: StoredFinding): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
}

/**
 * Who a finding is about, for grouping by person: the person if known (a service account or
 * key with a known owner counts for its owner), else the account, bot or key itself.
 * `named`: the label carries the person's own name (a bot's finding knows only the owner's address).
 */
export function personOf(f: StoredFinding): { key: string; label: string; named: boolean } {
  const s = f.subject;
  const aboutPerson = s.type === 'identity' || s.type === 'member';
  if (s.identityId) {
    if (aboutPerson && s.name) return { key: `identity:${s.identityId}`, label: s.email ? `${s.name} (${s.email})` : s.name, named: true };
    return { key: `identity:${s.identityId}`, label: s.email ?? s.identityId, named: false };
  }
  if (s.email) return { key: `email:${s.email.toLowerCase()}`, label: s.name && aboutPerson ? `${s.name} (${s.email}), no person matched` : `${s.email}, no person matched`, named: aboutPerson && s.name !== null };
  const what = s.type === 'bot' ? 'Service account' : s.type === 'api-key' ? 'API key' : 'Account';
  return { key: `${s.type}:${s.sourceId ?? ''}:${s.id}`, label: `${what} ${s.name ?? s.id}`, named: true };
}

export function groupFindings(findings: readonly StoredFinding[], by: GroupBy): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  const named = new Set<string>();
  const add = (key: string, label: string, f: StoredFinding, hasName = true) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, label, findings: [], bySeverity: { critical: 0, high: 0, medium: 0, low: 0 } };
      groups.set(key, g);
    }
    // A person's group takes their name from any finding that knows it, whatever the order.
    if (hasName && !named.has(key)) g.label = label;
    if (hasName) named.add(key);
    g.findings.push(f);
    g.bySeverity[f.severity] += 1;
  };
  for (const f of findings) {
    if (by === 'severity') add(f.severity, SEVERITY_LABELS[f.severity], f);
    else if (by === 'rule') add(f.rule, RULE_LABELS[f.rule] ?? f.rule, f);
    else {
      const who = personOf(f);
      add(who.key, who.label, f, who.named);
    }
  }
  const list = [...groups.values()];
  for (const g of list) g.findings.sort(compareFindings);
  if (by === 'severity') return list.sort((a, b) => severityRank(a.key as Severity) - severityRank(b.key as Severity));
  if (by === 'rule') return list.sort((a, b) => RULES.indexOf(a.key as RuleId) - RULES.indexOf(b.key as RuleId));
  // People: the most severe problems first, then the most problems, then by name.
  return list.sort((a, b) => worst(a) - worst(b) || b.findings.length - a.findings.length || a.label.localeCompare(b.label));
}

function worst(g: FindingGroup): number {
  return SEVERITIES.findIndex((s) => g.bySeverity[s] > 0);
}

export interface RuleCount {
  rule: RuleId;
  label: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  total: number;
}

/** Counts by rule and severity for the chart and its table; rules with no finding are left out. */
export function countByRule(findings: readonly StoredFinding[]): RuleCount[] {
  const rows = new Map<RuleId, RuleCount>();
  for (const f of findings) {
    let row = rows.get(f.rule);
    if (!row) {
      row = { rule: f.rule, label: RULE_LABELS[f.rule] ?? f.rule, critical: 0, high: 0, medium: 0, low: 0, total: 0 };
      rows.set(f.rule, row);
    }
    row[f.severity] += 1;
    row.total += 1;
  }
  return [...rows.values()].sort((a, b) => RULES.indexOf(a.rule) - RULES.indexOf(b.rule));
}

export function countBySeverity(findings: readonly StoredFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
