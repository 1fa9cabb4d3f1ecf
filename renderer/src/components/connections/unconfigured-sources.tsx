import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { UnconfiguredSource } from '../../../../shared/domain/collection';
import { useLedgerClient } from '../../api/client-context';
import { ApiCallError } from '../../api/ledger-client';
import { asApiCallError } from '../../hooks/use-api-query';
import '../button-variants.css';
import './connections.css';

/**
 * Sources the newest complete collection read that are no longer configured. Until each is
 * configured again or retired, every collection is degraded: as the current snapshot it would
 * show everything that source holds as removed. Retiring is the on-the-record way to say the
 * source is gone for good (it works for config-file sources too, which the app cannot edit).
 */
export function UnconfiguredSources({ sources, onRetired }: { sources: readonly UnconfiguredSource[]; onRetired: (sourceId: string) => void }) {
  return (
    <div className="stack" data-testid="unconfigured-sources">
      <p>
        The newest complete collection read {sources.length === 1 ? 'this source' : 'these sources'}, but {sources.length === 1 ? 'it is' : 'they are'} not configured now.
        Until then every collection is <strong>degraded</strong> and does not become the current snapshot, because it cannot say what{' '}
        {sources.length === 1 ? 'that source holds' : 'those sources hold'}. If a source was dropped by mistake, configure it again. If it is gone for good,
        retire it: its history stays, the retirement goes on the ledger, and reading it again later brings it back.
      </p>
      <ul className="unconfigured-list">
        {sources.map((s) => (
          <RetireSourceForm key={s.sourceId} source={s} onRetired={onRetired} />
        ))}
      </ul>
    </div>
  );
}

function RetireSourceForm({ source, onRetired }: { source: UnconfiguredSource; onRetired: (sourceId: string) => void }) {
  const api = useLedgerClient();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    // Taking a source out of service goes on the ledger: an auditor will ask why.
    if (!trimmed) {
      setError(new ApiCallError('INVALID_ARGUMENT', 'Say why the source is retired (it goes on the ledger).'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await api.retireSource({ sourceId: source.sourceId, reason: trimmed });
      onRetired(source.sourceId);
    } catch (e) {
      setError(asApiCallError(e));
      setSaving(false);
    }
  }

  return (
    <li data-testid="unconfigured-source" data-source={source.sourceId}>
      <form className="retire-form" onSubmit={submit} noValidate>
        <span className="retire-form__what">
          <code>{source.sourceId}</code>{' '}
          <span className="muted">
            last read by <Link to={`/settings/collections/${source.lastReadIn}`}>collection {source.lastReadIn}</Link>
          </span>
        </span>
        <div className="field">
          <label htmlFor={`${ids}-reason`}>Reason (required, recorded on the ledger)</label>
          <input
            id={`${ids}-reason`}
            type="text"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. moved to Entra ID"
            aria-describedby={error ? `${ids}-error` : undefined}
            aria-invalid={error ? true : undefined}
            data-testid="retire-reason"
          />
          {error ? (
            <p id={`${ids}-error`} className="field__error" role="alert">
              {error.message}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--small" disabled={saving} data-testid="retire-source">
          {saving ? 'Retiring…' : `Retire ${source.sourceId}`}
        </button>
      </form>
    </li>
  );
}
