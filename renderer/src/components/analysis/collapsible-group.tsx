import { useId, type ReactNode } from 'react';
import './analysis.css';

/**
 * A group of rows with a heading button that shows or hides them. Hidden rows are not
 * rendered at all, so a long list with its groups collapsed stays cheap.
 */
export function CollapsibleGroup({
  title,
  count,
  summary,
  open,
  onToggle,
  testId,
  groupKey,
  children,
}: {
  title: string;
  count: number;
  summary?: ReactNode;
  open: boolean;
  onToggle: () => void;
  testId: string;
  groupKey: string;
  children: ReactNode;
}) {
  const bodyId = useId();
  return (
    <section className="fold" data-testid={testId} data-group={groupKey} data-count={count}>
      <h3 className="fold__heading">
        <button type="button" className="fold__toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle} data-testid={`${testId}-toggle`}>
          <span className="fold__chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="fold__title">{title}</span>
          <span className="fold__count" data-testid={`${testId}-count`}>
            {count}
          </span>
        </button>
        {summary ? <span className="fold__summary">{summary}</span> : null}
      </h3>
      <div id={bodyId} hidden={!open}>
        {open ? children : null}
      </div>
    </section>
  );
}
