import { PageShell } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { NoCollectionsHint } from '../components/no-collections-hint';
import { Panel } from '../components/panel';
import { useApiQuery } from '../hooks/use-api-query';
import { formatTimestamp } from '../format';
import type { AppInfo } from '../../../shared/domain/app';
import { useCollectionStatus } from '../hooks/collection-status-context';
import { LastCollectionPanel } from '../components/collections/last-collection-panel';
import type { PageState } from '../components/page-shell';

const TRANSPORT_LABEL: Record<AppInfo['transport'], string> = {
  ipc: 'Desktop app',
  http: 'Browser, through access-ledger serve (127.0.0.1 only)',
  direct: 'Command line',
};

/** Overview: how fresh the data is (the last collection) and the state of this installation; charts come later. */
export function OverviewPage() {
  const info = useApiQuery((api) => api.appInfo({}), []);
  const collections = useCollectionStatus();
  const latest = collections.status === 'ready' ? collections.data.latest : null;
  const state: PageState =
    info.status !== 'ready' ? info.status : collections.status !== 'ready' ? collections.status : latest ? 'ready' : 'empty';
  return (
    <PageShell id="overview" title="Overview" description="Who has access to your Prefect Cloud platform, and whether it matches policy." state={state}>
      {info.status === 'loading' || (info.status === 'ready' && collections.status === 'loading') ? <LoadingState /> : null}
      {info.status === 'error' ? <ErrorState error={info.error} onRetry={info.retry} /> : null}
      {collections.status === 'error' ? (
        <ErrorState title="Could not read the collection status" error={collections.error} onRetry={collections.retry} />
      ) : null}
      {info.status === 'ready' && collections.status === 'ready' ? (
        <div className="stack">
          {collections.data.latest ? (
            <LastCollectionPanel report={collections.data} />
          ) : (
            <EmptyState title="No collections yet">
              <NoCollectionsHint />
              <p>After the first collection this page shows its status, open findings by severity and access over time.</p>
            </EmptyState>
          )}
          <Panel title="This installation" testId="installation">
            <dl className="facts">
              <dt>Version</dt>
              <dd>{info.data.version}</dd>
              <dt>Database</dt>
              <dd>
                <code>{info.data.databasePath}</code>
              </dd>
              <dt>Schema version</dt>
              <dd>{info.data.schemaVersion}</dd>
              <dt>Connected through</dt>
              <dd>{TRANSPORT_LABEL[info.data.transport]}</dd>
              <dt>Server time</dt>
              <dd>
                <time dateTime={info.data.now}>{formatTimestamp(info.data.now)}</time>
              </dd>
            </dl>
          </Panel>
        </div>
      ) : null}
    </PageShell>
  );
}
