import type { ReactNode } from 'react';
import { PageShell } from './page-shell';
import { EmptyState } from './status-views';

export interface NotBuiltYetPageProps {
  id: string;
  title: string;
  description: ReactNode;
  /** What the page will show once the capability exists, in the reader's terms. */
  willShow: readonly string[];
}

/**
 * For a capability this version does not have yet: says so plainly, whatever the data, and
 * lists what the page will show. Never fake rows, and never blame missing collections.
 */
export function NotBuiltYetPage({ id, title, description, willShow }: NotBuiltYetPageProps) {
  return (
    <PageShell id={id} title={title} description={description} state="empty">
      <EmptyState title="Not in this version yet" testId="not-built-yet">
        <p>This version of Access Ledger does not have {title.toLowerCase()} yet. When it does, this page will show:</p>
        <ul className="status__list">
          {willShow.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </EmptyState>
    </PageShell>
  );
}
