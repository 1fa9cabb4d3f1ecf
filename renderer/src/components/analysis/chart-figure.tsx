import type { ReactNode } from 'react';
import './analysis.css';

/**
 * A chart with its caption and the same numbers as a table, folded under "The numbers as a
 * table" (the chart's text equivalent: what a screen reader reads and the tests check). The
 * chart itself is hidden from assistive technology.
 */
export function ChartFigure({ caption, testId, tableTestId, chart, head, rows }: { caption: string; testId: string; tableTestId: string; chart: ReactNode; head: ReactNode; rows: ReactNode }) {
  return (
    <figure className="chart-figure" aria-labelledby={`${testId}-caption`} data-testid={testId}>
      <figcaption id={`${testId}-caption`}>{caption}</figcaption>
      <div className="chart-box" aria-hidden="true">
        {chart}
      </div>
      <details className="chart-table">
        <summary>The numbers as a table</summary>
        <div className="table-wrap">
          <table className="data-table" data-testid={tableTestId}>
            <caption className="visually-hidden">{caption}</caption>
            <thead>{head}</thead>
            <tbody>{rows}</tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
