import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PolicyInForce } from '../../../../shared/domain/policy';
import type { ResultOf } from '../../../../shared/api/contract';
import { useLedgerClient } from '../../api/client-context';
import { asApiCallError } from '../../hooks/use-api-query';
import { NUMBER_FIELDS, TIME_ZONE_LABEL, buildPolicy, draftFromPolicy, fieldLabel, placePolicyError, type BuiltPolicy, type PolicyDraft, type PolicyErrors } from '../../policy/policy-draft';
import { EmailListEditor } from './email-list-editor';
import { MappingsEditor } from './mappings-editor';
import { SodPairsEditor } from './sod-pairs-editor';
import { FieldError, invalidProps } from './field-error';
import '../form.css';
import '../connections/connections.css';
import './policy.css';

const NUMBER_HELP: Record<(typeof NUMBER_FIELDS)[number]['field'], string> = {
  offboardingDeadlineHours: 'Access must be gone this long after termination at the latest.',
  maxApiKeyAgeDays: 'API keys older than this are flagged.',
  dormancyDays: 'Accounts unused this long are flagged as dormant.',
};

/** Suggestions while typing a zone: the names this browser's Intl knows (the core checks the value on save). */
const TIME_ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

export interface PolicyFormProps {
  /** The version being edited: saved with expectedVersion, so a concurrent save is not overwritten. */
  current: PolicyInForce;
  onSaved: (result: ResultOf<'savePolicy'>) => void;
  /** Reloads the newest version into a fresh form (after a conflict), discarding these edits. */
  onReload: () => void;
}

/**
 * Edits the policy as a whole and saves it as the next version with a required note. Values
 * the form cannot send are flagged at once; everything else is validated by the core, whose
 * message lands beside the field it names and in the summary above the Save button.
 */
