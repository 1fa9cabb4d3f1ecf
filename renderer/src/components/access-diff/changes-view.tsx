import { useEffect } from 'react';
import type { PageState } from '../page-shell';
import { EmptyState, ErrorState, LoadingState } from '../status-views';
import { Panel } from '../panel';
import { AnswerSource } from '../analysis/answer-source';
import { NoCollectionsHint } from '../no-collections-hint';
import { NoAnswerState } from '../analysis/no-answer-state';
import { useResolvedAsOf } from '../../hooks/as-of-resolution';
import { DiffRangeForm } from './diff-range-form';
import { ChangeKindChart } from './change-kind-chart';
import { ChangeGroups } from './change-groups';
import { useApiQuery } from '../../hooks/use-api-query';
import { CHANGE_KINDS, CHANGE_LABELS, defaultRange, filterGroups, isChangeKind } from '../../access-diff/diff-view';

type SetParams = (changes: Record<string, string | null>, options?: { replace?: boolean }) => void;

/**
 * What changed between two times: both ends' collections and windows, the counts by kind, and
 * every change by person or by workspace with the grants behind the role at each end.
 * URL: ?from=&to= (the ends), grants=1 (show provenance-only changes), users=1 (people only),
 * by=workspace, kind=<change kind>.
 */
export function ChangesView({ at, params, setParams, onState }: { at: string | null; params: URLSearchParams; setParams: SetParams; onState: (s: PageState) => void }) {
  // The collection list the header's as-of control already holds (reloaded when a new one completes).
  const { times: points, resolution } = useResolvedAsOf();
  const fallback = points.status === 'ready' ? defaultRange(points.data, at) : null;
  const from = params.get('from') ?? fallback?.from ?? null;
  const to = params.get('to') ?? fallback?.to ?? null;
  const includeGrantChanges = params.get('grants') === '1';
  const usersOnly = params.get('users') === '1';
  const by = params.get('by') === 'workspace' ? 'workspace' : 'person';
  const rawKind = params.get('kind');
  const kind = isChangeKind(rawKind) ? rawKind : null;

  const diff = useApiQuery(
    // Only the grouping on show: each change travels once (a month at 100k people is 43k changes).
    (api) => (from && to ? api.diffAccess({ from, to, includeGrantChanges, usersOnly, groups: by }) : Promise.resolve(null)),
    [from, to, includeGrantChanges, usersOnly, by],
  );

  const state: PageState =
    points.status !== 'ready'
      ? points.status
      : points.data.length === 0 || !from || !to
        ? 'empty'
        : diff.status === 'ready' && diff.data === null
          ? 'loading'
          : diff.status;
  useEffect(() => onState(state), [state, onState]);

  if (points.status === 'loading') return <LoadingState label="Loading the collections…" />;
  if (points.status === 'error') return <ErrorState title="Could not load the collections" error={points.error} onRetry={points.retry} />;
  if (points.data.length > 0 && (!from || !to)) {
    // Collections exist, but none by the as-of time: say that, not "no collection yet".
    return resolution && resolution.kind !== 'resolved' ? <NoAnswerState resolution={resolution} testId="diff-no-answer" /> : <LoadingState label="Loading the collections…" />;
  }
  if (points.data.length === 0 || !from || !to) {
    return (
      <EmptyState title="No complete collection yet">
        <p>A diff compares two complete collections.</p>
        <NoCollectionsHint />
      </EmptyState>
    );
  }

  const data = diff.status === 'ready' ? diff.data : null;
  const groups = data ? filterGroups(by === 'workspace' ? data.byWorkspace : data.byPerson, kind) : [];
  const shownCount = groups.reduce((n, g) => n + g.changes.length, 0);

  return (
    <div className="stack">
      <Panel title="Compare">
        <DiffRangeForm
          points={points.data}
          from={from}
          to={to}
          onApply={(range) => setParams({ from: range.from, to: range.to })}
          onReset={() => setParams({ from: null, to: null })}
        />
      </Panel>
      <div className="filter-bar" role="group" aria-label="Which changes count">
        <label className="checkline">
          <input type="checkbox" checked={!includeGrantChanges} onChange={(e) => setParams({ grants: e.target.checked ? null : '1' })} data-testid="diff-hide-noise" />
          Hide noise: changes of provenance only (same role, different grants)
        </label>
        <label className="checkline">
          <input type="checkbox" checked={usersOnly} onChange={(e) => setParams({ users: e.target.checked ? '1' : null })} data-testid="diff-users-only" />
          People only (leave out service accounts)
        </label>
        <span className="muted">Last-login changes never count as access changes.</span>
      </div>

      {diff.status === 'loading' || (diff.status === 'ready' && diff.data === null) ? <LoadingState label="Comparing…" /> : null}
      {diff.status === 'error' ? <ErrorState title="Could not compare these times" error={diff.error} onRetry={diff.retry} /> : null}
      {data ? (
        <>
          <div className="stack" data-testid="diff-ends">
            <AnswerSource asOf={data.from} label="From:" testId="diff-from-source" showWindow={false} />
            <AnswerSource asOf={data.to} label="To:" testId="diff-to-source" showWindow={false} />
          </div>
          {data.from.collectionId === data.to.collectionId ? (
            <p className="caveat" role="status" data-testid="diff-same-collection">
              Both times are answered by collection {data.from.collectionId}, so nothing can differ. Pick an earlier From or a later To.
            </p>
          ) : null}
          <Panel title="Counts" aside={<span className="muted" data-testid="diff-total">{totalOf(data.counts)} changes</span>}>
            <ChangeKindChart counts={data.counts} />
          </Panel>
          <Panel
            title="Changes"
            testId="diff-changes"
            aside={
              <span className="muted" data-testid="diff-shown" data-shown={shownCount}>
                {shownCount} shown
              </span>
            }
          >
            <div className="stack">
              <div className="view-toolbar">
                <div className="segmented-toggle" role="group" aria-label="Group changes">
                  <button type="button" aria-pressed={by === 'person'} onClick={() => setParams({ by: null })} data-testid="diff-by-person">
                    By person
                  </button>
                  <button type="button" aria-pressed={by === 'workspace'} onClick={() => setParams({ by: 'workspace' })} data-testid="diff-by-workspace">
                    By workspace
                  </button>
                </div>
                <div className="field">
                  <label htmlFor="diff-kind">Change kind</label>
                  <select id="diff-kind" value={kind ?? ''} onChange={(e) => setParams({ kind: e.target.value })} data-testid="diff-kind">
                    <option value="">Every kind</option>
                    {CHANGE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {CHANGE_LABELS[k]} ({data.counts[k]})
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              {groups.length > 0 ? (
                <ChangeGroups key={`${by}:${kind ?? ''}`} groups={groups} at={at} />
              ) : (
                <EmptyState title={totalOf(data.counts) === 0 ? 'No access changed between these times' : 'No change of this kind'} testId="diff-no-changes">
                  {totalOf(data.counts) === 0 && !includeGrantChanges ? <p>Changes of provenance only are hidden; untick “Hide noise” to see them.</p> : null}
                </EmptyState>
              )}
            </div>
          </Panel>
        </>
      ) : null}
    </div>
  );
}

/** Every change, of every kind (the answer holds one grouping of them, not the flat list). */
function totalOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, c) => n + c, 0);
}
