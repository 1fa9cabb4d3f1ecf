import { Link } from 'react-router-dom';
import { LoadMore } from '../components/load-more';
import { PageShell, type PageState } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { SettingsTabs } from '../components/settings-tabs';
import { CollectNowPanel } from '../components/collections/collect-now-panel';
import { ScheduleLine } from '../components/collections/schedule-line';
import { CollectionTable } from '../components/collections/collection-table';
import { useCollectionStatus } from '../hooks/collection-status-context';
import { useCollectionPages } from '../hooks/use-collection-pages';

/** Settings > Collections: run a collection (with progress and cancel) and the history of every run. */
export function CollectionsPage() {
  const status = useCollectionStatus();
  const { state: history, loadMore, retry, refresh } = useCollectionPages();
  const onFinished = () => {
    void refresh();
    void status.refresh();
  };
  const state: PageState = history.status === 'ready' ? (history.items.length > 0 ? 'ready' : 'empty') : history.status;
  const currentId = status.status === 'ready' ? (status.data.current?.id ?? null) : null;

  return (
    <PageShell
      id="collections"
      title="Collections"
      description="Every poll of your sources, kept as a snapshot. Only a collection that read every source completely becomes current."
      state={state}
    >
      <SettingsTabs />
      <div className="stack">
        <CollectNowPanel origin={status.status === 'ready' ? status.data.sourcesOrigin : null} onFinished={onFinished} />
        {status.status === 'ready' ? (
          <p className="muted">
            <ScheduleLine report={status.data} />
          </p>
        ) : null}
        {history.status === 'loading' ? <LoadingState label="Loading collection history…" /> : null}
        {history.status === 'error' ? <ErrorState title="Could not load the collection history" error={history.error} onRetry={retry} /> : null}
        {history.status === 'ready' ? (
          <Panel title="History" testId="collection-history" aside={<span className="muted">{history.items.length} shown, newest first</span>}>
            {history.items.length === 0 ? (
              <EmptyState title="No collections yet">
                <p>
                  Press <strong>Collect now</strong> to read your sources, or add them first in{' '}
                  <Link to="/settings/connections">Connections</Link>.
                </p>
              </EmptyState>
            ) : (
              <CollectionTable collections={history.items} currentId={currentId} />
            )}
            <LoadMore what="collections" hasMore={history.hasMore} loading={history.loadingMore} error={history.moreError} onLoad={loadMore} testId="collections-more" />
          </Panel>
        ) : null}
      </div>
    </PageShell>
  );
}
