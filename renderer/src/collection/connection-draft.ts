import { CREDENTIAL_VALUE_AS_NAME, looksLikeSecretValue } from '../../../shared/domain/credential-name';
import type { SourceConfig } from '../../../shared/domain/source-config';
import type { ApiCallError } from '../api/ledger-client';
import { KIND_CONSTANTS, KIND_FIELDS, visibleFields, type ConnectionKind } from './connection-fields';

/**
 * The connection form's state and its translation to and from the saved object. Fields the
 * form does not show (e.g. `pageSize`, `columns` written in a config) are carried over from
 * the connection being edited, so an edit never silently drops them.
 */
export interface ConnectionDraft {
  kind: ConnectionKind;
  values: Record<string, string>;
}

export type FieldErrors = Record<string, string>;

export function emptyDraft(kind: ConnectionKind): ConnectionDraft {
  const values: Record<string, string> = {};
  for (const field of KIND_FIELDS[kind]) values[field.path] = field.options?.[0]?.value ?? '';
  return { kind, values };
}

/** Switching kind keeps the id and display name the person already typed. */
export function changeKind(draft: ConnectionDraft, kind: ConnectionKind): ConnectionDraft {
  const next = emptyDraft(kind);
  next.values.id = draft.values.id ?? '';
  next.values.label = draft.values.label ?? '';
  return next;
}

export function draftFromConnection(connection: SourceConfig): ConnectionDraft {
  const kind = connection.kind;
  const values: Record<string, string> = {};
  for (const field of KIND_FIELDS[kind]) {
    const value = readPath(connection, field.path);
    values[field.path] = typeof value === 'string' ? value : (field.options?.[0]?.value ?? '');
  }
  return { kind, values };
}

/** Required fields left empty, checked before calling the API so all of them show at once. */
export function missingRequired(draft: ConnectionDraft): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of visibleFields(draft.kind, draft.values)) {
    const value = (draft.values[field.path] ?? '').trim();
    if (field.required && !value) errors[field.path] = 'Required.';
    else if (isCredentialNameField(field.path) && looksLikeSecretValue(value)) errors[field.path] = `This ${CREDENTIAL_VALUE_AS_NAME}.`;
  }
  return errors;
}

/** Fields that hold the name of a credential (tokenEnv, secretEnv, privateKeyEnv), never its value. */
export const isCredentialNameField = (path: string): boolean => /Env$/.test(path);

/**
 * The object sent to saveConnection. Starts from the connection being edited (same kind),
 * sets what the form shows, removes empty optional fields and fields of another auth type.
 */
export function buildConnection(draft: ConnectionDraft, base: SourceConfig | null): Record<string, unknown> {
  const out: Record<string, unknown> = base && base.kind === draft.kind ? structuredClone(base) : {};
  out.kind = draft.kind;
  const values = { ...draft.values, ...KIND_CONSTANTS[draft.kind] };
  const baseAuth = out.auth as Record<string, unknown> | undefined;
  if ('auth.type' in values && baseAuth?.type !== values['auth.type']) out.auth = {};
  if ('auth.type' in values) writePath(out, 'auth.type', values['auth.type']!);
  const shown = new Set(visibleFields(draft.kind, values).map((f) => f.path));
  for (const field of KIND_FIELDS[draft.kind]) {
    if (field.path === 'auth.type') continue;
    const value = (values[field.path] ?? '').trim();
    if (!shown.has(field.path) || value === '') deletePath(out, field.path);
    else writePath(out, field.path, value);
  }
  return out;
}

/**
 * The API reports each invalid field on a line, `saveConnection: connection.<path>: <message>`.
 * Returns each message keyed by its path when the form shows such a field; the rest at form level.
 */
export function placeConnectionErrors(error: ApiCallError, draft: ConnectionDraft): { fields: FieldErrors; form: string | null } {
  if (error.code !== 'INVALID_ARGUMENT') return { fields: {}, form: error.message };
  const fields: FieldErrors = {};
  const rest: string[] = [];
  const shownPaths = new Set(visibleFields(draft.kind, { ...draft.values, ...KIND_CONSTANTS[draft.kind] }).map((f) => f.path));
  for (const line of error.message.split('\n')) {
    const match = /^saveConnection: connection\.([A-Za-z0-9_.]+): (.+)$/s.exec(line);
    if (!match) {
      rest.push(line);
      continue;
    }
    const path = match[1]!;
    const message = /received undefined/.test(match[2]!) ? 'Required.' : match[2]!;
    if (shownPaths.has(path)) fields[path] ??= sentence(message);
    else rest.push(`${path}: ${message}`);
  }
  return { fields, form: rest.length ? rest.join('\n') : null };
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function readPath(object: unknown, path: string): unknown {
  let at: unknown = object;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function writePath(object: Record<string, unknown>, path: string, value: string): void {
  const keys = path.split('.');
  let at = object;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
}

function deletePath(object: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let at: unknown = object;
  for (const key of keys.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) return;
    at = (at as Record<string, unknown>)[key];
  }
  if (typeof at === 'object' && at !== null) delete (at as Record<string, unknown>)[keys[keys.length - 1]!];
}
