import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PersonRow } from '../../../../shared/domain/analysis';
import type { IndexedPerson, PeopleSort, SortKey } from '../../people/people-model';
import { personPath } from '../../people/people-model';
import { withAsOf } from '../../hooks/as-of';
import { matchLabel } from '../../people/person-format';
import '../data-table.css';
import './people.css';

/** Every row is one line of this height, so the virtualizer never has to measure. */
export const PEOPLE_ROW_HEIGHT = 36;
const HEADER_HEIGHT = 38;

interface Column {
  key: SortKey;
  label: string;
  /** Read by screen readers and shown on hover where the label is short. */
  title: string;
  className: string;
  cell: (row: PersonRow) => React.ReactNode;
}

const yesNo = (value: boolean, yes: string) => (value ? <span className="people-flag">{yes}</span> : <span className="muted">—</span>);
const orNone = (value: string | null, none = '—') => (value === null ? <span className="muted">{none}</span> : value);

// What an audit reads first comes first (leaver, active in Prefect, findings, role); the wide
// table scrolls sideways under the sticky name for the rest.
const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Name', title: 'Name', className: 'col-name', cell: (r) => r.displayName ?? <span className="muted">no name</span> },
  { key: 'email', label: 'Email', title: 'Email address', className: 'col-email', cell: (r) => orNone(r.email, 'no address') },
  { key: 'leaver', label: 'Leaver', title: 'Leaver', className: 'col-leaver', cell: (r) => yesNo(r.leaver, 'leaver') },
  { key: 'prefectActive', label: 'Prefect', title: 'Active in Prefect', className: 'col-prefect', cell: (r) => yesNo(r.prefectActive, 'active') },
  {
    key: 'openFindings',
    label: 'Findings',
    title: 'Open findings',
    className: 'col-findings num',
    cell: (r) => (r.openFindings > 0 ? <span className="people-count">{r.openFindings}</span> : <span className="muted">0</span>),
  },
  { key: 'accountRole', label: 'Acct role', title: 'Prefect account role (strongest)', className: 'col-role', cell: (r) => orNone(r.accountRole) },
  { key: 'workspaceCount', label: 'Spaces', title: 'Workspaces with a role', className: 'col-ws num', cell: (r) => r.workspaceCount },
  { key: 'topWorkspaceRole', label: 'Top role', title: 'Strongest workspace role', className: 'col-top', cell: (r) => orNone(r.topWorkspaceRole) },
  {
    key: 'matchedBy',
    label: 'Match',
    title: 'How the Prefect account was matched to the person',
    className: 'col-match',
    cell: (r) => (r.identityId === null ? <span className="people-unknown">no person</span> : orNone(r.matchedBy === null ? null : matchLabel(r.matchedBy))),
  },
  { key: 'hrStatus', label: 'HR', title: 'HR status', className: 'col-hr', cell: (r) => orNone(r.hrStatus, 'not in HR') },
  { key: 'idpLifecycle', label: 'IdP', title: 'IdP lifecycle (the most active of the person’s accounts)', className: 'col-idp', cell: (r) => orNone(r.idpLifecycle, 'no account') },
  { key: 'employeeId', label: 'Emp. ID', title: 'Employee id', className: 'col-emp', cell: (r) => orNone(r.employeeId) },
];

export interface PeopleTableProps {
  people: readonly IndexedPerson[];
  sort: PeopleSort;
  onSort: (key: SortKey) => void;
  at: string | null;
  /** Called after the first paint of rows for a new answer (the benchmark reads the mark). */
  onRowsPainted?: () => void;
}

/**
 * The People table, virtualized: only the rows in view (plus a few) are in the DOM, so 100k
 * people scroll like 100. A real <table> with aria-rowcount / aria-rowindex, so assistive tech
 * knows how many rows there are. Rows are reachable with a roving tabindex (one row in the tab
 * order; arrows, Page Up/Down, Home/End move) and open the person on Enter or click.
 */
export function PeopleTable({ people, sort, onSort, at, onRowsPainted }: PeopleTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

  const virtualizer = useVirtualizer({
    count: people.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => PEOPLE_ROW_HEIGHT,
    overscan: 12,
    scrollPaddingStart: HEADER_HEIGHT,
    // Before the first layout the container has no size yet: assume a screenful so the first
    // paint already has rows (no blank frame).
    initialRect: { width: 1000, height: 600 },
  });

  // A new list (search, filter, sort): back to its first row.
  useEffect(() => setActive(0), [people]);

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${active}"]`)?.focus();
  });

  useEffect(() => {
    if (!onRowsPainted) return undefined;
    // The frame after React's commit: the rows are in the DOM and about to be on screen.
    const frame = requestAnimationFrame(() => onRowsPainted());
    return () => cancelAnimationFrame(frame);
  }, [people, onRowsPainted]);

  const open = (row: PersonRow | undefined) => {
    if (row?.email) void navigate(withAsOf(personPath(row.email), at));
  };

  const move = (to: number) => {
    const next = Math.max(0, Math.min(people.length - 1, to));
    focusPending.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / PEOPLE_ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(people.length - 1),
      Enter: () => open(people[active]?.row),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length > 0 ? items[0]!.start : 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <div className="people-table__scroll" ref={scrollRef} data-testid="people-scroll">
      <table className="data-table people-table" aria-rowcount={people.length + 1} data-testid="people-table" data-rows={people.length}>
        <caption className="visually-hidden">
          People and accounts, sorted by {COLUMNS.find((c) => c.key === sort.key)?.title} ({sort.dir === 'asc' ? 'ascending' : 'descending'}). Use the arrow
          keys to move between rows and Enter to open a person.
        </caption>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const sorted = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.className}
                  aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  data-testid={`people-sort-${column.key}`}
                >
                  <button type="button" className="people-sort" title={column.title} onClick={() => onSort(column.key)}>
                    {column.label}
                    <span aria-hidden="true" className="people-sort__arrow">
                      {sorted ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {paddingTop > 0 ? (
            <tr aria-hidden="true" className="people-spacer">
              <td colSpan={COLUMNS.length} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const person = people[item.index]!;
            const row = person.row;
            return (
              <tr
                key={item.key}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                tabIndex={item.index === active ? 0 : -1}
                className={row.email ? 'people-row' : 'people-row people-row--closed'}
                data-testid="people-row"
                data-email={row.email ?? ''}
                data-identity={row.identityId ?? ''}
                onClick={() => {
                  setActive(item.index);
                  open(row);
                }}
                onFocus={() => setActive(item.index)}
              >
                {COLUMNS.map((column) => (
                  <td key={column.key} className={column.className} title={column.key === 'email' || column.key === 'name' ? ((column.key === 'email' ? row.email : row.displayName) ?? undefined) : undefined}>
                    {column.key === 'name' && row.email ? (
                      <Link to={withAsOf(personPath(row.email), at)} tabIndex={-1} onClick={(event) => event.stopPropagation()}>
                        {column.cell(row)}
                      </Link>
                    ) : (
                      column.cell(row)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true" className="people-spacer">
              <td colSpan={COLUMNS.length} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
