import type { Severity } from '../../../../shared/domain/analysis';
import { SEVERITY_LABELS } from '../../findings/findings-view';
import '../analysis/analysis.css';

/** The severity in words (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`severity-tag severity-tag--${severity}`} data-testid="severity" data-severity={severity}>
      {SEVERITY_LABELS[severity]}
    </span>
  );
}
