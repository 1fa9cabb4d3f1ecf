import { useId, useState, type FormEvent } from 'react';
import { useLedgerClient } from '../../api/client-context';
import type { ApiCallError } from '../../api/ledger-client';
import { asApiCallError } from '../../hooks/use-api-query';
import '../button-variants.css';
import './connections.css';

/**
 * Desktop app only: hands one credential to the OS keychain through setCredential. The value
 * lives in this password box until it is sent, is cleared straight after, and is never shown
 * or read back: the app can only say that it is stored.
 */
export function CredentialStoreForm({ name, present, onStored }: { name: string; present: boolean; onStored: () => void }) {
  const api = useLedgerClient();
  const ids = useId();
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const [stored, setStored] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!value) return;
    setSaving(true);
    setError(null);
    try {
      await api.setCredential({ name, value });
      setValue('');
      setStored(true);
      onStored();
    } catch (e) {
      setError(asApiCallError(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="cred-store" onSubmit={submit} noValidate data-testid="credential-store" data-name={name}>
      <div className="field">
        <label htmlFor={`${ids}-value`} className="visually-hidden">
          Value for {name}
        </label>
        <input
          id={`${ids}-value`}
          type="password"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setStored(false);
          }}
          placeholder={present ? 'Replace the stored value' : 'Paste the credential'}
          autoComplete="new-password"
          spellCheck={false}
          aria-describedby={error ? `${ids}-error` : stored ? `${ids}-stored` : undefined}
          aria-invalid={error ? true : undefined}
        />
        {error ? (
          <p id={`${ids}-error`} className="field__error">
            {error.message}
          </p>
        ) : null}
        {stored ? (
          <p id={`${ids}-stored`} className="form__saved" role="status" data-testid="credential-stored">
            Stored in the OS keychain.
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button--small" disabled={saving || value.length === 0}>
        {saving ? 'Storing…' : present ? 'Replace' : 'Store'}
      </button>
    </form>
  );
}
