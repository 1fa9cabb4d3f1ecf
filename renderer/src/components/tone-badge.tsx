import './status-badge.css';

/** A badge for things that are not run statuses (a credential present or missing, a test result). */
export function ToneBadge({ tone, children, testId }: { tone: 'ok' | 'warn' | 'problem' | 'neutral'; children: string; testId?: string }) {
  return (
    <span className={`badge badge--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}
