import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { SettingValue, SettingsMap } from '../../../shared/domain/app';
import { useLedgerClient } from '../api/client-context';
import { asApiCallError } from '../hooks/use-api-query';
import { settingType } from '../format';
import { placeSettingError, type SettingField } from './setting-errors';
import './form.css';

type ValueType = ReturnType<typeof settingType>;

export interface SettingDraft {
  key: string;
  value: SettingValue;
}

/**
 * Adds or changes one setting. The core validates (key shape, value size) and records the
 * change on the ledger; its validation message is shown beside the field it concerns.
 */
export function SettingForm({ initial, onSaved }: { initial: SettingDraft | null; onSaved: (settings: SettingsMap, key: string) => void }) {
  const api = useLedgerClient();
  const ids = useId();
  const [key, setKey] = useState(initial?.key ?? '');
  const [type, setType] = useState<ValueType>(initial ? settingType(initial.value) : 'text');
  const [text, setText] = useState(initial && initial.value !== null ? String(initial.value) : '');
  const [errors, setErrors] = useState<Partial<Record<SettingField | 'form', string>>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  function changeType(next: ValueType) {
    setType(next);
    if (next === 'boolean' && text !== 'true') setText('false');
    setErrors((e) => ({ ...e, value: undefined }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const parsed = parseValue(type, text);
    if ('error' in parsed) {
      setErrors({ value: parsed.error });
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const settings = await api.setSetting({ key: key.trim(), value: parsed.value });
      setSaved(key.trim());
      onSaved(settings, key.trim());
    } catch (error) {
      const placed = placeSettingError(asApiCallError(error));
      setErrors({ [placed.field ?? 'form']: placed.message });
    } finally {
      setSaving(false);
    }
  }

  const keyError = errors.key ? `${ids}-key-error` : undefined;
  const valueError = errors.value ? `${ids}-value-error` : undefined;
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="setting-form">
      <div className="form__row">
        <div className="field">
          <label htmlFor={`${ids}-key`}>Key</label>
          <input
            id={`${ids}-key`}
            name="key"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="e.g. collection.intervalMinutes"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={errors.key ? true : undefined}
            aria-describedby={keyError ?? `${ids}-key-help`}
            data-testid="setting-key"
          />
          {errors.key ? (
            <p id={keyError} className="field__error" data-testid="setting-key-error">
              {errors.key}
            </p>
          ) : (
            <p id={`${ids}-key-help`} className="field__help">
              Dotted lowerCamel names, e.g. <code>collection.intervalMinutes</code> (the polling interval). The access policy has its own page.
            </p>
          )}
        </div>
        <div className="field field--narrow">
          <label htmlFor={`${ids}-type`}>Type</label>
          <select id={`${ids}-type`} name="type" value={type} onChange={(e) => changeType(e.target.value as ValueType)} data-testid="setting-type">
            <option value="text">Text</option>
            <option value="number">Number</option>
            <option value="boolean">True / false</option>
            <option value="null">Empty (null)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-value`}>Value</label>
          {type === 'boolean' ? (
            <select id={`${ids}-value`} name="value" value={text === 'true' ? 'true' : 'false'} onChange={(e) => setText(e.target.value)} autoFocus={initial !== null} data-testid="setting-value">
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              id={`${ids}-value`}
              name="value"
              value={type === 'null' ? '' : text}
              onChange={(e) => setText(e.target.value)}
              disabled={type === 'null'}
              inputMode={type === 'number' ? 'decimal' : undefined}
              autoComplete="off"
              aria-invalid={errors.value ? true : undefined}
              aria-describedby={valueError}
              autoFocus={initial !== null}
              data-testid="setting-value"
            />
          )}
          {errors.value ? (
            <p id={valueError} className="field__error" data-testid="setting-value-error">
              {errors.value}
            </p>
          ) : null}
        </div>
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={saving} data-testid="setting-save">
          {saving ? 'Saving…' : 'Save setting'}
        </button>
        {errors.form ? (
          <p className="field__error" role="alert" data-testid="setting-form-error">
            {errors.form}
          </p>
        ) : null}
        {saved ? (
          <p className="form__saved" role="status" data-testid="setting-saved">
            Saved <code>{saved}</code>. The change is recorded on the <Link to="/ledger">ledger</Link>.
          </p>
        ) : null}
      </div>
    </form>
  );
}

function parseValue(type: ValueType, text: string): { value: SettingValue } | { error: string } {
  switch (type) {
    case 'null':
      return { value: null };
    case 'boolean':
      return { value: text === 'true' };
    case 'number': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) return { error: `"${text}" is not a number.` };
      return { value: n };
    }
    default:
      return { value: text };
  }
}
