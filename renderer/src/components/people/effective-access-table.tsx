import { useToggleSet } from '../../hooks/use-toggle-set';
import { Fragment } from 'react';
import type { Grant, WorkspaceAccess } from '../../../../shared/domain/analysis';
import { GRANT_KIND_LABEL, grantSource } from '../../people/person-format';
import { FactRefView } from './fact-ref';
import '../data-table.css';
import './people.css';

/**
 * One account's effective access: per workspace the resulting role, and one click away
 * ("Why?") every grant behind it, strongest first, each with the stored facts it rests on.
 */
export function EffectiveAccessTable({ workspaces, accountLabel, active }: { workspaces: readonly WorkspaceAccess[]; accountLabel: string; active: boolean }) {
  const [open, toggle] = useToggleSet<string>();

  if (workspaces.length === 0) {
    return <p className="muted" data-testid="access-none">No workspace access through this account.</p>;
  }
  return (
    <div className="table-wrap table-wrap--inset">
      <table className="data-table access-table" data-testid="access-table">
        <caption className="visually-hidden">Effective workspace access of {accountLabel}</caption>
        <thead>
          <tr>
            <th scope="col">Workspace</th>
            <th scope="col">Resulting role</th>
            <th scope="col">From</th>
            <th scope="col" className="actions">
              <span className="visually-hidden">Provenance</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {workspaces.map((ws) => {
            const expanded = open.has(ws.workspaceId);
            const whyId = `why-${accountLabel.replace(/[^a-zA-Z0-9]+/g, '-')}-${ws.workspaceId}`;
            return (
              <Fragment key={ws.workspaceId}>
                <tr data-testid="access-row" data-workspace={ws.workspaceHandle ?? ws.workspaceName} data-role={ws.role?.name ?? ''}>
                  <th scope="row">
                    {ws.workspaceName} {ws.workspaceHandle ? <span className="muted mono">{ws.workspaceHandle}</span> : null}
                  </th>
                  <td>
                    {ws.role ? (
                      <strong>{ws.role.name}</strong>
                    ) : (
                      <span className="muted">{active ? 'none' : 'none (the membership is inactive; grants shown for information)'}</span>
                    )}
                  </td>
                  <td>{summarizeGrants(ws.grants)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-expanded={expanded}
                      aria-controls={whyId}
                      onClick={() => toggle(ws.workspaceId)}
                      data-testid="access-why"
                    >
                      {expanded ? 'Hide why' : 'Why?'}
                      <span className="visually-hidden"> {ws.workspaceName}</span>
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="why-row" id={whyId}>
                    <td colSpan={4}>
                      <GrantList grants={ws.grants} resulting={ws.role?.id ?? null} />
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

function summarizeGrants(grants: readonly Grant[]): string {
  if (grants.length === 0) return 'no grant';
  const kinds = new Map<string, number>();
  for (const g of grants) kinds.set(GRANT_KIND_LABEL[g.kind], (kinds.get(GRANT_KIND_LABEL[g.kind]) ?? 0) + 1);
  return [...kinds].map(([kind, n]) => (n > 1 ? `${n} ${kind} grants` : `${kind}`)).join(', ');
}

/** The grants behind a role, strongest first; the one that decides is marked. */
export function GrantList({ grants, resulting }: { grants: readonly Grant[]; resulting: string | null }) {
  if (grants.length === 0) return <p className="muted">No grant gives a role here.</p>;
  // Grants come strongest first; the first with the resulting role is the one that decides.
  const decidingIndex = grants.findIndex((g) => g.roleId === resulting);
  return (
    <ol className="grant-list" data-testid="grant-list">
      {grants.map((grant, i) => (
        <li key={`${grant.kind}-${grant.team?.teamId ?? ''}-${grant.roleId}-${i}`} className={i === decidingIndex ? 'grant grant--winning' : 'grant'} data-testid="grant" data-kind={grant.kind}>
          <div className="grant__head">
            <strong>{grant.roleName}</strong>
            <span className="tag">{GRANT_KIND_LABEL[grant.kind]}</span>
            <span>{grantSource(grant)}</span>
            {i === decidingIndex ? <span className="muted">(decides the resulting role)</span> : null}
          </div>
          {grant.evidence.length > 0 ? (
            <ul className="evidence-list" aria-label={`Evidence for the ${grant.roleName} grant`}>
              {grant.evidence.map((fact) => (
                <li key={`${fact.sourceId}/${fact.kind}/${fact.key}/${fact.validFrom}`}>
                  <FactRefView fact={fact} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No stored fact cited.</p>
          )}
        </li>
      ))}
    </ol>
  );
}
