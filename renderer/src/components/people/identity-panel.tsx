import type { Identity, LeaverStatus } from '../../../../shared/domain/analysis';
import { Panel } from '../panel';
import { FactRefView } from './fact-ref';
import './people.css';

/** Who the person is, as the HR roster and each identity provider describe them. */
export function IdentityPanel({ identity }: { identity: Identity }) {
  const { hr } = identity;
  return (
    <Panel title="Identity" testId="person-identity">
      <div className="person-grid">
        <dl className="facts">
          <dt>Identity</dt>
          <dd className="mono" data-testid="person-identity-id">
            {identity.identityId}
          </dd>
          <dt>Name</dt>
          <dd>{identity.displayName ?? <span className="muted">unknown</span>}</dd>
          <dt>Employee id</dt>
          <dd>{identity.employeeId ?? <span className="muted">none</span>}</dd>
          <dt>Addresses</dt>
          <dd>
            {identity.emails.length > 0 ? identity.emails.join(', ') : <span className="muted">none</span>}
          </dd>
        </dl>
        <div>
          <h3 className="person-subhead">HR record</h3>
          {hr ? (
            <dl className="facts" data-testid="person-hr" data-status={hr.status}>
              <dt>Status</dt>
              <dd>
                <strong>{hr.status}</strong>
              </dd>
              <dt>Hired</dt>
              <dd>{hr.hireDate ?? <span className="muted">unknown</span>}</dd>
              <dt>Terminated</dt>
              <dd>{hr.terminationDate ?? <span className="muted">—</span>}</dd>
              <dt>Department</dt>
              <dd>{hr.department ?? <span className="muted">—</span>}</dd>
              <dt>Evidence</dt>
              <dd>
                <FactRefView fact={hr.fact} />
              </dd>
            </dl>
          ) : (
            <p className="muted">Not in the HR roster at this time.</p>
          )}
        </div>
      </div>
      <h3 className="person-subhead">IdP accounts</h3>
      {identity.idp.length > 0 ? (
        <div className="table-wrap table-wrap--inset">
          <table className="data-table" data-testid="person-idp">
            <caption className="visually-hidden">Identity provider accounts</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Login</th>
                <th scope="col">Lifecycle</th>
                <th scope="col">Groups</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {identity.idp.map((a) => (
                <tr key={`${a.sourceId}/${a.userId}`} data-testid="person-idp-row" data-lifecycle={a.lifecycle}>
                  <td>
                    <span className="tag">{a.sourceId}</span>
                  </td>
                  <td>
                    {a.userName ?? a.emails[0] ?? a.userId}
                    {a.emails.length > 1 ? <div className="muted">also {a.emails.slice(1).join(', ')}</div> : null}
                  </td>
                  <td>
                    <strong>{a.lifecycle}</strong> <span className="muted mono">{a.rawStatus}</span>
                  </td>
                  <td>
                    {a.groups.length > 0
                      ? a.groups.map((g) => (g.direct ? g.name : `${g.name} (nested)`)).join(', ')
                      : <span className="muted">none</span>}
                  </td>
                  <td>
                    <FactRefView fact={a.fact} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No identity provider account.</p>
      )}
    </Panel>
  );
}

/** Whether the person has left, why we say so, and the facts it rests on. */
export function LeaverPanel({ leaver }: { leaver: LeaverStatus }) {
  return (
    <div className={leaver.leaver ? 'leaver-banner' : 'leaver-banner leaver-banner--no'} data-testid="person-leaver" data-leaver={leaver.leaver} role={leaver.leaver ? 'note' : undefined}>
      <p>
        <strong>{leaver.leaver ? 'Leaver' : 'Not a leaver'}</strong>
        {leaver.terminationDate ? <> · terminated {leaver.terminationDate}</> : null}
        {leaver.leaver ? (
          <span className="muted">
            {' '}
            ({[leaver.hrTerminated ? 'terminated in HR' : null, leaver.idpDisabled ? 'every IdP account disabled' : null].filter(Boolean).join('; ')})
          </span>
        ) : null}
      </p>
      {leaver.reasons.length > 0 ? (
        <ul className="person-list" aria-label="Reasons">
          {leaver.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {leaver.leaver && leaver.evidence.length > 0 ? (
        <ul className="evidence-list" aria-label="Evidence">
          {leaver.evidence.map((f) => (
            <li key={`${f.sourceId}/${f.kind}/${f.key}`}>
              <FactRefView fact={f} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
