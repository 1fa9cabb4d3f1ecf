import type { ReactNode } from 'react';
import type { ApiCallError } from '../api/ledger-client';
import './status-views.css';

/** Shown while a request is in flight; role=status so it is announced politely. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="status status--loading" role="status" data-testid="loading-state">
      <span className="status__spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** The API's own message and code, never a guess, with a way to try again. */
/** Codes that asking again cannot change (the request itself is wrong, or the thing is not there). */
const NOT_RETRYABLE = new Set<string>(['INVALID_ARGUMENT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNKNOWN_CHANNEL']);

export function ErrorState({ error, onRetry, title = 'Could not load this page' }: { error: ApiCallError; onRetry?: () => void; title?: string }) {
  // A Retry button that cannot help only invites clicking it.
  const retry = onRetry && !NOT_RETRYABLE.has(error.code) ? onRetry : undefined;
  return (
    <div className="status status--error" role="alert" data-testid="error-state">
      <div className="status__body">
        <p className="status__title">{title}</p>
        <p className="status__message">{error.message}</p>
        <p className="status__code">
          Error code <code>{error.code}</code>
        </p>
      </div>
      {retry ? (
        <button type="button" className="button" onClick={retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Says plainly that there is nothing yet and what would put something here. */
export function EmptyState({ title, children, testId = 'empty-state' }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="status status--empty" data-testid={testId}>
      <div className="status__body">
        <p className="status__title">{title}</p>
        {children ? <div className="status__message">{children}</div> : null}
      </div>
    </div>
  );
}
