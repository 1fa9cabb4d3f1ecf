import { PageShell, type PageState } from '../components/page-shell';
import { LoadMore } from '../components/load-more';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { ChainStatus } from '../components/chain-status';
import { LedgerTable } from '../components/ledger-table';
import { Panel } from '../components/panel';
import { useApiQuery } from '../hooks/use-api-query';
import { useLedgerPages } from '../hooks/use-ledger-pages';

/** The append-only, hash-chained record of every change made through Access Ledger. */
export function LedgerPage() {
  const verification = useApiQuery((api) => api.verifyLedger({}), []);
  const { state: list, loadMore, reload } = useLedgerPages();
  const refresh = () => {
    verification.retry();
    reload();
  };

  const state: PageState =
    list.status === 'error' || verification.status === 'error'
      ? 'error'
      : list.status === 'loading' || verification.status === 'loading'
        ? 'loading'
        : list.total === 0
          ? 'empty'
          : 'ready';

  return (
    <PageShell
      id="ledger"
      title="Ledger"
      description="Every change made through Access Ledger, in order. Each entry's hash covers the one before it, so an edit anywhere breaks the chain."
      state={state}
      actions={
        <button type="button" className="button button--secondary" onClick={refresh} disabled={state === 'loading'}>
          Refresh
        </button>
      }
    >
      <div className="stack">
        <Panel title="Integrity" testId="ledger-integrity">
          {verification.status === 'loading' ? <LoadingState label="Verifying the hash chain…" /> : null}
          {verification.status === 'error' ? (
            <ErrorState title="Could not verify the ledger" error={verification.error} onRetry={verification.retry} />
          ) : null}
          {verification.status === 'ready' ? <ChainStatus result={verification.data} /> : null}
        </Panel>

        {list.status === 'loading' ? <LoadingState label="Loading ledger entries…" /> : null}
        {list.status === 'error' ? <ErrorState title="Could not load the ledger" error={list.error} onRetry={reload} /> : null}
        {list.status === 'ready' && list.total === 0 ? (
          <EmptyState title="No ledger entries yet">
            <p>
              Changes to settings, collections, links between identities and remediations are recorded here as they happen.
            </p>
          </EmptyState>
        ) : null}
        {list.status === 'ready' && list.total > 0 ? (
          <Panel title="Entries" aside={<span className="muted" data-testid="ledger-count">Showing {list.entries.length} of {list.total}</span>}>
            <LedgerTable entries={list.entries} />
            <LoadMore what="entries" hasMore={list.nextBeforeSeq !== null} loading={list.loadingMore} error={list.moreError} onLoad={loadMore} testId="ledger-more" />
          </Panel>
        ) : null}
      </div>
    </PageShell>
  );
}
