import { describe, expect, it } from 'vitest';
import { countByRule, countBySeverity, filterFindings, groupFindings, personOf, readFindingsParams } from '../../renderer/src/findings/findings-view';
import { finding } from './analysis-fixtures';

const leaver = finding({ id: 'a', severity: 'critical', rule: 'leaver-still-active', kind: 'leaver-still-active', title: 'Jonas Alvarez has left' });
const late = finding({ id: 'b', severity: 'high', rule: 'offboarding-deadline-missed', kind: 'offboarding-deadline-missed', title: 'Jonas Alvarez still has access 1398 h after leaving' });
const drift = finding({
  id: 'c',
  severity: 'low',
  rule: 'role-drift',
  kind: 'role-drift-below',
  title: 'Jack Smith is Member in Prefect, below Admin',
  subject: { id: 'emp:E2', identityId: 'emp:E2', email: 'jack.smith@example.com', name: 'Jack Smith' },
});
const key = finding({
  id: 'd',
  severity: 'medium',
  rule: 'service-account-risk',
  kind: 'key-without-expiry',
  title: 'API key legacy-etl-2025 never expires',
  subject: { type: 'api-key', id: 'k1', identityId: null, email: null, name: 'legacy-etl-2025' },
});
const unknown = finding({
  id: 'e',
  severity: 'high',
  rule: 'unknown-account',
  kind: 'unknown-account',
  title: 'Prefect account claire.petrov@partner.io matches no person',
  subject: { type: 'member', id: 'm9', identityId: null, email: 'Claire.Petrov@partner.io', name: 'Claire Petrov' },
});
// A service account whose owner left: its subject carries the owner's identity and address, but the bot's name.
const ownedBot = finding({
  id: 'f',
  severity: 'high',
  rule: 'service-account-risk',
  kind: 'bot-owned-by-leaver',
  title: 'Service account ml-sync was created by Jonas Alvarez, who has left',
  subject: { type: 'bot', id: 'b1', identityId: 'emp:E1', email: 'jonas.alvarez@example.com', name: 'ml-sync' },
});
const all = [drift, key, leaver, unknown, late, ownedBot];

describe('readFindingsParams', () => {
  it('reads the filters from the URL and defaults to open findings grouped by severity', () => {
    const p = readFindingsParams(new URLSearchParams('severity=critical&rule=role-drift&q=jonas'));
    expect(p).toEqual({ severity: 'critical', rule: 'role-drift', q: 'jonas', group: 'severity', status: 'open', ignored: [] });
  });
  it('reports values that name nothing instead of silently showing everything', () => {
    const p = readFindingsParams(new URLSearchParams('severity=urgent&rule=nope&group=team&status=closed'));
    expect(p.severity).toBeNull();
    expect(p.rule).toBeNull();
    expect(p.group).toBe('severity');
    expect(p.status).toBe('open');
    expect(p.ignored).toEqual(['severity=urgent', 'rule=nope', 'group=team', 'status=closed']);
  });
});

describe('filterFindings', () => {
  const none = { severity: null, rule: null, q: '' };
  it('keeps everything without a filter', () => {
    expect(filterFindings(all, none)).toHaveLength(all.length);
  });
  it('filters by severity and by rule exactly', () => {
    expect(filterFindings(all, { ...none, severity: 'high' }).map((f) => f.id)).toEqual(['e', 'b', 'f']);
    expect(filterFindings(all, { ...none, rule: 'service-account-risk' }).map((f) => f.id)).toEqual(['d', 'f']);
    expect(filterFindings(all, { ...none, severity: 'critical', rule: 'role-drift' })).toEqual([]);
  });
  it('searches title, subject, rule and kind case-insensitively; every word must match', () => {
    expect(filterFindings(all, { ...none, q: 'JACK' }).map((f) => f.id)).toEqual(['c']);
    expect(filterFindings(all, { ...none, q: 'claire.petrov@partner.io' }).map((f) => f.id)).toEqual(['e']);
    expect(filterFindings(all, { ...none, q: 'without expiry' }).map((f) => f.id)).toEqual(['d']);
    expect(filterFindings(all, { ...none, q: 'jonas 1398' }).map((f) => f.id)).toEqual(['b']);
    expect(filterFindings(all, { ...none, q: '  ' })).toHaveLength(all.length);
  });
});

describe('groupFindings', () => {
  it('by severity: most severe group first, each group most severe then by title', () => {
    const groups = groupFindings(all, 'severity');
    expect(groups.map((g) => [g.key, g.label, g.findings.length])).toEqual([
      ['critical', 'Critical', 1],
      ['high', 'High', 3],
      ['medium', 'Medium', 1],
      ['low', 'Low', 1],
    ]);
    expect(groups[1]!.findings.map((f) => f.id)).toEqual(['b', 'e', 'f']);
  });
  it('by rule: in the policy order, counting severities inside each group', () => {
    const groups = groupFindings(all, 'rule');
    expect(groups.map((g) => g.key)).toEqual(['leaver-still-active', 'offboarding-deadline-missed', 'role-drift', 'service-account-risk', 'unknown-account']);
    const risk = groups.find((g) => g.key === 'service-account-risk')!;
    expect(risk.label).toBe('Service-account risk');
    expect(risk.bySeverity).toEqual({ critical: 0, high: 1, medium: 1, low: 0 });
    expect(risk.findings.map((f) => f.id)).toEqual(['f', 'd']);
  });
  it('by person: a bot owned by a person lands with that person, named from any finding that knows the name', () => {
    // The bot's finding comes first, so the group is created with the owner's address only.
    const groups = groupFindings([ownedBot, drift, key, late, leaver, unknown], 'person');
    const jonas = groups.find((g) => g.key === 'identity:emp:E1')!;
    expect(jonas.label).toBe('Jonas Alvarez (jonas.alvarez@example.com)');
    expect(jonas.findings.map((f) => f.id)).toEqual(['a', 'b', 'f']);
    // Most severe person first; an account with no person is said to be one; a key stands alone.
    expect(groups[0]!.key).toBe('identity:emp:E1');
    expect(groups.map((g) => g.label)).toContain('Claire Petrov (Claire.Petrov@partner.io), no person matched');
    expect(groups.map((g) => g.label)).toContain('API key legacy-etl-2025');
    expect(groups.reduce((n, g) => n + g.findings.length, 0)).toBe(6);
  });
  it('an owner known only through a bot keeps the address as the label', () => {
    expect(personOf(ownedBot)).toEqual({ key: 'identity:emp:E1', label: 'jonas.alvarez@example.com', named: false });
    expect(groupFindings([ownedBot], 'person')[0]!.label).toBe('jonas.alvarez@example.com');
  });
});

describe('counts', () => {
  it('count by rule and severity, rules in policy order, only rules with findings', () => {
    const rows = countByRule(all);
    expect(rows.map((r) => [r.rule, r.total])).toEqual([
      ['leaver-still-active', 1],
      ['offboarding-deadline-missed', 1],
      ['role-drift', 1],
      ['service-account-risk', 2],
      ['unknown-account', 1],
    ]);
    expect(rows[3]).toMatchObject({ high: 1, medium: 1, critical: 0, low: 0 });
    expect(countBySeverity(all)).toEqual({ critical: 1, high: 3, medium: 1, low: 1 });
  });
});
