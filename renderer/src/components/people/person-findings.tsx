import { Link } from 'react-router-dom';
import type { FindingsAnswer, Severity } from '../../../../shared/domain/analysis';
import { withAsOf } from '../../hooks/as-of';
import { ToneBadge } from '../tone-badge';
import '../data-table.css';

const TONE: Record<Severity, 'problem' | 'warn' | 'neutral'> = { critical: 'problem', high: 'problem', medium: 'warn', low: 'neutral' };

/** Findings open about the person at the time, each a link to the finding's own page. */
export function PersonFindings({ answer, at }: { answer: FindingsAnswer; at: string | null }) {
  if (!answer.judged) {
    return <p className="muted" data-testid="person-findings-unjudged">Findings were not recorded for this collection, so none can be listed for this time.</p>;
  }
  if (answer.findings.length === 0) return <p className="muted" data-testid="person-findings-none">No open findings about this person at this time.</p>;
  return (
    <ul className="person-list" data-testid="person-findings">
      {answer.findings.map((f) => (
        <li key={f.id} data-testid="person-finding" data-rule={f.rule}>
          <ToneBadge tone={TONE[f.severity]}>{f.severity}</ToneBadge> <Link to={withAsOf(`/findings/${encodeURIComponent(f.id)}`, at)}>{f.title}</Link>{' '}
          <span className="muted">
            · {f.rule} · open since collection {f.firstSeen.collectionId}
          </span>
        </li>
      ))}
    </ul>
  );
}
