import type { ReactNode } from 'react';
import { PageShell } from './page-shell';
import { EmptyState } from './status-views';
import { NoCollectionsHint } from './no-collections-hint';

export interface NoCollectionsPageProps {
  id: string;
  title: string;
  description: ReactNode;
  /** What the page will show once there is collected data, in the reader's terms. */
  willShow: readonly string[];
}

/**
 * For pages whose data comes from collections, before any collection exists: says so, says
 * how to get one, and lists what the page will show. Never fake rows.
 */
export function NoCollectionsPage({ id, title, description, willShow }: NoCollectionsPageProps) {
  return (
    <PageShell id={id} title={title} description={description} state="empty">
      <EmptyState title="No collections yet">
        <NoCollectionsHint />
        <p className="status__subtitle">Once there is data, this page will show:</p>
        <ul className="status__list">
          {willShow.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </EmptyState>
    </PageShell>
  );
}
