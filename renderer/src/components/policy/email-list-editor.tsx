import { emptyEmail, type EmailDraft, type PolicyErrors } from '../../policy/policy-draft';
import { FieldError, invalidProps } from './field-error';

/** The break-glass addresses: one input per address, added and removed by button. */
export function EmailListEditor({ ids, rows, errors, onChange }: { ids: string; rows: EmailDraft[]; errors: PolicyErrors; onChange: (rows: EmailDraft[]) => void }) {
  const inputId = (key: number) => `${ids}-email-${key}`;
  const add = () => {
    const row = emptyEmail();
    onChange([...rows, row]);
    requestAnimationFrame(() => document.getElementById(inputId(row.key))?.focus());
  };
  return (
    <fieldset className="policy__fieldset" data-testid="policy-break-glass">
      <legend>Break-glass accounts</legend>
      <p className="field__help">Emergency accounts: never flagged for removal (dormant, unknown, a role above the mapping).</p>
      {rows.length === 0 ? <p className="muted">None.</p> : null}
      <ul className="policy__rows">
        {rows.map((row, i) => {
          const error = errors[`breakGlassEmails.${i}`];
          return (
            <li key={row.key} className="policy__row">
              <div className="field policy__grow">
                <label htmlFor={inputId(row.key)} className="visually-hidden">{`Break-glass address ${i + 1}`}</label>
                <input
                  id={inputId(row.key)}
                  type="email"
                  value={row.email}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="break-glass@example.com"
                  onChange={(e) => onChange(rows.map((r) => (r.key === row.key ? { ...r, email: e.target.value } : r)))}
                  {...invalidProps(`${inputId(row.key)}-error`, error)}
                  data-testid="policy-break-glass-email"
                />
                <FieldError id={`${inputId(row.key)}-error`} error={error} testId="policy-break-glass-error" />
              </div>
              <button type="button" className="button button--secondary button--small" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} aria-label={`Remove break-glass address ${i + 1}`}>
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <div>
        <button type="button" className="button button--secondary button--small" onClick={add} data-testid="policy-add-break-glass">
          Add address
        </button>
      </div>
    </fieldset>
  );
}
