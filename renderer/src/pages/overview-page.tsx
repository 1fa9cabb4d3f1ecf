import type { ReactNode } from 'react';
import { PageShell } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { NoCollectionsHint } from '../components/no-collections-hint';
import { Panel } from '../components/panel';
import { useApiQuery, type QueryResult } from '../hooks/use-api-query';
import { formatTimestamp } from '../format';
import type { AppInfo } from '../../../shared/domain/app';
import { useCollectionStatus } from '../hooks/collection-status-context';
import { LastCollectionPanel } from '../components/collections/last-collection-panel';
import type { PageState } from '../components/page-shell';
import { useResolvedAsOf } from '../hooks/as-of-resolution';
import { asOfArgs } from '../hooks/as-of';
import { ResolutionText } from '../components/as-of-control';
import { HeadlineNumbers } from '../components/overview/headline-numbers';
import { AccessOverTime } from '../components/overview/access-over-time';
import { FindingsOverTime } from '../components/overview/findings-over-time';
import { RevocationLatency } from '../components/overview/revocation-latency';
import '../components/overview/overview.css';

const TRANSPORT_LABEL: Record<AppInfo['transport'], string> = {
  ipc: 'Desktop app',
  http: 'Browser, through access-ledger serve (127.0.0.1 only)',
  direct: 'Command line',
};

/**
 * Overview: how fresh the data is (the last collection), the headline numbers at the as-of
 * time, access and findings over time, revocation latencies against the deadline, and the
 * state of this installation. Each section loads, fails and retries on its own.
 */
export function OverviewPage() {
  const info = useApiQuery((api) => api.appInfo({}), []);
  const collections = useCollectionStatus();
  const { at, times, resolution } = useResolvedAsOf();
  const latest = collections.status === 'ready' ? collections.data.latest : null;
  const currentId = collections.status === 'ready' ? (collections.data.current?.id ?? null) : null;

  // Ask for answers at T only once we know a collection answers for it: before the first one
  // (or for text that is not a time) the page says so instead of showing the API's refusal.
  const gate: 'wait' | 'ask' | 'skip' = times.status === 'error' ? 'skip' : resolution === null ? 'wait' : resolution.kind === 'resolved' ? 'ask' : 'skip';
  const metrics = useApiQuery((api) => api.orgMetrics({}), [currentId]);
  const idp = useApiQuery((api) => (gate === 'ask' ? api.idpVsPrefect(asOfArgs(at)) : Promise.resolve(null)), [at, gate, currentId]);
  const latency = useApiQuery((api) => (gate === 'ask' ? api.revocationLatencies(asOfArgs(at)) : Promise.resolve(null)), [at, gate, currentId]);

  const analysis: QueryResult<unknown>[] = gate === 'ask' ? [times, metrics, idp, latency] : [times, metrics];
  const state: PageState =
    info.status !== 'ready'
      ? info.status
      : collections.status !== 'ready'
        ? collections.status
        : !latest
          ? 'empty'
          : analysis.some((q) => q.status === 'error')
            ? 'error'
            : gate === 'wait' || analysis.some((q) => q.status === 'loading')
              ? 'loading'
              : 'ready';

  const noAnswer = resolution && resolution.kind !== 'resolved' ? resolution : null;
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
            <>
              <LastCollectionPanel report={collections.data} />
              {times.status === 'error' ? <ErrorState title="Could not read the complete collections" error={times.error} onRetry={times.retry} /> : null}
              {noAnswer ? (
                <p className="overview-notice" role="status" data-testid="overview-no-answer" data-kind={noAnswer.kind}>
                  <ResolutionText resolution={noAnswer} /> The numbers at the as-of time need a complete collection; the history below shows what there is.
                </p>
              ) : null}
              {gate !== 'skip' ? (
                <Section query={idp} waiting={gate === 'wait'} what="the numbers at the as-of time">
                  {(answer) =>
                    answer ? (
                      <HeadlineNumbers
                        at={at}
                        idp={answer}
                        findings={metrics.status === 'ready' ? (metrics.data.find((p) => p.collectionId === answer.collectionId) ?? null) : null}
                      />
                    ) : null
                  }
                </Section>
              ) : null}
              <Section query={metrics} what="the history of the collections">
                {(points) => (
                  <div className="overview-grid">
                    <AccessOverTime points={points} resolution={resolution} />
                    <FindingsOverTime points={points} resolution={resolution} />
                  </div>
                )}
              </Section>
              {gate !== 'skip' ? (
                <Section query={latency} waiting={gate === 'wait'} what="the revocation latencies">
                  {(report) => (report ? <RevocationLatency report={report} /> : null)}
                </Section>
              ) : null}
            </>
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

/** One part of the page with its own loading and error (with retry) states. */
function Section<T>({ query, waiting = false, what, children }: { query: QueryResult<T>; waiting?: boolean; what: string; children: (data: T) => ReactNode }) {
  if (waiting || query.status === 'loading') return <LoadingState label={`Reading ${what}…`} />;
  if (query.status === 'error') return <ErrorState title={`Could not read ${what}`} error={query.error} onRetry={query.retry} />;
  return <>{children(query.data)}</>;
}
