import type { FieldSpec } from '../../collection/connection-fields';
import '../form.css';
import './connections.css';

export interface ConnectionFieldProps {
  spec: FieldSpec;
  /** The input's id; the error and help ids derive from it. */
  inputId: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  readOnly?: boolean;
}

/**
 * One labelled input or select of the connection form, with its help text or, when the core
 * refused the value, the core's message in its place (linked by aria-describedby).
 */
export function ConnectionField({ spec, inputId, value, error, onChange, readOnly = false }: ConnectionFieldProps) {
  const describedBy = error ? `${inputId}-error` : spec.help ? `${inputId}-help` : undefined;
  const testId = `connection-field-${spec.path}`;
  return (
    <div className="field" data-testid={`${testId}-wrap`}>
      <label htmlFor={inputId}>{spec.label}</label>
      {spec.options ? (
        <select id={inputId} name={spec.path} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy} data-testid={testId}>
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={inputId}
          name={spec.path}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={spec.placeholder}
          readOnly={readOnly}
          autoComplete="off"
          spellCheck={false}
          required={spec.required}
          className={spec.credentialName || spec.path === 'id' ? 'field__mono' : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
        />
      )}
      {error ? (
        <p id={`${inputId}-error`} className="field__error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : spec.help ? (
        <p id={`${inputId}-help`} className="field__help">
          {spec.help}
        </p>
      ) : null}
    </div>
  );
}
