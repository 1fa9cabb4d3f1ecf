import type { ReactNode } from 'react';
import './panel.css';

/** A titled card that groups one topic on a page (e.g. "This installation", "Connections"). */
export function Panel({ title, children, aside, testId }: { title: string; children: ReactNode; aside?: ReactNode; testId?: string }) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="panel" aria-labelledby={id} data-testid={testId}>
      <header className="panel__header">
        <h2 id={id} className="panel__title">
          {title}
        </h2>
        {aside}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}
