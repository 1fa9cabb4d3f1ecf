import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PeopleAnswer, SnapshotPoint } from '../../../shared/domain/analysis';
import { PageShell, type PageState } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { NoCollectionsHint } from '../components/no-collections-hint';
import { Panel } from '../components/panel';
import { AsOfAnswer } from '../components/people/as-of-answer';
import { PeopleFiltersBar } from '../components/people/people-filters';
import { PeopleTable } from '../components/people/people-table';
import { asOfArgs, useAsOf } from '../hooks/as-of';
import { useApiQuery } from '../hooks/use-api-query';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { answerableAt } from '../people/answerable';
import {
  filterPeople,
  filtersFromParams,
  hasActiveFilters,
  indexPeople,
  nextSort,
  NO_FILTERS,
  peopleParams,
  sortFromParams,
  sortPeople,
  type PeopleFilters,
  type PeopleSort,
  type SortKey,
} from '../people/people-model';

/** How long the search box waits after the last keystroke before filtering. */
export const SEARCH_DEBOUNCE_MS = 120;

type PeopleLoad = { kind: 'no-snapshot'; points: SnapshotPoint[] } | { kind: 'answer'; answer: PeopleAnswer };

/**
 * People: everyone the HR roster, the identity providers and Prefect know, linked into one
 * identity, as of the global time. Accounts no person was found for are rows too (no identity).
 */
export function PeoplePage() {
  const { at } = useAsOf();
  const query = useApiQuery<PeopleLoad>(
    async (api) => {
      const points = await api.snapshotTimes({});
      if (!answerableAt(points, at)) return { kind: 'no-snapshot', points };
      const answer = await api.listPeople(asOfArgs(at));
      // The answer is here and parsed: the People benchmark measures rendering from this mark.
      performance.mark('people:answer');
      return { kind: 'answer', answer };
    },
    [at],
  );

  const load = query.status === 'ready' ? query.data : null;
  const answer = load?.kind === 'answer' ? load.answer : null;
  const state: PageState =
    query.status === 'ready' ? (answer && answer.rows.length > 0 ? 'ready' : 'empty') : query.status;

  return (
    <PageShell
      id="people"
      title="People"
      description="Everyone known to your HR roster, identity provider and Prefect Cloud, linked into one identity, with what they could do at the chosen time."
      state={state}
      actions={
        <button type="button" className="button button--secondary" onClick={query.retry} disabled={query.status === 'loading'}>
          Refresh
        </button>
      }
    >
      {query.status === 'loading' ? <LoadingState label="Loading people…" /> : null}
      {query.status === 'error' ? <ErrorState title="Could not load people" error={query.error} onRetry={query.retry} /> : null}
      {load?.kind === 'no-snapshot' ? (
        <EmptyState title={load.points.length === 0 ? 'No collections yet' : `No complete collection had finished by ${at}`} testId="people-no-snapshot">
          {load.points.length === 0 ? <NoCollectionsHint /> : <p>The first complete collection finished at {load.points[0]!.at}. Pick a later time.</p>}
        </EmptyState>
      ) : null}
      {answer ? <PeopleAnswerView answer={answer} at={at} /> : null}
    </PageShell>
  );
}

function PeopleAnswerView({ answer, at }: { answer: PeopleAnswer; at: string | null }) {
  const [params, setParams] = useSearchParams();
  // Read the URL once: afterwards this page is the one writing it.
  const [filters, setFilters] = useState<PeopleFilters>(() => filtersFromParams(params));
  const [sort, setSort] = useState<PeopleSort>(() => sortFromParams(params));
  const [searchText, setSearchText] = useState(filters.query);
  const settledSearch = useDebouncedValue(searchText, SEARCH_DEBOUNCE_MS);
  const applied = useMemo(() => ({ ...filters, query: settledSearch }), [filters, settledSearch]);
  // The list may lag a keystroke behind while React keeps the input responsive.
  const deferred = useDeferredValue(applied);

  useEffect(() => {
    const next = peopleParams(params, applied, sort);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [applied, sort, params, setParams]);

  const indexed = useMemo(() => indexPeople(answer.rows), [answer]);
  const sorted = useMemo(() => sortPeople(indexed, sort), [indexed, sort]);
  const shown = useMemo(() => filterPeople(sorted, deferred), [sorted, deferred]);
  const unknown = useMemo(() => answer.rows.reduce((n, r) => (r.identityId === null ? n + 1 : n), 0), [answer]);

  const onSort = useCallback((key: SortKey) => setSort((current) => nextSort(current, key)), []);
  const onRowsPainted = useCallback(() => {
    // After the frame that paints them: what "first rows on screen" means for the benchmark.
    setTimeout(() => performance.mark('people:rows-painted'), 0);
  }, []);
  const clear = () => {
    setFilters(NO_FILTERS);
    setSearchText('');
  };

  if (answer.rows.length === 0) {
    return (
      <div className="stack">
        <AsOfAnswer asOf={answer} at={at} />
        <EmptyState title="No people at this time">
          <p>This collection holds no HR records, IdP accounts or Prefect memberships.</p>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="stack">
      <AsOfAnswer asOf={answer} at={at} />
      <Panel
        title="People and accounts"
        testId="people-panel"
        aside={
          <span className="muted" role="status" data-testid="people-count" data-shown={shown.length} data-total={answer.rows.length} data-unknown={unknown}>
            Showing {shown.length.toLocaleString('en-GB')} of {answer.rows.length.toLocaleString('en-GB')}
            {unknown > 0 ? ` (${unknown.toLocaleString('en-GB')} with no person)` : ''}
          </span>
        }
      >
        <div className="stack people-body">
          <PeopleFiltersBar
            searchText={searchText}
            onSearchText={setSearchText}
            filters={filters}
            onFilters={setFilters}
            onClear={clear}
            canClear={hasActiveFilters({ ...filters, query: searchText })}
          />
          {shown.length > 0 ? (
            <PeopleTable people={shown} sort={sort} onSort={onSort} at={at} onRowsPainted={onRowsPainted} />
          ) : (
            <EmptyState title="No one matches" testId="people-no-match">
              <p>
                No person or account matches the search and filters.{' '}
                <button type="button" className="button button--link" onClick={clear}>
                  Clear them
                </button>
              </p>
            </EmptyState>
          )}
        </div>
      </Panel>
    </div>
  );
}
