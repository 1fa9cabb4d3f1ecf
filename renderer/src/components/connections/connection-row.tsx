import { useState } from 'react';
import type { CredentialStatus, Diagnosis } from '../../../../shared/domain/collection';
import type { SourceConfig } from '../../../../shared/domain/source-config';
import { useLedgerClient } from '../../api/client-context';
import type { ApiCallError } from '../../api/ledger-client';
import { asApiCallError } from '../../hooks/use-api-query';
import { connectionEndpoint, credentialNames } from '../../collection/collection-format';
import { KIND_LABELS } from '../../collection/connection-fields';
import { ErrorState, LoadingState } from '../status-views';
import { ToneBadge } from '../tone-badge';
import { DiagnosisCard } from './diagnosis-card';
import '../button-variants.css';
import './connections.css';

type TestState = { status: 'idle' } | { status: 'testing' } | { status: 'done'; diagnosis: Diagnosis } | { status: 'error'; error: ApiCallError };

export interface ConnectionRowProps {
  connection: SourceConfig;
  credentials: readonly CredentialStatus[];
  readOnly: boolean;
  columns: number;
  onEdit: (connection: SourceConfig) => void;
  onDeleted: (id: string) => void;
}

/**
 * One connection: where it reads, which credentials it needs and whether each is there, a
 * test whose diagnosis opens right under the row, and a delete that asks first.
 */
export function ConnectionRow({ connection, credentials, readOnly, columns, onEdit, onDeleted }: ConnectionRowProps) {
  const api = useLedgerClient();
  const [test, setTest] = useState<TestState>({ status: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiCallError | null>(null);
  const id = connection.id;

  async function runTest() {
    setTest({ status: 'testing' });
    try {
      setTest({ status: 'done', diagnosis: await api.testConnection({ id }) });
    } catch (error) {
      setTest({ status: 'error', error: asApiCallError(error) });
    }
  }

  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await api.deleteConnection({ id });
      onDeleted(id);
    } catch (error) {
      setDeleteError(asApiCallError(error));
      setDeleting(false);
    }
  }

  const names = credentialNames(connection);
  const hasDetail = test.status !== 'idle' || confirming || deleteError !== null;
  return (
    <>
      <tr data-testid="connection-row" data-id={id} data-kind={connection.kind}>
        <td>
          <span className="mono">{id}</span>
          {connection.label ? <div className="muted">{connection.label}</div> : null}
        </td>
        <td className="nowrap">{KIND_LABELS[connection.kind]}</td>
        <td className="mono endpoint">
          {connectionEndpoint(connection)}
        </td>
        <td>
          {names.length === 0 ? (
            <span className="muted">none needed</span>
          ) : (
            <ul className="cred-list">
              {names.map((name) => {
                const status = credentials.find((c) => c.name === name);
                return (
                  <li key={name} data-testid="connection-credential" data-name={name} data-present={String(status?.present ?? false)}>
                    <code title={status?.where}>{name}</code>
                    <ToneBadge tone={status?.present ? 'ok' : 'warn'}>{status?.present ? 'present' : 'missing'}</ToneBadge>
                  </li>
                );
              })}
            </ul>
          )}
        </td>
        <td className="actions">
          <div className="row-actions">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void runTest()}
              disabled={test.status === 'testing'}
              aria-label={`Test connection ${id}`}
              data-testid="connection-test"
            >
              {test.status === 'testing' ? 'Testing…' : 'Test connection'}
            </button>
            {readOnly ? null : (
              <>
                <button type="button" className="button button--link" onClick={() => onEdit(connection)} aria-label={`Edit ${id}`} data-testid="connection-edit">
                  Edit
                </button>
                <button
                  type="button"
                  className="button button--link"
                  onClick={() => setConfirming(true)}
                  disabled={confirming}
                  aria-label={`Delete ${id}`}
                  data-testid="connection-delete"
                >
                  Delete
                </button>
              </>
            )}
          </div>
        </td>
      </tr>
      {hasDetail ? (
        <tr className="row-detail" data-testid="connection-detail" data-id={id}>
          <td colSpan={columns}>
            <div className="stack">
              {confirming ? (
                <div className="confirm" role="group" aria-label={`Confirm deleting ${id}`} data-testid="connection-confirm">
                  <span className="confirm__text">
                    Delete the connection <code>{id}</code>? Its past collections stay; future collections will not read it.
                  </span>
                  <button type="button" className="button button--danger button--small" onClick={() => void remove()} disabled={deleting} autoFocus data-testid="connection-confirm-delete">
                    {deleting ? 'Deleting…' : `Delete ${id}`}
                  </button>
                  <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(false)} disabled={deleting}>
                    Keep it
                  </button>
                </div>
              ) : null}
              {deleteError ? <ErrorState title={`Could not delete ${id}`} error={deleteError} /> : null}
              {test.status === 'testing' ? <LoadingState label={`Testing ${id}: reading its first page…`} /> : null}
              {test.status === 'done' ? <DiagnosisCard sourceId={id} diagnosis={test.diagnosis} /> : null}
              {test.status === 'error' ? <ErrorState title={`Could not test ${id}`} error={test.error} onRetry={() => void runTest()} /> : null}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
