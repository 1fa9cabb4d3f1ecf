import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PeopleAnswer } from '../../../shared/domain/analysis';
import { PageShell, type PageState } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { AnswerSource } from '../components/analysis/answer-source';
import { NoAnswerState } from '../components/analysis/no-answer-state';
import { PeopleFiltersBar } from '../components/people/people-filters';
import { PeopleTable } from '../components/people/people-table';
import { asOfArgs } from '../hooks/as-of';
import { useAnswerableAsOf } from '../hooks/as-of-resolution';
import { useApiQuery } from '../hooks/use-api-query';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { useSlicedFilter } from '../hooks/use-sliced-filter';
import {
  filtersFromParams,
  hasActiveFilters,
  indexPeople,
  nextSort,
  NO_FILTERS,
  peopleParams,
  sortFromParams,
  sortPeople,
  type IndexedPerson,
  type PeopleFilters,
  type PeopleSort,
  type SortKey,
} from '../people/people-model';

const EMPTY: readonly IndexedPerson[] = [];

/** How long the search box waits after the last keystroke before filtering. */
export const SEARCH_DEBOUNCE_MS = 120;

/**
 * People: everyone the HR roster, the identity providers and Prefect know, linked into one
 * identity, as of the global time. Accounts no person was found for are rows too (no identity).
 */
export function PeoplePage() {
  const { at, times, resolution, ask, noAnswer, answering } = useAnswerableAsOf();
  const query = useApiQuery<PeopleAnswer | null>(
    async (api) => {
      if (!ask) return null;
      const answer = await api.listPeople(asOfArgs(at));
      // The answer is here and parsed: the People benchmark measures rendering from this mark.
      performance.mark('people:answer');
      return answer;
    },
    [at, ask, answering],
  );

  const answer = query.status === 'ready' ? query.data : null;
  const state: PageState =
    times.status === 'error' || query.status === 'error'
      ? 'error'
      : noAnswer
        ? 'empty'
        : resolution === null || query.status === 'loading'
          ? 'loading'
          : answer && answer.rows.length > 0
            ? 'ready'
            : 'empty';

  return (
    <PageShell
      id="people"
      title="People"
      description="Everyone known to your HR roster, identity provider and Prefect Cloud, linked into one identity, with what they could do at the chosen time."
      state={state}
      actions={
        <button type="button" className="button button--secondary" onClick={query.retry} disabled={state === 'loading'}>
          Refresh
        </button>
      }
    >
      {state === 'loading' ? <LoadingState label="Loading people…" /> : null}
      {times.status === 'error' ? <ErrorState title="Could not read the complete collections" error={times.error} onRetry={times.retry} /> : null}
      {query.status === 'error' ? <ErrorState title="Could not load people" error={query.error} onRetry={query.retry} /> : null}
      {noAnswer ? (
        <NoAnswerState resolution={noAnswer} testId="people-no-snapshot" />
      ) : null}
      {answer && !noAnswer ? <PeopleAnswerView answer={answer} at={at} /> : null}
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

  useEffect(() => {
    const next = peopleParams(params, applied, sort);
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [applied, sort, params, setParams]);

  const indexed = useMemo(() => indexPeople(answer.rows), [answer]);
  const sorted = useMemo(() => sortPeople(indexed, sort), [indexed, sort]);
  // Filtered in slices between browser tasks: 100k rows never hold up the next keystroke.
  const { rows: filtered, pending } = useSlicedFilter(sorted, applied);
  const shown = filtered ?? EMPTY;
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
        <AnswerSource asOf={answer} label={at ? `As of ${at}: answer from` : 'Now: answer from'} testId="as-of-answer" />
        <EmptyState title="No people at this time">
          <p>This collection holds no HR records, IdP accounts or Prefect memberships.</p>
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="stack">
      <AnswerSource asOf={answer} label={at ? `As of ${at}: answer from` : 'Now: answer from'} testId="as-of-answer" />
      <Panel
        title="People and accounts"
        testId="people-panel"
        aside={
          <span
            className="muted"
            role="status"
            data-testid="people-count"
            data-shown={shown.length}
            data-total={answer.rows.length}
            data-unknown={unknown}
            data-pending={pending}
          >
            {filtered === null ? 'Filtering…' : `Showing ${shown.length.toLocaleString('en-GB')} of ${answer.rows.length.toLocaleString('en-GB')}`}
            {unknown > 0 ? ` (${unknown.toLocaleString('en-GB')} with no person)` : ''}
            {pending && filtered !== null ? ' · filtering…' : ''}
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
          {filtered === null ? (
            <LoadingState label="Filtering…" />
          ) : shown.length > 0 ? (
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
