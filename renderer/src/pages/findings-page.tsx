import { useSearchParams } from 'react-router-dom';
import { PageShell, type PageState } from '../components/page-shell';
import { EmptyState, ErrorState, LoadingState } from '../components/status-views';
import { Panel } from '../components/panel';
import { AnswerSource } from '../components/analysis/answer-source';
import { FindingsFilters } from '../components/findings/findings-filters';
import { FindingsNotJudged } from '../components/findings/findings-not-judged';
import { RulesNotJudged } from '../components/findings/rules-not-judged';
import { FindingsChart } from '../components/findings/findings-chart';
import { FindingGroups } from '../components/findings/finding-groups';
import { useApiQuery } from '../hooks/use-api-query';
import { useAsOf } from '../hooks/as-of';
import { useCollectionStatus } from '../hooks/collection-status-context';
import { countByRule, countBySeverity, filterFindings, groupFindings, readFindingsParams, SEVERITIES, SEVERITY_LABELS } from '../findings/findings-view';

/**
 * Findings: the problems the policy's rules found, open at the as-of time (or, with no as-of,
 * the stored list by status), filtered and grouped in the browser so every control is instant
 * and lives in the URL (`?severity=&rule=&q=&group=&status=`).
 */
export function FindingsPage() {
  const { at } = useAsOf();
  const [search, setSearch] = useSearchParams();
  const params = readFindingsParams(search);
  const query = useApiQuery((api) => api.listFindings(at ? { at } : { status: params.status }), [at, params.status]);
  const collectionStatus = useCollectionStatus();

  const setParam = (name: string, value: string, replace = false) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace },
    );

  const answer = query.status === 'ready' ? query.data : null;
  const usable = answer !== null && answer.asOf !== null && answer.judged;
  const state: PageState = query.status !== 'ready' ? query.status : usable && answer.findings.length > 0 ? 'ready' : 'empty';
  const shown = answer ? filterFindings(answer.findings, params) : [];
  const groups = groupFindings(shown, params.group);
  const showStatus = !at && params.status !== 'open';
  const counts = countBySeverity(shown);

  return (
    <PageShell
      id="findings"
      title="Findings"
      description="Problems with access, judged against your policy, each with its evidence."
      state={state}
      actions={
        <button type="button" className="button button--secondary" onClick={query.retry} disabled={query.status === 'loading'}>
          Refresh
        </button>
      }
    >
      <div className="stack">
        {query.status === 'loading' ? <LoadingState label="Loading findings…" /> : null}
        {query.status === 'error' ? <ErrorState title="Could not load findings" error={query.error} onRetry={query.retry} /> : null}
        {answer?.asOf ? <AnswerSource asOf={answer.asOf} label={at ? 'Open findings at this time, from' : 'Newest complete collection:'} /> : null}
        {answer && !usable ? <FindingsNotJudged answer={answer} at={at} status={collectionStatus.status === 'ready' ? collectionStatus.data : null} /> : null}
        {usable ? <RulesNotJudged notJudged={answer.notJudged} policyVersion={answer.policyVersion} /> : null}
        {params.ignored.length > 0 ? (
          <p className="caveat" role="status" data-testid="findings-ignored-params">
            Ignored in the link: {params.ignored.join(', ')} (no such value).
          </p>
        ) : null}
        {usable ? (
          <>
            <Panel title="Filters">
              <FindingsFilters params={params} asOfSet={at !== null} onChange={setParam} />
            </Panel>
            {answer.findings.length === 0 ? (
              <EmptyState title={showStatus ? `No ${params.status === 'all' ? '' : `${params.status} `}findings` : 'No open findings'} testId="findings-none">
                <p>The rules found no problem in collection {answer.asOf!.collectionId}.</p>
              </EmptyState>
            ) : (
              <>
                <Panel title="By rule and severity" aside={<span className="muted">{shown.length} shown</span>}>
                  {shown.length > 0 ? <FindingsChart rows={countByRule(shown)} /> : <p className="muted">No finding matches the filters.</p>}
                </Panel>
                <Panel
                  title="Findings"
                  testId="findings-list"
                  aside={
                    <span className="muted" data-testid="findings-count" data-shown={shown.length} data-total={answer.findings.length}>
                      {shown.length} of {answer.findings.length}
                      {shown.length > 0 ? ` · ${SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${SEVERITY_LABELS[s].toLowerCase()}`).join(', ')}` : ''}
                    </span>
                  }
                >
                  {shown.length > 0 ? (
                    <FindingGroups groups={groups} at={at} showStatus={showStatus} />
                  ) : (
                    <EmptyState title="No finding matches the filters" testId="findings-no-match">
                      <p>Clear the severity, rule or search to see all {answer.findings.length}.</p>
                    </EmptyState>
                  )}
                </Panel>
              </>
            )}
          </>
        ) : null}
      </div>
    </PageShell>
  );
}
