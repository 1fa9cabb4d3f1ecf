import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import type { ReactNode } from 'react';
import { AnswerSource } from '../../renderer/src/components/analysis/answer-source';
import { FindingGroups } from '../../renderer/src/components/findings/finding-groups';
import { FindingsNotJudged } from '../../renderer/src/components/findings/findings-not-judged';
import { RulesNotJudged } from '../../renderer/src/components/findings/rules-not-judged';
import { EvidenceTable } from '../../renderer/src/components/findings/evidence-table';
import { ChangeGroups } from '../../renderer/src/components/access-diff/change-groups';
import { groupFindings } from '../../renderer/src/findings/findings-view';
import { collection } from './collection-fixtures';
import { change, finding, state } from './analysis-fixtures';

// Static rendering (no DOM needed): what the analysis views say and link to.
const html = (node: ReactNode) => renderToStaticMarkup(<MemoryRouter>{node}</MemoryRouter>);
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const asOf = { collectionId: 7, collectedAt: '2026-11-05T06:00:00.000Z', uncertainty: { from: '2026-11-05T06:00:00.000Z', to: '2026-11-06T06:00:00.000Z' } };

describe('AnswerSource', () => {
  it('names the collection (linked) and the window until the next one', () => {
    const markup = html(<AnswerSource asOf={asOf} />);
    expect(markup).toContain('href="/settings/collections/7"');
    expect(text(markup)).toContain('collected 2026-11-05 06:00:00 UTC');
    expect(text(markup)).toContain('next collection ( 2026-11-06 06:00:00 UTC )');
  });
  it('says when no later collection exists yet', () => {
    expect(text(html(<AnswerSource asOf={{ ...asOf, uncertainty: { from: asOf.collectedAt, to: null } }} />))).toContain('No later complete collection yet');
  });
});

describe('FindingGroups', () => {
  const findings = [
    finding({ id: 'a1', severity: 'critical' }),
    finding({ id: 'b2', severity: 'low', rule: 'role-drift', kind: 'role-drift-below', title: 'Jack is below', subject: { email: 'jack@example.com', identityId: 'emp:E2', name: 'Jack' } }),
  ];
  it('renders one group per severity with counts, links each finding (keeping the as-of) and its person', () => {
    const markup = html(<FindingGroups groups={groupFindings(findings, 'severity')} at="2026-11-01" showStatus={false} />);
    expect(markup.match(/data-testid="finding-group"/g)).toHaveLength(2);
    expect(markup).toContain('href="/findings/a1?at=2026-11-01"');
    expect(markup).toContain('href="/people/jack%40example.com?at=2026-11-01"');
    expect(markup).toContain('data-kind="role-drift-below"');
    // The kind is shown when it says more than the rule.
    expect(text(markup)).toContain('Role drift Account role below the mapping');
    expect(markup).not.toContain('Status');
  });
  it('shows where a finding was resolved when listing resolved ones', () => {
    const resolved = finding({ id: 'r', status: 'resolved', resolvedIn: { collectionId: 9, at: '2026-11-07T06:00:00.000Z' } });
    expect(text(html(<FindingGroups groups={groupFindings([resolved], 'rule')} at={null} showStatus />))).toContain('resolved in 9');
  });
});

describe('FindingsNotJudged', () => {
  it('no complete collection by the time: says so', () => {
    const markup = html(<FindingsNotJudged answer={{ asOf: null, judged: false, policyVersion: null, notJudged: [], findings: [] }} at="2026-01-01" status={null} />);
    expect(markup).toContain('data-reason="no-collection"');
    expect(text(markup)).toContain('No complete collection by 2026-01-01');
  });
  it('not judged: names the collection, and calls the data stale when the newest run failed', () => {
    const status = {
      current: collection({ id: 7 }),
      latest: collection({ id: 8, status: 'failed', contentHash: null, error: 'okta: 401 Unauthorized' }),
      running: null,
      sourcesOrigin: 'config',
      scheduleMinutes: null,
      nextRunAt: null,
    };
    const markup = html(<FindingsNotJudged answer={{ asOf, judged: false, policyVersion: null, notJudged: [], findings: [] }} at={null} status={status} />);
    expect(markup).toContain('data-reason="not-judged"');
    expect(text(markup)).toContain('Findings were not judged for collection 7');
    expect(markup).toContain('data-testid="findings-stale"');
    expect(text(markup)).toContain('Data is stale');
    expect(text(markup)).toContain('okta: 401 Unauthorized');
  });
});

describe('RulesNotJudged', () => {
  const noMappings = { rules: ['role-drift' as const, 'expected-access-missing' as const], reason: 'no-mappings' as const, because: 'the policy has no group→role mappings' };
  it('names the rules the policy could not judge and why, so an empty list does not read as clean', () => {
    const markup = html(<RulesNotJudged notJudged={[noMappings]} policyVersion={0} />);
    expect(markup).toContain('data-testid="findings-rules-not-judged"');
    expect(markup).toContain('data-rules="role-drift expected-access-missing"');
    expect(text(markup)).toContain('Not judged: Role drift (incl. role escalation), Expected access missing — the policy has no group→role mappings.');
    expect(text(markup)).toContain('built-in default policy (version 0');
    expect(markup).toContain('href="/settings/policy"');
  });
  it('says nothing when every rule was judged', () => {
    expect(html(<RulesNotJudged notJudged={[]} policyVersion={4} />)).toBe('');
  });
});

describe('EvidenceTable', () => {
  it('links the collections a fact held over, and gives an event its time', () => {
    const markup = html(
      <EvidenceTable
        evidence={[
          { sourceId: 'prefect', kind: 'prefect_member', key: 'm1', collections: { from: 1, to: 5 }, excerpt: { active: true } },
          { sourceId: 'hr', kind: 'hr_employee', key: 'E1', collections: { from: 2, to: null }, excerpt: { status: 'terminated' } },
          { sourceId: 'prefect', kind: 'event', key: 'ev1', collections: null, occurredAt: '2026-09-23T08:24:07.000Z', excerpt: { event: 'bot.created' } },
        ]}
      />,
    );
    expect(markup).toContain('href="/settings/collections/1"');
    expect(markup).toContain('href="/settings/collections/5"');
    expect(text(markup)).toContain('from collection 1 , changed or gone in collection 5');
    expect(text(markup)).toContain('from collection 2 , still holds');
    expect(text(markup)).toContain('event at 2026-09-23 08:24:07 UTC');
    expect(text(markup)).toContain('active: yes');
  });
});

describe('ChangeGroups', () => {
  it('shows who (linked), where and the role before and after; grants stay folded until asked', () => {
    const groups = [
      {
        key: 'emp:E1',
        label: 'Ada Farouk',
        changes: [change(), change({ change: 'role-down', scope: 'account', workspace: null, before: state('Admin', 40), after: state('Member', 20) })],
      },
    ];
    const markup = html(<ChangeGroups groups={groups} at={null} />);
    expect(markup.match(/data-testid="change-row"/g)).toHaveLength(2);
    expect(markup).toContain('href="/people/ada.farouk%40example.com"');
    expect(text(markup)).toContain('Analytics none → Viewer');
    expect(text(markup)).toContain('Account Admin → Member');
    expect(markup).toContain('aria-expanded="false"');
    expect(markup).not.toContain('data-testid="change-grants"');
  });
});
