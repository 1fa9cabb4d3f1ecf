import type { PolicyInForce } from '../../../../shared/domain/policy';
import { formatTimestamp } from '../../format';
import { describeSide } from '../../policy/policy-draft';
import '../data-table.css';
import './policy.css';

/**
 * The policy in force in words: which version, who saved it when and why, the thresholds,
 * the directory mapping, the break-glass accounts, the duties kept apart and the match rules.
 */
export function PolicySummary({ current }: { current: PolicyInForce }) {
  const { policy } = current;
  return (
    <div className="stack" data-testid="policy-summary" data-version={current.version}>
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="policy-version">
          {current.version === 0 ? '0 (built-in default: never saved)' : current.version}
        </dd>
        <dt>Saved by</dt>
        <dd>{current.actor}</dd>
        <dt>Saved at</dt>
        <dd>{current.createdAt ? <time dateTime={current.createdAt}>{formatTimestamp(current.createdAt)}</time> : '—'}</dd>
        <dt>Note</dt>
        <dd>{current.note ?? <span className="muted">none</span>}</dd>
        <dt>Offboarding deadline</dt>
        <dd data-testid="policy-offboarding">{plural(policy.offboardingDeadlineHours, 'hour')} after termination</dd>
        <dt>Termination time zone</dt>
        <dd data-testid="policy-termination-time-zone">
          {policy.terminationTimeZone ?? (
            <>
              UTC <span className="muted">(none set)</span>
            </>
          )}
          : the offboarding deadline counts from the start of the termination day there
        </dd>
        <dt>Maximum API key age</dt>
        <dd data-testid="policy-key-age">{plural(policy.maxApiKeyAgeDays, 'day')}</dd>
        <dt>Dormancy</dt>
        <dd data-testid="policy-dormancy">{plural(policy.dormancyDays, 'day')} without activity</dd>
        <dt>Break-glass accounts</dt>
        <dd>{policy.breakGlassEmails.length > 0 ? policy.breakGlassEmails.join(', ') : <span className="muted">none</span>}</dd>
        <dt>Identity match rules</dt>
        <dd>
          {policy.matchRules ? (
            policy.matchRules.map((r) => `${r.name} (Prefect ${r.prefect} = ${r.identity}, ${r.normalize})`).join('; ')
          ) : (
            <span className="muted">built-in (Prefect handle = the login's local part)</span>
          )}
        </dd>
      </dl>

      <div>
        <h3 className="policy__subtitle">Directory mapping</h3>
        {policy.mappings.length === 0 ? (
          <p className="muted">No mapping: nothing is expected of directory groups, so no role drift is judged.</p>
        ) : (
          <div className="table-wrap table-wrap--inline">
            <table className="data-table" data-testid="policy-mappings">
              <caption className="visually-hidden">What each IdP group should grant in Prefect</caption>
              <thead>
                <tr>
                  <th scope="col">IdP group</th>
                  <th scope="col">Prefect team</th>
                  <th scope="col">Account role</th>
                  <th scope="col">Workspace roles</th>
                </tr>
              </thead>
              <tbody>
                {policy.mappings.map((m, i) => (
                  <tr key={`${m.idpGroup}-${i}`}>
                    <td className="mono">{m.idpGroup}</td>
                    <td className="mono">{m.prefectTeam ?? <span className="muted">—</span>}</td>
                    <td>{m.accountRole ?? <span className="muted">—</span>}</td>
                    <td>{m.workspaceRoles && m.workspaceRoles.length > 0 ? m.workspaceRoles.map((w) => `${w.workspace}: ${w.role}`).join(', ') : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div>
        <h3 className="policy__subtitle">Segregation of duties</h3>
        {policy.sodPairs.length === 0 ? (
          <p className="muted">No pairs: no one is flagged for holding two duties.</p>
        ) : (
          <ul className="policy__list" data-testid="policy-sod">
            {policy.sodPairs.map((p, i) => (
              <li key={i}>
                {p.name ? <strong>{p.name}: </strong> : null}
                {describeSide(p.a)} must not meet {describeSide(p.b)} in one person
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
