import { useToggleSet } from '../../hooks/use-toggle-set';
import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import type { AccessChange, AccessState, ChangeGroup, FactRef } from '../../../../shared/domain/analysis';
import { CHANGE_LABELS, grantText, personPath, roleText } from '../../access-diff/diff-view';
import { withAsOf } from '../../hooks/as-of';
import { CollapsibleGroup } from '../analysis/collapsible-group';
import '../data-table.css';
import '../analysis/analysis.css';

/** Beyond this many changes, groups start collapsed so a large diff opens quickly. */
const OPEN_ALL_UP_TO = 300;

/** The changes of a diff in collapsible groups (one person, or one workspace, each). */
export function ChangeGroups({ groups, at }: { groups: ChangeGroup[]; at: string | null }) {
  const total = groups.reduce((n, g) => n + g.changes.length, 0);
  const openByDefault = total <= OPEN_ALL_UP_TO;
  const [toggled, toggle] = useToggleSet<string>();
  return (
    <div data-testid="change-groups">
      {groups.map((g) => (
        <CollapsibleGroup
          key={g.key}
          groupKey={g.key}
          title={g.label}
          count={g.changes.length}
          open={openByDefault !== toggled.has(g.key)}
          onToggle={() => toggle(g.key)}
          testId="change-group"
        >
          <ChangesTable changes={g.changes} at={at} />
        </CollapsibleGroup>
      ))}
    </div>
  );
}

function ChangesTable({ changes, at }: { changes: AccessChange[]; at: string | null }) {
  const [shown, toggle] = useToggleSet<number>();
  return (
    <div className="table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Who</th>
            <th scope="col">Where</th>
            <th scope="col">Role before → after</th>
            <th scope="col">
              <span className="visually-hidden">Grants</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => {
            const open = shown.has(i);
            const grantsId = `grants-${rowKey(c)}`;
            return (
              <Fragment key={rowKey(c)}>
                <tr data-testid="change-row" data-change={c.change} data-scope={c.scope} data-email={c.email ?? ''}>
                  <td>
                    <span className={`change-tag change-tag--${c.change}`}>{CHANGE_LABELS[c.change]}</span>
                  </td>
                  <td>
                    <Who change={c} at={at} />
                  </td>
                  <td>{c.scope === 'account' ? <span>Account</span> : (c.workspace?.name ?? '(unknown workspace)')}</td>
                  <td className="nowrap">
                    {roleText(c.before)} → {roleText(c.after)}
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button--link"
                      aria-expanded={open}
                      aria-controls={grantsId}
                      onClick={() => toggle(i)}
                      data-testid="change-grants-toggle"
                    >
                      {open ? 'Hide grants' : 'Show grants'}
                    </button>
                  </td>
                </tr>
                {open ? (
                  <tr className="grants-row" id={grantsId} data-testid="change-grants">
                    <td colSpan={5}>
                      <div className="grant-columns">
                        <GrantList title="Before" state={c.before} />
                        <GrantList title="After" state={c.after} />
                      </div>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function rowKey(c: AccessChange): string {
  return `${c.principal.sourceId}-${c.principal.id}-${c.scope}-${c.workspace?.workspaceId ?? 'account'}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function Who({ change: c, at }: { change: AccessChange; at: string | null }) {
  const name = c.displayName ?? c.principal.name ?? c.email ?? c.principal.id;
  return (
    <>
      {c.email ? (
        <Link to={withAsOf(personPath(c.email), at)} data-testid="change-person-link">
          {name}
        </Link>
      ) : (
        name
      )}
      {c.principal.type === 'bot' ? <span className="muted"> (service account)</span> : null}
      {c.email && c.email !== name ? <span className="muted"> {c.email}</span> : null}
    </>
  );
}

/** Why the principal held the role at one end: each grant and the fact versions it rests on. */
function GrantList({ title, state }: { title: string; state: AccessState | null }) {
  return (
    <div>
      <h4>{title}</h4>
      {!state ? (
        <p className="muted">No access.</p>
      ) : state.grants.length === 0 ? (
        <p>
          {state.role} <span className="muted">(the account role itself; no workspace grant)</span>
        </p>
      ) : (
        <ul className="bullet-list">
          {state.grants.map((g, i) => (
            <li key={i}>
              {grantText(g)}
              <ul className="bullet-list">
                {g.evidence.map((e) => (
                  <li key={`${e.sourceId}:${e.kind}:${e.key}`} className="evidence-ref">
                    {factText(e)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function factText(e: FactRef): string {
  return `${e.sourceId} ${e.kind} ${e.key}: from collection ${e.validFrom}${e.validTo === null ? ', still holds' : `, changed or gone in ${e.validTo}`}`;
}
