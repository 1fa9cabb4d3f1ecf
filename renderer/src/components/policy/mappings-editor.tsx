import { emptyMapping, type MappingDraft, type PolicyErrors } from '../../policy/policy-draft';
import { FieldError, invalidProps } from './field-error';
import '../data-table.css';

const COLUMNS = [
  { field: 'idpGroup', label: 'IdP group', placeholder: 'group name' },
  { field: 'prefectTeam', label: 'Prefect team', placeholder: 'none' },
  { field: 'accountRole', label: 'Account role', placeholder: 'none' },
  { field: 'workspaceRoles', label: 'Workspace roles', placeholder: 'workspace:role' },
] as const;

/**
 * What each directory group should grant in Prefect, one row per group. Workspace roles are
 * `workspace:role` pairs, one per line, the workspace by id, handle or name.
 */
export function MappingsEditor({ ids, rows, errors, onChange }: { ids: string; rows: MappingDraft[]; errors: PolicyErrors; onChange: (rows: MappingDraft[]) => void }) {
  const inputId = (key: number, field: string) => `${ids}-mapping-${key}-${field}`;
  const set = (key: number, field: (typeof COLUMNS)[number]['field'], value: string) => onChange(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const add = () => {
    const row = emptyMapping();
    onChange([...rows, row]);
    requestAnimationFrame(() => document.getElementById(inputId(row.key, 'idpGroup'))?.focus());
  };
  return (
    <fieldset className="policy__fieldset" data-testid="policy-mappings-editor">
      <legend>Directory mapping</legend>
      <p className="field__help">
        What membership of each IdP group should grant in Prefect. Workspace roles: one <code>workspace:role</code> pair per line. Empty cells
        expect nothing.
      </p>
      {rows.length === 0 ? (
        <p className="muted">No mappings: role drift and expected access are not judged.</p>
      ) : (
        <div className="table-wrap table-wrap--inline">
          <table className="data-table policy__edit-table">
            <caption className="visually-hidden">Directory mapping rows</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.field} scope="col">
                    {c.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={row.key} data-testid="policy-mapping-row">
                  {COLUMNS.map((c) => {
                    const id = inputId(row.key, c.field);
                    const error = errors[`mappings.${i}.${c.field}`];
                    const common = {
                      id,
                      value: row[c.field],
                      placeholder: c.placeholder,
                      spellCheck: false,
                      'aria-label': `${c.label}, mapping ${i + 1}`,
                      ...invalidProps(`${id}-error`, error),
                      'data-testid': `policy-mapping-${c.field}`,
                    };
                    return (
                      <td key={c.field}>
                        <div className="field">
                          {c.field === 'workspaceRoles' ? (
                            <textarea {...common} rows={Math.max(1, row.workspaceRoles.split('\n').length)} onChange={(e) => set(row.key, c.field, e.target.value)} />
                          ) : (
                            <input {...common} autoComplete="off" onChange={(e) => set(row.key, c.field, e.target.value)} />
                          )}
                          <FieldError id={`${id}-error`} error={error} testId={`policy-mapping-${c.field}-error`} />
                        </div>
                      </td>
                    );
                  })}
                  <td className="actions">
                    <button type="button" className="button button--secondary button--small" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} aria-label={`Remove mapping ${i + 1}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div>
        <button type="button" className="button button--secondary button--small" onClick={add} data-testid="policy-add-mapping">
          Add mapping
        </button>
      </div>
    </fieldset>
  );
}
