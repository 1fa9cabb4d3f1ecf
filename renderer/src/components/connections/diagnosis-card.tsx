import type { Diagnosis } from '../../../../shared/domain/collection';
import { ToneBadge } from '../tone-badge';
import './connections.css';

const PROBLEM_TITLES: Record<Diagnosis['problem'], string> = {
  none: 'Connection works',
  dns: 'Host name not found (DNS)',
  tls: 'TLS certificate not trusted',
  connect: 'Could not connect',
  timeout: 'No answer in time',
  auth: 'Credential rejected',
  permission: 'Missing permission or scope',
  'rate-limit': 'Rate limited',
  config: 'Connection settings incomplete',
  'bad-response': 'Unexpected answer from the server',
  other: 'Connection failed',
};

/**
 * The result of "Test connection": what went wrong in a person's terms (DNS, TLS, 401, 403
 * with the scope), the server's own message, and what to do about it.
 */
export function DiagnosisCard({ sourceId, diagnosis }: { sourceId: string; diagnosis: Diagnosis }) {
  return (
    <div
      className={`diagnosis${diagnosis.ok ? '' : ' diagnosis--problem'}`}
      role={diagnosis.ok ? 'status' : 'alert'}
      data-testid="diagnosis"
      data-ok={String(diagnosis.ok)}
      data-problem={diagnosis.problem}
    >
      <ToneBadge tone={diagnosis.ok ? 'ok' : 'problem'}>{diagnosis.ok ? 'OK' : diagnosis.problem}</ToneBadge>
      <div className="diagnosis__body">
        <p className="diagnosis__title">
          {sourceId}: {PROBLEM_TITLES[diagnosis.problem]}
        </p>
        <p className="diagnosis__message" data-testid="diagnosis-message">
          {diagnosis.message}
        </p>
        {diagnosis.ok ? null : (
          <p className="diagnosis__hint" data-testid="diagnosis-hint">
            <strong>What to do:</strong> {diagnosis.hint}
          </p>
        )}
      </div>
    </div>
  );
}
