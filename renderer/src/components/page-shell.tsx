import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import './page-shell.css';

/** What a page is showing; the e2e tests wait on this attribute instead of sleeping. */
export type PageState = 'loading' | 'error' | 'empty' | 'ready';

export interface PageShellProps {
  /** Stable id used in data-page and by the e2e tests (e.g. "ledger"). */
  id: string;
  title: string;
  description?: ReactNode;
  state: PageState;
  /** Controls shown on the right of the heading (e.g. a refresh button). */
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * The container every page renders into: one h1, a description, and `data-state` plus
 * `aria-busy` so people using assistive tech and the tests both know when content is there.
 * After an in-app navigation to another path the heading takes focus, so a screen reader
 * announces the page (a change of query string alone keeps focus where it is).
 */
export function PageShell({ id, title, description, state, actions, children }: PageShellProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  const firstLoad = location.key === 'default';
  useEffect(() => {
    // 'default' is the first location of the session: leave focus alone on a fresh load.
    // Keyed on the path, not the whole location: a change of ?at= or a filter in the query
    // string is the same page, and must not pull focus away from the control that made it.
    if (!firstLoad) heading.current?.focus();
  }, [location.pathname]);

  return (
    <section className="page" data-testid="page" data-page={id} data-state={state} aria-busy={state === 'loading'} aria-labelledby={`${id}-heading`}>
      <header className="page__header">
        <div>
          <h1 id={`${id}-heading`} className="page__title" tabIndex={-1} ref={heading} data-testid="page-heading">
            {title}
          </h1>
          {description ? <p className="page__description">{description}</p> : null}
        </div>
        {actions ? <div className="page__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
