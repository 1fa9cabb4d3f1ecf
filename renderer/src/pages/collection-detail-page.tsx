import { Link, useParams } from 'react-router-dom';
import { PageShell } from '../components/page-shell';
import { ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { SettingsTabs } from '../components/settings-tabs';
import { StatusBadge } from '../components/status-badge';
import { CollectionStats } from '../components/collections/collection-stats';
import { SourceRunsTable } from '../components/collections/source-runs-table';
import { QuarantineTable } from '../components/collections/quarantine-table';
import { useApiQuery } from '../hooks/use-api-query';
import { useCollectionStatus } from '../hooks/collection-status-context';
import { collectionProblem } from '../collection/collection-format';
import { formatTimestamp } from '../format';
import { ApiCallError } from '../api/ledger-client';
import '../components/collections/collections.css';

/** One collection in full: when, how it ended, its content hash, and each source's read. */
export function CollectionDetailPage() {
  const { id: raw } = useParams();
  const id = /^\d+$/.test(raw ?? '') ? Number(raw) : null;
  const query = useApiQuery(
    (api) => (id === null ? Promise.reject(new ApiCallError('NOT_FOUND', `"${raw ?? ''}" is not a collection number.`)) : api.getCollection({ id })),
    [id],
  );
  // What was refused, with reasons: asked for only once the collection says it quarantined something.
  const quarantined = query.status === 'ready' ? query.data.sources.reduce((n, s) => n + s.quarantined, 0) : 0;
  const quarantine = useApiQuery(
    (api) => (id !== null && quarantined > 0 ? api.listQuarantine({ collectionId: id, limit: 200 }) : Promise.resolve(null)),
    [id, quarantined],
  );
  const status = useCollectionStatus();
  const currentId = status.status === 'ready' ? (status.data.current?.id ?? null) : null;
  const c = query.status === 'ready' ? query.data : null;

  return (
    <PageShell
      id="collection"
      title={id === null ? 'Collection' : `Collection ${id}`}
      description="What this collection read from each source, and how it ended."
      state={query.status === 'ready' ? 'ready' : query.status}
    >
      <SettingsTabs />
      <Link className="back-link" to="/settings/collections">
        ← All collections
      </Link>
      {query.status === 'loading' ? <LoadingState label="Loading the collection…" /> : null}
      {query.status === 'error' ? <ErrorState title="Could not load this collection" error={query.error} onRetry={query.retry} /> : null}
      {c ? (
        <div className="stack">
          <Panel title="Summary" testId="collection-summary">
            <div className="stack">
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={c.status} testId="collection-status" />{' '}
                  {c.id === currentId ? <span className="current-tag">current snapshot</span> : null}
                </dd>
                <dt>Trigger</dt>
                <dd>{c.trigger}</dd>
                <dt>Started</dt>
                <dd>
                  <time dateTime={c.startedAt}>{formatTimestamp(c.startedAt)}</time>
                </dd>
                <dt>Finished</dt>
                <dd>{c.finishedAt ? <time dateTime={c.finishedAt}>{formatTimestamp(c.finishedAt)}</time> : 'not yet'}</dd>
                <dt>Content hash</dt>
                <dd>{c.contentHash ? <code data-testid="collection-hash">{c.contentHash}</code> : 'none (nothing was stored)'}</dd>
                {c.status !== 'complete' && c.status !== 'running' ? (
                  <>
                    <dt>Problem</dt>
                    <dd className="outcome__error" data-testid="collection-problem">
                      {collectionProblem(c)}
                    </dd>
                  </>
                ) : null}
              </dl>
              <CollectionStats collection={c} />
            </div>
          </Panel>
          <Panel title="Sources" testId="collection-sources" aside={<span className="muted">{c.sources.length} read</span>}>
            {c.sources.length > 0 ? <SourceRunsTable sources={c.sources} /> : <p className="muted">No source was read.</p>}
          </Panel>
          {quarantined > 0 ? (
            <Panel title="Quarantined records" testId="collection-quarantine" aside={<span className="muted">{quarantined} refused</span>}>
              {quarantine.status === 'loading' ? <LoadingState label="Loading what was quarantined…" /> : null}
              {quarantine.status === 'error' ? <ErrorState title="Could not load the quarantined records" error={quarantine.error} onRetry={quarantine.retry} /> : null}
              {quarantine.status === 'ready' && quarantine.data ? <QuarantineTable page={quarantine.data} /> : null}
            </Panel>
          ) : null}
        </div>
      ) : null}
    </PageShell>
  );
}
