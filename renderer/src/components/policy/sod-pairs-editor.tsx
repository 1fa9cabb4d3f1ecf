import { SIDE_KINDS, emptySodPair, type PolicyErrors, type SideDraft, type SideKind, type SodDraft } from '../../policy/policy-draft';
import { FieldError, invalidProps } from './field-error';

/**
 * Duties that must not meet in one person: each pair names two things a person can hold
 * (a team, an IdP group, an account role, or a workspace role, optionally on one workspace).
 */
export function SodPairsEditor({ ids, rows, errors, onChange }: { ids: string; rows: SodDraft[]; errors: PolicyErrors; onChange: (rows: SodDraft[]) => void }) {
  const rowId = (key: number, part: string) => `${ids}-sod-${key}-${part}`;
  const update = (key: number, change: Partial<SodDraft>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const add = () => {
    const row = emptySodPair();
    onChange([...rows, row]);
    requestAnimationFrame(() => document.getElementById(rowId(row.key, 'name'))?.focus());
  };
  return (
    <fieldset className="policy__fieldset" data-testid="policy-sod-editor">
      <legend>Segregation of duties</legend>
      <p className="field__help">Pairs of duties no one person may hold together; a person holding both sides is a finding.</p>
      {rows.length === 0 ? <p className="muted">No pairs.</p> : null}
      <ul className="policy__rows">
        {rows.map((row, i) => {
          const nameError = errors[`sodPairs.${i}.name`];
          return (
            <li key={row.key} className="policy__pair" data-testid="policy-sod-row">
              <div className="field">
                <label htmlFor={rowId(row.key, 'name')}>{`Pair ${i + 1} name (optional)`}</label>
                <input
                  id={rowId(row.key, 'name')}
                  value={row.name}
                  autoComplete="off"
                  placeholder="deploy / approve"
                  onChange={(e) => update(row.key, { name: e.target.value })}
                  {...invalidProps(`${rowId(row.key, 'name')}-error`, nameError)}
                />
                <FieldError id={`${rowId(row.key, 'name')}-error`} error={nameError} testId="policy-sod-name-error" />
              </div>
              {(['a', 'b'] as const).map((which) => (
                <SideEditor
                  key={which}
                  baseId={rowId(row.key, which)}
                  label={`Pair ${i + 1}, side ${which.toUpperCase()}`}
                  side={row[which]}
                  error={errors[`sodPairs.${i}.${which}`]}
                  onChange={(side) => update(row.key, { [which]: side })}
                />
              ))}
              <div className="policy__pair-actions">
                <button type="button" className="button button--secondary button--small" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} aria-label={`Remove pair ${i + 1}`}>
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <div>
        <button type="button" className="button button--secondary button--small" onClick={add} data-testid="policy-add-sod">
          Add pair
        </button>
      </div>
    </fieldset>
  );
}

function SideEditor({ baseId, label, side, error, onChange }: { baseId: string; label: string; side: SideDraft; error: string | undefined; onChange: (side: SideDraft) => void }) {
  const kindLabel = SIDE_KINDS.find((k) => k.kind === side.kind)!.label;
  return (
    <fieldset className="policy__side">
      <legend>{label}</legend>
      <div className="policy__side-fields">
        <div className="field">
          <label htmlFor={`${baseId}-kind`}>Kind</label>
          <select id={`${baseId}-kind`} value={side.kind} onChange={(e) => onChange({ ...side, kind: e.target.value as SideKind })}>
            {SIDE_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${baseId}-value`}>{kindLabel}</label>
          <input
            id={`${baseId}-value`}
            value={side.value}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ ...side, value: e.target.value })}
            {...invalidProps(`${baseId}-error`, error)}
          />
        </div>
        {side.kind === 'workspaceRole' ? (
          <div className="field">
            <label htmlFor={`${baseId}-workspace`}>Workspace (empty: any)</label>
            <input id={`${baseId}-workspace`} value={side.workspace} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ ...side, workspace: e.target.value })} />
          </div>
        ) : null}
      </div>
      <FieldError id={`${baseId}-error`} error={error} testId="policy-sod-side-error" />
    </fieldset>
  );
}
