import type { ReactNode } from 'react';
import { Panel } from '../panel';
import './overview.css';

/**
 * A chart in a titled panel, with what it shows in words and the numbers behind it in a table
 * (folded away under "Numbers behind the chart"): the chart is for the eye, the table for a
 * screen reader, a copy-paste into an audit note, and the tests.
 */
export function ChartPanel({
  title,
  summary,
  testId,
  chart,
  table,
  aside,
}: {
  title: string;
  summary: ReactNode;
  testId: string;
  chart: ReactNode;
  table: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Panel title={title} testId={testId} aside={aside}>
      <figure className="chart" aria-label={title}>
        <figcaption className="chart__summary" data-testid={`${testId}-summary`}>
          {summary}
        </figcaption>
        <div className="chart__plot" data-testid={`${testId}-plot`}>
          {chart}
        </div>
        <details className="chart__numbers" data-testid={`${testId}-numbers`}>
          <summary>Numbers behind the chart</summary>
          <div className="chart__table">{table}</div>
        </details>
      </figure>
    </Panel>
  );
}
