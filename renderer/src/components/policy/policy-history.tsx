import type { PolicyVersion } from '../../../../shared/domain/policy';
import { formatTimestamp, shortHash } from '../../format';
import '../data-table.css';

/** Every saved version, newest first: who changed the rules, when and why (each is also on the ledger). */
export function PolicyHistory({ versions, inForce }: { versions: readonly Omit<PolicyVersion, 'policy'>[]; inForce: number }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="policy-history">
        <caption className="visually-hidden">Policy versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Version
            </th>
            <th scope="col">Saved (UTC)</th>
            <th scope="col">By</th>
            <th scope="col">Note</th>
            <th scope="col">Content hash</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid="policy-history-row" data-version={v.version}>
              <td className="num">
                {v.version}
              </td>
              <td className="nowrap">
                <time dateTime={v.createdAt}>{formatTimestamp(v.createdAt)}</time>
                {v.version === inForce ? (
                  <>
                    {' '}
                    <span className="tag">in force</span>
                  </>
                ) : null}
              </td>
              <td>{v.actor}</td>
              <td>{v.note ?? <span className="muted">—</span>}</td>
              <td className="mono hash" title={v.sha256}>
                {shortHash(v.sha256)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
