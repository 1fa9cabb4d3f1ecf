import { Link } from 'react-router-dom';
import type { IdpVsPrefect, OrgMetricsPoint } from '../../../../shared/domain/analysis';
import { SEVERITIES, SEVERITY_LABELS } from '../../findings/findings-view';
import { withAsOf } from '../../hooks/as-of';
import { formatTimestamp } from '../../format';
import { Panel } from '../panel';
import './overview.css';

/**
 * (d) The numbers at the as-of time, each a link to the page that lists them (keeping the
 * as-of time): where the directory and Prefect disagree, and the open findings by severity.
 */
export function HeadlineNumbers({ at, idp, findings }: { at: string | null; idp: IdpVsPrefect; findings: OrgMetricsPoint | null }) {
  // The IdP vs Prefect tab lists exactly these four, from the same answer: each number opens the list it counts.
  const lists = withAsOf('/access-diff?tab=idp', at);
  const stats = [
    { id: 'not-vouched', value: idp.activeInPrefectNotInIdp.length, label: 'Active in Prefect, not vouched for by the IdP', to: lists },
    { id: 'missing', value: idp.missingInPrefect.length, label: 'In the IdP’s mapped groups, missing in Prefect', to: lists },
    { id: 'role-differences', value: idp.roleDifferences.length, label: 'Account roles that differ from the mapping', to: lists },
    { id: 'team-differences', value: idp.teamDifferences.length, label: 'Team memberships out of step with their groups', to: lists },
  ];
  return (
    <Panel title="At the as-of time" testId="headline">
      <p className="headline__source" data-testid="headline-source" data-collection-id={idp.collectionId}>
        From collection {idp.collectionId}, {formatTimestamp(idp.collectedAt)}
        {idp.uncertainty.to ? `; could have changed unseen until ${formatTimestamp(idp.uncertainty.to)}` : '; the newest collection'}.
      </p>
      <h3 className="headline__heading">Identity provider against Prefect</h3>
      <ul className="headline__grid">
        {stats.map((s) => (
          <li key={s.id}>
            <Link className="stat" to={s.to} data-testid={`headline-${s.id}`} data-value={s.value} data-tone={s.value > 0 ? 'warn' : 'ok'}>
              <span className="stat__value">{s.value}</span>
              <span className="stat__label">{s.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <h3 className="headline__heading">Open findings by severity</h3>
      {findings?.openFindings ? (
        <ul className="headline__grid">
          {SEVERITIES.map((s) => (
            <li key={s}>
              <Link
                className={`stat stat--${s}`}
                to={withAsOf(`/findings?severity=${s}`, at)}
                data-testid={`headline-findings-${s}`}
                data-value={findings.openFindings?.[s] ?? 0}
              >
                <span className="stat__value">{findings.openFindings?.[s] ?? 0}</span>
                <span className="stat__label">{SEVERITY_LABELS[s]}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="headline-findings-unjudged">
          No findings were recorded for this collection, so there are no counts to show (findings are judged after each complete collection).
        </p>
      )}
      <DisagreementDetails idp={idp} />
    </Panel>
  );
}

const REASON: Record<IdpVsPrefect['activeInPrefectNotInIdp'][number]['reason'], string> = {
  'no-identity': 'matches no person',
  'no-idp-account': 'person has no IdP account',
  'idp-disabled': 'IdP account disabled',
};

/** Who is behind the IdP-against-Prefect numbers, one row each. */
function DisagreementDetails({ idp }: { idp: IdpVsPrefect }) {
  const rows = [
    ...idp.activeInPrefectNotInIdp.map((r) => ({ key: `nv-${r.sourceId}-${r.membershipId}`, what: 'Not vouched for', who: r.email ?? r.membershipId, detail: `${REASON[r.reason]}; ${r.accountRole ?? 'no role'}` })),
    ...idp.missingInPrefect.map((r) => ({ key: `mi-${r.identityId}`, what: 'Missing in Prefect', who: r.email ?? r.displayName ?? r.identityId, detail: `groups: ${r.groups.join(', ') || '—'}` })),
    ...idp.roleDifferences.map((r) => ({
      key: `rd-${r.sourceId}-${r.membershipId}`,
      what: 'Role differs',
      who: r.email ?? r.identityId,
      detail: `${r.actual ?? 'none'} in Prefect, ${r.expected} expected (${r.direction})`,
    })),
    ...idp.teamDifferences.map((r) => ({
      key: `td-${r.sourceId}-${r.identityId}-${r.team}`,
      what: 'Team differs',
      who: r.email ?? r.identityId,
      detail: `${r.team}: ${r.difference === 'missing' ? 'in the group, not in the team' : 'in the team, not in the group'}`,
    })),
  ];
  if (rows.length === 0) return null;
  return (
    <details className="chart__numbers" data-testid="headline-details">
      <summary>Who ({rows.length})</summary>
      <div className="chart__table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Difference</th>
              <th scope="col">Account</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td className="nowrap">{r.what}</td>
                <td>{r.who}</td>
                <td>{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