export function PolicyForm({ current, onSaved, onReload }: PolicyFormProps) {
  const api = useLedgerClient();
  const ids = useId();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(current.policy));
  const [errors, setErrors] = useState<PolicyErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  // Bumped when errors are shown; the effect runs after they are rendered and marked.
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    // Put the cursor in the first field the person must fix.
    if (focusRequest > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const change = <K extends keyof PolicyDraft>(key: K, value: PolicyDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key as string]) setErrors(({ [key as string]: _dropped, ...rest }) => rest);
  };

  const showErrors = (next: PolicyErrors) => {
    setErrors(next);
    if (next.matchRules) setAdvancedOpen(true);
    setFocusRequest((n) => n + 1);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    setConflict(null);
    const result = buildPolicy(draft);
    if (!result.ok) {
      showErrors(result.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    const rows: BuiltPolicy['rows'] = result.built.rows;
    try {
      const saved = await api.savePolicy({ policy: result.built.policy, note: draft.note.trim(), expectedVersion: current.version });
      onSaved(saved);
    } catch (caught) {
      const error = asApiCallError(caught);
      if (error.code === 'CONFLICT') {
        setConflict(error.message);
      } else {
        const placed = placePolicyError(error, rows);
        if (placed.field) showErrors({ [placed.field]: placed.message });
        else setFormError(placed.message);
      }
    } finally {
      setSaving(false);
    }
  }

  const errorList = Object.entries(errors);
  const noteId = `${ids}-note`;
  const zoneId = `${ids}-terminationTimeZone`;
  const rulesId = `${ids}-match-rules`;
  return (
    <form ref={form} className="form policy-form" onSubmit={submit} noValidate data-testid="policy-form" data-version={current.version}>
      <fieldset className="policy__fieldset">
        <legend>Deadlines and thresholds</legend>
        <div className="policy__numbers">
          {NUMBER_FIELDS.map(({ field, label, integer }) => {
            const id = `${ids}-${field}`;
            return (
              <div className="field" key={field}>
                <label htmlFor={id}>{label}</label>
                <input
                  id={id}
                  type="number"
                  inputMode={integer ? 'numeric' : 'decimal'}
                  step={integer ? 1 : 'any'}
                  min={integer ? 1 : 0}
                  value={draft[field]}
                  onChange={(e) => change(field, e.target.value)}
                  {...invalidProps(`${id}-error`, errors[field], `${id}-help`)}
                  data-testid={`policy-${field}`}
                />
                {errors[field] ? (
                  <FieldError id={`${id}-error`} error={errors[field]} testId={`policy-${field}-error`} />
                ) : (
                  <p id={`${id}-help`} className="field__help">
                    {NUMBER_HELP[field]}
                  </p>
                )}
              </div>
            );
          })}
          <div className="field">
            <label htmlFor={zoneId}>{TIME_ZONE_LABEL}</label>
            <input
              id={zoneId}
              type="text"
              value={draft.terminationTimeZone}
              placeholder="UTC"
              spellCheck={false}
              autoComplete="off"
              list={`${zoneId}-list`}
              onChange={(e) => change('terminationTimeZone', e.target.value)}
              {...invalidProps(`${zoneId}-error`, errors.terminationTimeZone, `${zoneId}-help`)}
              data-testid="policy-terminationTimeZone"
            />
            <datalist id={`${zoneId}-list`}>
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            {errors.terminationTimeZone ? (
              <FieldError id={`${zoneId}-error`} error={errors.terminationTimeZone} testId="policy-terminationTimeZone-error" />
            ) : (
              <p id={`${zoneId}-help`} className="field__help">
                The zone the HR roster&apos;s dates are days in (an IANA name such as Asia/Tokyo): the deadline counts from the start of the termination day there. Empty means UTC.
              </p>
            )}
          </div>
        </div>
      </fieldset>

      <EmailListEditor ids={ids} rows={draft.breakGlassEmails} errors={errors} onChange={(rows) => change('breakGlassEmails', rows)} />
      <MappingsEditor ids={ids} rows={draft.mappings} errors={errors} onChange={(rows) => change('mappings', rows)} />
      <SodPairsEditor ids={ids} rows={draft.sodPairs} errors={errors} onChange={(rows) => change('sodPairs', rows)} />

      <details className="policy__advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>Advanced: identity match rules as JSON</summary>
        <div className="field">
          <label htmlFor={rulesId}>Match rules (JSON)</label>
          <textarea
            id={rulesId}
            className="policy__json"
            rows={8}
            spellCheck={false}
            value={draft.matchRulesJson}
            placeholder='[{ "name": "handle-is-login", "prefect": "handle", "identity": "userNameLocalPart", "normalize": "exact" }]'
            onChange={(e) => change('matchRulesJson', e.target.value)}
            {...invalidProps(`${rulesId}-error`, errors.matchRules, `${rulesId}-help`)}
            data-testid="policy-match-rules"
          />
          {errors.matchRules ? (
            <FieldError id={`${rulesId}-error`} error={errors.matchRules} testId="policy-match-rules-error" />
          ) : (
            <p id={`${rulesId}-help`} className="field__help">
              Tried after manual links and email: a Prefect field (handle, emailLocalPart, fullName) equal to an identity attribute
              (userNameLocalPart, emailLocalPart, displayName, employeeId). Leave empty for the built-in rule.
            </p>
          )}
        </div>
      </details>

      <div className="field">
        <label htmlFor={noteId}>Note / reason (required)</label>
        <textarea
          id={noteId}
          rows={2}
          value={draft.note}
          maxLength={2000}
          required
          onChange={(e) => change('note', e.target.value)}
          {...invalidProps(`${noteId}-error`, errors.note, `${noteId}-help`)}
          data-testid="policy-note"
        />
        {errors.note ? (
          <FieldError id={`${noteId}-error`} error={errors.note} testId="policy-note-error" />
        ) : (
          <p id={`${noteId}-help`} className="field__help">
            Why the rules change; recorded with the new version and on the ledger.
          </p>
        )}
      </div>

      {errorList.length > 0 ? (
        <div className="form__banner-error" role="alert" data-testid="policy-errors">
          <p>Not saved: fix {errorList.length === 1 ? 'this field' : 'these fields'} first.</p>
          <ul className="policy__error-list">
            {errorList.map(([field, message]) => (
              <li key={field} data-field={field}>
                {fieldLabel(field)}: {message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {formError ? (
        <p className="form__banner-error" role="alert" data-testid="policy-form-error">
          {formError}
        </p>
      ) : null}
      {conflict ? (
        <div className="form__banner-error" role="alert" data-testid="policy-conflict">
          <p>{conflict}</p>
          <p>
            <button type="button" className="button button--secondary button--small" onClick={onReload} data-testid="policy-reload">
              Load the newest version (discards these edits)
            </button>
          </p>
        </div>
      ) : null}

      <div className="form__actions">
        <button type="submit" className="button" disabled={saving} data-testid="policy-save">
          {saving ? 'Saving…' : `Save as version ${current.version + 1}`}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={saving}
          onClick={() => {
            setDraft(draftFromPolicy(current.policy));
            setErrors({});
            setFormError(null);
          }}
          data-testid="policy-discard"
        >
          Discard edits
        </button>
      </div>
    </form>
  );
}
