import { SEVERITIES, SEVERITY_LABELS } from '../../findings/findings-view';

/** Header cells of a table counting findings by severity: one column per severity, then the total. */
export function SeverityColumnHeads() {
  return (
    <>
      {SEVERITIES.map((s) => (
        <th key={s} scope="col" className="num">
          {SEVERITY_LABELS[s]}
        </th>
      ))}
      <th scope="col" className="num">
        Total
      </th>
    </>
  );
}
