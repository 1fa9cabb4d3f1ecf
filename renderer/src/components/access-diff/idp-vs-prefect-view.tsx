import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { IdpVsPrefect } from '../../../../shared/domain/analysis';
import type { PageState } from '../page-shell';
import { ErrorState, LoadingState } from '../status-views';
import { Panel } from '../panel';
import { AnswerSource } from '../analysis/answer-source';
import { useApiQuery } from '../../hooks/use-api-query';
import { useAnswerableAsOf } from '../../hooks/as-of-resolution';
import { NoAnswerState } from '../analysis/no-answer-state';
import { asOfArgs, withAsOf } from '../../hooks/as-of';
import { personPath } from '../../access-diff/diff-view';
import '../data-table.css';

const REASONS: Record<IdpVsPrefect['activeInPrefectNotInIdp'][number]['reason'], string> = {
  'no-identity': 'No person in HR or the directory matches this account',
  'no-idp-account': 'The person has no account in any identity provider',
  'idp-disabled': "The person's directory accounts are all suspended or deprovisioned",
};

/** The directory and Prefect side by side at the as-of time: four lists of where they disagree. */
export function IdpVsPrefectView({ at, onState }: { at: string | null; onState: (s: PageState) => void }) {
  const { ask, noAnswer, answering } = useAnswerableAsOf();
  const query = useApiQuery((api) => (ask ? api.idpVsPrefect(asOfArgs(at)) : Promise.resolve(null)), [at, ask, answering]);
  const d = query.status === 'ready' ? query.data : null;
  const total = d ? d.activeInPrefectNotInIdp.length + d.missingInPrefect.length + d.roleDifferences.length + d.teamDifferences.length : 0;
  const state: PageState = noAnswer ? 'empty' : query.status === 'ready' ? (d === null ? 'loading' : total > 0 ? 'ready' : 'empty') : query.status;
  useEffect(() => onState(state), [state, onState]);

  if (noAnswer) return <NoAnswerState resolution={noAnswer} testId="idp-no-answer" />;
  if (query.status === 'loading' || (query.status === 'ready' && d === null)) return <LoadingState label="Comparing the directory with Prefect…" />;
  if (query.status === 'error') return <ErrorState title="Could not compare the directory with Prefect" error={query.error} onRetry={query.retry} />;
  if (!d) return null;
  const person = (email: string | null, fallback: string) =>
    email ? (
      <Link to={withAsOf(personPath(email), at)} data-testid="idp-person-link">
        {email}
      </Link>
    ) : (
      <span className="muted">{fallback}</span>
    );

  return (
    <div className="stack">
      <AnswerSource asOf={d} />
      <p className="muted" data-testid="idp-policy-version">
        Compared through the group mappings of {d.policyVersion === 0 ? 'the built-in default policy' : `policy version ${d.policyVersion}`}, the one this collection's
        findings are judged under.
      </p>
      {total === 0 ? (
        <p className="muted" data-testid="idp-agree">
          The directory and Prefect agree: no account, role or team out of step.
        </p>
      ) : null}
      <ListPanel title="Active in Prefect, not vouched for by the IdP" testId="idp-not-vouched" count={d.activeInPrefectNotInIdp.length} empty="Every active Prefect user is an active person in the directory." headers={['Prefect account', 'Account role', 'Why', 'Source']}>
        {d.activeInPrefectNotInIdp.map((r) => (
          <tr key={`${r.sourceId}:${r.membershipId}`} data-testid="idp-row" data-reason={r.reason} data-email={r.email ?? ''}>
            <td>{person(r.email, `membership ${r.membershipId}`)}</td>
            <td>{r.accountRole ?? '—'}</td>
            <td>{REASONS[r.reason]}</td>
            <td>{r.sourceId}</td>
          </tr>
        ))}
      </ListPanel>
      <ListPanel title="Missing in Prefect" testId="idp-missing" count={d.missingInPrefect.length} empty="Everyone in a mapped group has an active Prefect membership." headers={['Person', 'Email', 'Mapped groups']}>
        {d.missingInPrefect.map((r) => (
          <tr key={r.identityId} data-testid="idp-row" data-email={r.email ?? ''}>
            <td>{r.displayName ?? r.identityId}</td>
            <td>{person(r.email, 'no address')}</td>
            <td>{r.groups.join(', ')}</td>
          </tr>
        ))}
      </ListPanel>
      <ListPanel title="Account roles that differ from the mapping" testId="idp-roles" count={d.roleDifferences.length} empty="Every account role is what the group mapping gives." headers={['Person', 'In Prefect', 'Mapping gives', 'Direction']}>
        {d.roleDifferences.map((r) => (
          <tr key={`${r.sourceId}:${r.membershipId}`} data-testid="idp-row" data-direction={r.direction} data-email={r.email ?? ''}>
            <td>{person(r.email, r.identityId)}</td>
            <td>{r.actual ?? 'none'}</td>
            <td>{r.expected}</td>
            <td>{r.direction === 'above' ? 'above the mapping' : 'below the mapping'}</td>
          </tr>
        ))}
      </ListPanel>
      <ListPanel title="Team memberships out of step with their groups" testId="idp-teams" count={d.teamDifferences.length} empty="Every team membership matches the group behind it." headers={['Person', 'Team', 'Difference', 'Source']}>
        {d.teamDifferences.map((r) => (
          <tr key={`${r.sourceId}:${r.identityId}:${r.team}:${r.difference}`} data-testid="idp-row" data-difference={r.difference} data-email={r.email ?? ''}>
            <td>{person(r.email, r.identityId)}</td>
            <td>{r.team}</td>
            <td>{r.difference === 'missing' ? 'in the group, not in the team' : 'in the team, not in the group'}</td>
            <td>{r.sourceId}</td>
          </tr>
        ))}
      </ListPanel>
    </div>
  );
}

function ListPanel({ title, testId, count, empty, headers, children }: { title: string; testId: string; count: number; empty: string; headers: string[]; children: ReactNode }) {
  return (
    <Panel title={title} testId={testId} aside={<span className="muted" data-testid={`${testId}-count`} data-count={count}>{count}</span>}>
      {count === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
