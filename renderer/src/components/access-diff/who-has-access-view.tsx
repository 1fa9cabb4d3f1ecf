import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { WorkspaceRef } from '../../../../shared/domain/analysis';
import type { PageState } from '../page-shell';
import { EmptyState, ErrorState, LoadingState } from '../status-views';
import { Panel } from '../panel';
import { AnswerSource } from '../analysis/answer-source';
import { useApiQuery } from '../../hooks/use-api-query';
import { useAnswerableAsOf } from '../../hooks/as-of-resolution';
import { NoAnswerState } from '../analysis/no-answer-state';
import { asOfArgs, withAsOf } from '../../hooks/as-of';
import { personPath, provenanceText } from '../../access-diff/diff-view';
import '../form.css';
import '../data-table.css';

export const ACCESS_PAGE_SIZE = 50;

type SetParams = (changes: Record<string, string | null>, options?: { replace?: boolean }) => void;

/**
 * "Who had access to workspace W at T", with the collection that proves it: every resulting
 * workspace role at the as-of time, filtered by workspace (?workspace=, an id, handle or name)
 * and person (?person=, an address), a page of rows at a time.
 */
export function WhoHasAccessView({ at, params, setParams, onState }: { at: string | null; params: URLSearchParams; setParams: SetParams; onState: (s: PageState) => void }) {
  const workspace = params.get('workspace') ?? '';
  const person = params.get('person') ?? '';
  // The page offset belongs to one filter: any other filter (or time) starts at the first row.
  const filterKey = `${at ?? ''}\u0000${workspace}\u0000${person}`;
  const [paging, setPaging] = useState({ key: filterKey, offset: 0 });
  const offset = paging.key === filterKey ? paging.offset : 0;
  const setOffset = (next: number) => setPaging({ key: filterKey, offset: next });
  const { ask, noAnswer, answering } = useAnswerableAsOf();
  const query = useApiQuery(
    (api) =>
      ask ? api.accessAt({ ...asOfArgs(at), ...(workspace ? { workspace } : {}), ...(person ? { email: person } : {}), offset, limit: ACCESS_PAGE_SIZE }) : Promise.resolve(null),
    [at, workspace, person, offset, ask, answering],
  );
  // The picker keeps the last list it had while the next page loads, so it does not flicker away.
  const [workspaces, setWorkspaces] = useState<WorkspaceRef[]>([]);
  useEffect(() => {
    if (query.status === 'ready' && query.data) setWorkspaces(query.data.workspaces);
  }, [query]);
  const [personText, setPersonText] = useState(person);
  useEffect(() => setPersonText(person), [person]);

  const state: PageState = noAnswer ? 'empty' : query.status === 'ready' ? (query.data === null ? 'loading' : query.data.total > 0 ? 'ready' : 'empty') : query.status;
  useEffect(() => onState(state), [state, onState]);

  const submitPerson = (event: FormEvent) => {
    event.preventDefault();
    setParams({ person: personText.trim() || null });
  };
  const knownWorkspace = workspace === '' || workspaces.some((w) => w.workspaceId === workspace);
  const d = query.status === 'ready' ? query.data : null;

  return (
    <div className="stack">
      <Panel title="Filters">
        <form className="filter-bar" onSubmit={submitPerson} aria-label="Filter access" data-testid="access-filters">
          <div className="field">
            <label htmlFor="access-workspace">Workspace</label>
            <select id="access-workspace" value={workspace} onChange={(e) => setParams({ workspace: e.target.value || null })} data-testid="access-workspace">
              <option value="">Every workspace</option>
              {!knownWorkspace ? <option value={workspace}>{workspace} (from the link)</option> : null}
              {workspaces.map((w) => (
                <option key={`${w.sourceId}:${w.workspaceId}`} value={w.workspaceId}>
                  {w.name}
                  {w.handle ? ` (${w.handle})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--wide">
            <label htmlFor="access-person">Person (any of their email addresses)</label>
            <input id="access-person" type="search" value={personText} onChange={(e) => setPersonText(e.target.value)} placeholder="name@example.com" data-testid="access-person" />
          </div>
          <button type="submit" className="button button--secondary" data-testid="access-person-apply">
            Filter
          </button>
          {workspace || person ? (
            <button type="button" className="button button--link" onClick={() => setParams({ workspace: null, person: null })} data-testid="access-clear">
              Clear filters
            </button>
          ) : null}
        </form>
      </Panel>
      {noAnswer ? <NoAnswerState resolution={noAnswer} testId="access-no-answer" /> : null}
      {!noAnswer && (query.status === 'loading' || (query.status === 'ready' && query.data === null)) ? <LoadingState label="Loading who has access…" /> : null}
      {query.status === 'error' ? <ErrorState title="Could not load who has access" error={query.error} onRetry={query.retry} /> : null}
      {d ? (
        <>
          <AnswerSource asOf={d} label="Proved by" />
          {d.total === 0 ? (
            <EmptyState title="Nobody matches" testId="access-none">
              <p>No active principal holds a role {workspace ? 'on that workspace ' : ''}{person ? `for ${person} ` : ''}at this time.</p>
            </EmptyState>
          ) : (
            <Panel title="Access" testId="access-rows" aside={<span className="muted" data-testid="access-total" data-total={d.total}>{d.total === 1 ? '1 row' : `${d.total} rows`}</span>}>
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Workspace</th>
                      <th scope="col">Person or service account</th>
                      <th scope="col">Role</th>
                      <th scope="col">Given by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.rows.map((r) => (
                      <tr key={`${r.principal.sourceId}:${r.principal.id}:${r.workspace.workspaceId}`} data-testid="access-row" data-workspace={r.workspace.workspaceId} data-email={r.email ?? ''}>
                        <td>{r.workspace.name}</td>
                        <td>
                          {r.email ? <Link to={withAsOf(personPath(r.email), at)}>{r.displayName ?? r.email}</Link> : (r.displayName ?? r.principal.name ?? r.principal.id)}
                          {r.principal.type === 'bot' ? <span className="muted"> (service account)</span> : null}
                          {r.email && r.displayName ? <span className="muted"> {r.email}</span> : null}
                          {r.principal.type === 'user' && !r.identityId ? <span className="muted"> · no person matched</span> : null}
                        </td>
                        <td>{r.role?.name ?? <span className="muted">none (inactive)</span>}</td>
                        <td>{provenanceText(r.provenance)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="pager-bar">
                <span className="muted" data-testid="access-range">
                  Rows {d.total === 0 ? 0 : offset + 1}–{offset + d.rows.length} of {d.total}
                </span>
                <div className="pager-bar__buttons">
                  <button type="button" className="button button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - ACCESS_PAGE_SIZE))} data-testid="access-prev">
                    Previous
                  </button>
                  <button type="button" className="button button--secondary" disabled={offset + d.rows.length >= d.total} onClick={() => setOffset(offset + ACCESS_PAGE_SIZE)} data-testid="access-next">
                    Next
                  </button>
                </div>
              </div>
            </Panel>
          )}
        </>
      ) : null}
    </div>
  );
}
