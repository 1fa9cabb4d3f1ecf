import { useToggleSet } from '../../hooks/use-toggle-set';
import { Link } from 'react-router-dom';
import type { StoredFinding } from '../../../../shared/domain/analysis';
import { KIND_LABELS, RULE_LABELS, SEVERITIES, SEVERITY_LABELS, type FindingGroup } from '../../findings/findings-view';
import { personPath } from '../../access-diff/diff-view';
import { withAsOf } from '../../hooks/as-of';
import { formatTimestamp } from '../../format';
import { CollapsibleGroup } from '../analysis/collapsible-group';
import { SeverityBadge } from './severity-badge';
import '../data-table.css';

/** The findings in collapsible groups (by severity, rule or person), each with its count. */
export function FindingGroups({ groups, at, showStatus }: { groups: FindingGroup[]; at: string | null; showStatus: boolean }) {
  const [closed, toggle] = useToggleSet<string>();
  return (
    <div data-testid="finding-groups">
      {groups.map((g) => (
        <CollapsibleGroup
          key={g.key}
          groupKey={g.key}
          title={g.label}
          count={g.findings.length}
          summary={severitySummary(g)}
          open={!closed.has(g.key)}
          onToggle={() => toggle(g.key)}
          testId="finding-group"
        >
          <FindingsTable findings={g.findings} at={at} showStatus={showStatus} />
        </CollapsibleGroup>
      ))}
    </div>
  );
}

function severitySummary(g: FindingGroup): string | undefined {
  const parts = SEVERITIES.filter((s) => g.bySeverity[s] > 0).map((s) => `${g.bySeverity[s]} ${SEVERITY_LABELS[s].toLowerCase()}`);
  return parts.length > 1 ? parts.join(', ') : undefined;
}

function FindingsTable({ findings, at, showStatus }: { findings: StoredFinding[]; at: string | null; showStatus: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Finding</th>
            <th scope="col">Rule · kind</th>
            <th scope="col">Subject</th>
            <th scope="col">First seen</th>
            {showStatus ? <th scope="col">Status</th> : null}
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.id} data-testid="finding-row" data-id={f.id} data-kind={f.kind} data-rule={f.rule} data-severity={f.severity} data-email={f.subject.email ?? ''}>
              <td>
                <SeverityBadge severity={f.severity} />
              </td>
              <td>
                <Link to={withAsOf(`/findings/${encodeURIComponent(f.id)}`, at)} data-testid="finding-link">
                  {f.title}
                </Link>
              </td>
              <td>
                {RULE_LABELS[f.rule] ?? f.rule}
                {KIND_LABELS[f.kind] && KIND_LABELS[f.kind] !== RULE_LABELS[f.rule] ? (
                  <>
                    <br />
                    <span className="muted">{KIND_LABELS[f.kind]}</span>
                  </>
                ) : null}
              </td>
              <td>
                <SubjectCell finding={f} at={at} />
              </td>
              <td className="nowrap">
                <time dateTime={f.firstSeen.at}>{formatTimestamp(f.firstSeen.at).slice(0, 10)}</time>
              </td>
              {showStatus ? (
                <td className="nowrap">
                  {f.status === 'open' ? 'open' : f.resolvedIn ? `resolved in ${f.resolvedIn.collectionId}` : 'resolved'}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubjectCell({ finding, at }: { finding: StoredFinding; at: string | null }) {
  const s = finding.subject;
  const what = s.type === 'bot' ? 'service account' : s.type === 'api-key' ? 'API key' : s.type === 'member' ? 'Prefect account' : null;
  return (
    <>
      {s.name ?? s.email ?? s.id}
      {what ? <span className="muted"> ({what})</span> : null}
      {s.email ? (
        <>
          <br />
          <Link to={withAsOf(personPath(s.email), at)} data-testid="finding-person-link">
            {s.email}
          </Link>
        </>
      ) : null}
    </>
  );
}
