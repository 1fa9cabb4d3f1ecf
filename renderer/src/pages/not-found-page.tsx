import { Link, useLocation } from 'react-router-dom';
import { PageShell } from '../components/page-shell';
import { EmptyState } from '../components/status-views';

/** A deep link to a page that does not exist (an old bookmark, a typo). */
export function NotFoundPage() {
  const location = useLocation();
  return (
    <PageShell id="not-found" title="Page not found" state="empty">
      <EmptyState title={`There is no page at ${location.pathname}`}>
        <p>
          Go to the <Link to="/">Overview</Link> or pick a page from the navigation.
        </p>
      </EmptyState>
    </PageShell>
  );
}
