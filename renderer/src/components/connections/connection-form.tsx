import { useId, useState, type FormEvent } from 'react';
import type { SourceConfig } from '../../../../shared/domain/source-config';
import type { ArgsOf } from '../../../../shared/api/contract';
import { useLedgerClient } from '../../api/client-context';
import { asApiCallError } from '../../hooks/use-api-query';
import { CONNECTION_KINDS, KIND_LABELS, visibleFields, type ConnectionKind } from '../../collection/connection-fields';
import {
  buildConnection,
  changeKind,
  draftFromConnection,
  emptyDraft,
  missingRequired,
  placeConnectionErrors,
  isCredentialNameField,
  type ConnectionDraft,
  type FieldErrors,
} from '../../collection/connection-draft';
import { ConnectionField } from './connection-field';
import '../form.css';
import './connections.css';

export interface ConnectionFormProps {
  /** The connection being edited, or null to add one. */
  initial: SourceConfig | null;
  existingIds: readonly string[];
  onSaved: (saved: SourceConfig, added: boolean) => void;
  onCancel: () => void;
}

/**
 * Adds or edits one connection. Only the fields its kind needs are shown; credentials are
 * named, never typed in here. Empty required fields are flagged at once; everything else is
 * validated by the core, whose message lands beside the field it names.
 */
export function ConnectionForm({ initial, existingIds, onSaved, onCancel }: ConnectionFormProps) {
  const api = useLedgerClient();
  const ids = useId();
  const [draft, setDraft] = useState<ConnectionDraft>(() => (initial ? draftFromConnection(initial) : emptyDraft('okta')));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const editing = initial !== null;
  const inputId = (path: string) => `${ids}-${path.replace(/\./g, '-')}`;

  const setValue = (path: string, value: string) => {
    setDraft((d) => ({ ...d, values: { ...d.values, [path]: value } }));
    setErrors((e) => {
      if (!(path in e)) return e;
      const { [path]: _dropped, ...rest } = e;
      return rest;
    });
  };

  const focusFirst = (paths: string[]) => {
    const first = visibleFields(draft.kind, draft.values).find((f) => paths.includes(f.path));
    if (first) document.getElementById(inputId(first.path))?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const missing = missingRequired(draft);
    const id = (draft.values.id ?? '').trim();
    if (!editing && id && existingIds.includes(id)) missing.id = `A connection "${id}" already exists: edit it in the list above, or choose another id.`;
    if (Object.keys(missing).length > 0) {
      // A credential pasted into a name field is cleared at once: it is never sent, and not left on screen.
      const pasted = Object.keys(missing).filter((path) => isCredentialNameField(path) && missing[path] !== 'Required.');
      if (pasted.length > 0) setDraft((d) => ({ ...d, values: { ...d.values, ...Object.fromEntries(pasted.map((path) => [path, ''])) } }));
      setErrors(missing);
      focusFirst(Object.keys(missing));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const connection = buildConnection(draft, initial) as ArgsOf<'saveConnection'>['connection'];
      const saved = await api.saveConnection({ connection });
      onSaved(saved, !editing);
    } catch (error) {
      const placed = placeConnectionErrors(asApiCallError(error), draft);
      setErrors(placed.fields);
      setFormError(placed.form);
      if (Object.keys(placed.fields).length > 0) focusFirst(Object.keys(placed.fields));
    } finally {
      setSaving(false);
    }
  }

  const fields = visibleFields(draft.kind, draft.values);
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="connection-form" data-mode={editing ? 'edit' : 'add'}>
      <div className="form__grid">
        <div className="field">
          <label htmlFor={`${ids}-kind`}>Kind of source</label>
          <select
            id={`${ids}-kind`}
            name="kind"
            value={draft.kind}
            disabled={editing}
            onChange={(e) => {
              setDraft((d) => changeKind(d, e.target.value as ConnectionKind));
              setErrors({});
            }}
            aria-describedby={editing ? `${ids}-kind-help` : undefined}
            data-testid="connection-kind"
          >
            {CONNECTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          {editing ? (
            <p id={`${ids}-kind-help`} className="field__help">
              The kind and id of a saved connection stay fixed: its history is kept under them.
            </p>
          ) : null}
        </div>
        {fields.map((spec) => (
          <ConnectionField
            key={`${draft.kind}-${spec.path}`}
            spec={spec}
            inputId={inputId(spec.path)}
            value={draft.values[spec.path] ?? ''}
            error={errors[spec.path]}
            onChange={(v) => setValue(spec.path, v)}
            readOnly={editing && spec.path === 'id'}
          />
        ))}
      </div>
      {formError ? (
        <p className="form__banner-error" role="alert" data-testid="connection-form-error">
          {formError}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="submit" className="button" disabled={saving} data-testid="connection-save">
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add connection'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={saving} data-testid="connection-cancel">
          {editing ? 'Cancel' : 'Clear'}
        </button>
      </div>
    </form>
  );
}
