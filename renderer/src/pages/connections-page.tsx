import { useEffect, useRef, useState } from 'react';
import type { SourceConfig } from '../../../shared/domain/source-config';
import { PageShell, type PageState } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { SettingsTabs } from '../components/settings-tabs';
import { ConnectionTable } from '../components/connections/connection-table';
import { ConnectionForm } from '../components/connections/connection-form';
import { CredentialsTable } from '../components/connections/credentials-table';
import { ReadOnlyNotice } from '../components/connections/read-only-notice';
import { UnconfiguredSources } from '../components/connections/unconfigured-sources';
import { useRefreshableQuery } from '../hooks/use-refreshable-query';
import '../components/connections/connections.css';

/**
 * Settings > Connections: the sources a collection reads, their credentials, a test that
 * diagnoses each, (for connections saved in the app) add, edit and delete, and sources read
 * before but no longer configured, to retire.
 */
export function ConnectionsPage() {
  const query = useRefreshableQuery((api) => api.listConnections({}), []);
  // The form remounts (n changes) for each new add or edit, so it starts from what was picked.
  const [form, setForm] = useState<{ n: number; editing: SourceConfig | null }>({ n: 0, editing: null });
  const [notice, setNotice] = useState<string | null>(null);
  const [focusNotice, setFocusNotice] = useState(false);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // Focus moves once the notice is on screen (after the commit that renders it).
  useEffect(() => {
    if (!focusNotice || !noticeRef.current) return;
    noticeRef.current.focus();
    setFocusNotice(false);
  }, [focusNotice, notice]);

  const data = query.status === 'ready' ? query.data : null;
  const state: PageState = data ? (data.connections.length > 0 ? 'ready' : 'empty') : query.status === 'ready' ? 'ready' : query.status;
  const resetForm = (editing: SourceConfig | null) => setForm((f) => ({ n: f.n + 1, editing }));

  const edit = (connection: SourceConfig) => {
    setNotice(null);
    resetForm(connection);
    // Bring the form into view and put the cursor in its first editable field.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="connection-form"] input:not([readonly])')?.focus());
  };

  return (
    <PageShell
      id="connections"
      title="Connections"
      description="The systems Access Ledger reads: identity providers, directories, the HR roster and Prefect Cloud. Credentials are named here, never stored in the database."
      state={state}
    >
      <SettingsTabs />
      {query.status === 'loading' ? <LoadingState label="Loading connections…" /> : null}
      {query.status === 'error' ? <ErrorState error={query.error} onRetry={query.retry} /> : null}
      {data ? (
        <div className="stack">
          {data.readOnly ? <ReadOnlyNotice origin={data.origin} /> : null}
          {notice ? (
            <p className="saved-notice" role="status" data-testid="connections-notice" tabIndex={-1} ref={noticeRef}>
              {notice}
            </p>
          ) : null}
          {data.unconfigured.length > 0 ? (
            <Panel title="Sources no longer configured" testId="unconfigured-panel" aside={<span className="muted">{data.unconfigured.length} to decide</span>}>
              <UnconfiguredSources
                sources={data.unconfigured}
                onRetired={(id) => {
                  // The notice waits for the re-read list, so it never sits beside the source it says is retired;
                  // the form that had focus is gone with it, so the keyboard user's place moves to the notice.
                  void query.refresh().then(() => {
                    setNotice(`Retired ${id}. The retirement is recorded on the ledger; collections without it can be complete again.`);
                    setFocusNotice(true);
                  });
                }}
              />
            </Panel>
          ) : null}
          <Panel title="Connections" testId="connections-list" aside={<span className="muted">{data.connections.length} configured</span>}>
            {data.connections.length === 0 ? (
              <EmptyState title="No connections yet">
                <p>Add one below, or start the server with a config file (<code>access-ledger serve --config FILE</code>).</p>
                <p>
                  To try Access Ledger with realistic data, run <code>access-ledger simulate</code> or <code>access-ledger demo</code>.
                </p>
              </EmptyState>
            ) : (
              <ConnectionTable
                connections={data.connections}
                credentials={data.credentials}
                readOnly={data.readOnly}
                onEdit={edit}
                onDeleted={(id) => {
                  setNotice(`Deleted ${id}. The change is recorded on the ledger.`);
                  // The row and its buttons are gone: keep the keyboard user's place on the notice.
                  setFocusNotice(true);
                  if (form.editing?.id === id) resetForm(null);
                  void query.refresh();
                }}
              />
            )}
          </Panel>
          {data.credentials.length > 0 ? (
            <Panel title="Credentials" testId="credentials">
              <CredentialsTable credentials={data.credentials} canStore={data.canStoreCredentials} onStored={() => void query.refresh()} />
            </Panel>
          ) : null}
          {data.readOnly ? null : (
            <Panel title={form.editing ? `Edit connection ${form.editing.id}` : 'Add a connection'} testId="connection-editor">
              <ConnectionForm
                key={form.n}
                initial={form.editing}
                existingIds={data.connections.map((c) => c.id)}
                onCancel={() => resetForm(null)}
                onSaved={(saved, added) => {
                  setNotice(`${added ? 'Added' : 'Saved'} ${saved.id}. The change is recorded on the ledger; use "Test connection" to check it.`);
                  resetForm(null);
                  void query.refresh();
                }}
              />
            </Panel>
          )}
        </div>
      ) : null}
    </PageShell>
  );
}
