import { useState } from 'react';
import { PageShell } from '../components/page-shell';
import { ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { SettingsTabs } from '../components/settings-tabs';
import { PolicySummary } from '../components/policy/policy-summary';
import { PolicyHistory } from '../components/policy/policy-history';
import { PolicyForm } from '../components/policy/policy-form';
import { PolicyOriginNotice } from '../components/policy/policy-origin-notice';
import { useRefreshableQuery } from '../hooks/use-refreshable-query';
import { savedMessage } from '../policy/saved-message';
import '../components/connections/connections.css';

/**
 * Settings > Policy: the access policy the findings are judged against. Shows the version in
 * force and every earlier one; edits save the next version (with a note, on the ledger) and
 * re-judge the current snapshot. Read-only while a config file owns the policy.
 */
export function PolicyPage() {
  const query = useRefreshableQuery(async (api) => {
    const [current, versions] = await Promise.all([api.getPolicy({}), api.listPolicyVersions({})]);
    return { current, versions };
  }, []);
  // The form remounts (n changes) after a save or a reload, starting from the version in force.
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const data = query.status === 'ready' ? query.data : null;

  const reload = async () => {
    await query.refresh();
    setFormKey((n) => n + 1);
  };

  return (
    <PageShell
      id="policy"
      title="Policy"
      description="The rules findings are judged against: the directory mapping, deadlines and thresholds, break-glass accounts and duties kept apart. Every change is a new version on the ledger; each finding records the version it was judged under."
      state={query.status === 'ready' ? 'ready' : query.status}
    >
      <SettingsTabs />
      {query.status === 'loading' ? <LoadingState label="Loading the policy…" /> : null}
      {query.status === 'error' ? <ErrorState error={query.error} onRetry={query.retry} /> : null}
      {data ? (
        <div className="stack">
          {data.current.origin.kind === 'config-file' ? <PolicyOriginNotice path={data.current.origin.path} /> : null}
          {notice ? (
            <p className="saved-notice" role="status" data-testid="policy-saved">
              {notice}
            </p>
          ) : null}
          <Panel title="Policy in force" testId="policy-in-force" aside={<span className="muted">version {data.current.version}</span>}>
            <PolicySummary current={data.current} />
          </Panel>
          {data.current.origin.kind === 'settings' ? (
            <Panel title="Change the policy" testId="policy-editor">
              <PolicyForm
                key={`${data.current.version}-${formKey}`}
                current={data.current}
                onSaved={(result) => {
                  setNotice(savedMessage(result));
                  void reload();
                }}
                onReload={() => {
                  setNotice(null);
                  void reload();
                }}
              />
            </Panel>
          ) : null}
          <Panel title="Version history" testId="policy-versions" aside={<span className="muted">{data.versions.length} saved</span>}>
            {data.versions.length === 0 ? (
              <p className="muted" data-testid="policy-history-empty">
                No version saved yet: the built-in default policy (version 0) is in force.
              </p>
            ) : (
              <PolicyHistory versions={data.versions} inForce={data.current.version} />
            )}
          </Panel>
        </div>
      ) : null}
    </PageShell>
  );
}
