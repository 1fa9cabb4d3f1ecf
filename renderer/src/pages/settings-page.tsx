import { useState } from 'react';
import type { SettingValue, SettingsMap } from '../../../shared/domain/app';
import { PageShell } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { SettingsTabs } from '../components/settings-tabs';
import { SettingsTable } from '../components/settings-table';
import { SettingForm, type SettingDraft } from '../components/setting-form';
import { useApiQuery } from '../hooks/use-api-query';

/** Settings > General: stored key/value settings (each change goes on the ledger). Connections and collections are sibling sections. */
export function SettingsPage() {
  const query = useApiQuery((api) => api.getSettings({}), []);
  // After a save the returned map is shown; it belongs to the load it followed, so a reload
  // (retry) shows fresh data again.
  const [saved, setSaved] = useState<{ after: SettingsMap; map: SettingsMap } | null>(null);
  const [draft, setDraft] = useState<{ n: number; initial: SettingDraft | null }>({ n: 0, initial: null });
  const loaded = query.status === 'ready' ? query.data : null;
  const settings = saved && saved.after === loaded ? saved.map : loaded;

  const state = query.status !== 'ready' ? query.status : settings && Object.keys(settings).length > 0 ? 'ready' : 'empty';
  const edit = (key: string, value: SettingValue) => setDraft((d) => ({ n: d.n + 1, initial: { key, value } }));

  return (
    <PageShell id="settings" title="Settings" description="How Access Ledger collects and judges access. Every change is recorded on the ledger." state={state}>
      <SettingsTabs />
      {query.status === 'loading' ? <LoadingState label="Loading settings…" /> : null}
      {query.status === 'error' ? <ErrorState error={query.error} onRetry={query.retry} /> : null}
      {query.status === 'ready' ? (
        <div className="stack">
          <Panel title="Stored settings" testId="settings-stored">
            {settings && Object.keys(settings).length > 0 ? (
              <SettingsTable settings={settings} onEdit={edit} />
            ) : (
              <EmptyState title="No settings stored yet">
                <p>Access Ledger is running on its defaults. Settings you save below are listed here.</p>
              </EmptyState>
            )}
          </Panel>
          <Panel title={draft.initial ? `Change ${draft.initial.key}` : 'Add or change a setting'} testId="settings-edit">
            <SettingForm key={draft.n} initial={draft.initial} onSaved={(map) => loaded && setSaved({ after: loaded, map })} />
          </Panel>
        </div>
      ) : null}
    </PageShell>
  );
}
