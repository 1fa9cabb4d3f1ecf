import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../shared/domain/source-config';
import { sourceConfigSchema } from '../../shared/domain/source-config';
import { ApiCallError } from '../../renderer/src/api/ledger-client';
import {
  buildConnection,
  changeKind,
  draftFromConnection,
  emptyDraft,
  missingRequired,
  placeConnectionErrors,
} from '../../renderer/src/collection/connection-draft';
import { CONNECTION_KINDS, KIND_FIELDS, visibleFields } from '../../renderer/src/collection/connection-fields';

const okta: SourceConfig = {
  id: 'okta-prod',
  kind: 'okta',
  url: 'https://example.okta.com',
  auth: { type: 'oauth', clientId: '0oa123', privateKeyEnv: 'OKTA_KEY', keyId: 'kid-1', scopes: ['okta.users.read'] },
  prefectAppId: '0oaPrefect',
  logLookbackDays: 30,
};

describe('connection form fields', () => {
  it('offer exactly the keys the core accepts for each kind (checked against the real schema)', () => {
    for (const kind of CONNECTION_KINDS) {
      const draft = emptyDraft(kind);
      for (const field of KIND_FIELDS[kind]) draft.values[field.path] = draft.values[field.path] || sample(field.path);
      const built = buildConnection(draft, null);
      const parsed = sourceConfigSchema.safeParse(built);
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues[0])}`).toBe(true);
    }
  });
  it('show auth fields only for the chosen auth type', () => {
    const paths = (values: Record<string, string>) => visibleFields('entra', values).map((f) => f.path);
    expect(paths({ 'auth.type': 'secret' })).toContain('auth.secretEnv');
    expect(paths({ 'auth.type': 'secret' })).not.toContain('auth.thumbprint');
    expect(paths({ 'auth.type': 'certificate' })).toEqual(expect.arrayContaining(['auth.privateKeyEnv', 'auth.thumbprint']));
  });
});

describe('buildConnection', () => {
  it('round-trips a connection and keeps the fields the form does not show', () => {
    const draft = draftFromConnection(okta);
    expect(draft.values).toMatchObject({ id: 'okta-prod', url: 'https://example.okta.com', 'auth.type': 'oauth', 'auth.clientId': '0oa123' });
    expect(buildConnection(draft, okta)).toEqual(okta);
  });
  it('drops empty optional fields and trims values', () => {
    const draft = draftFromConnection(okta);
    draft.values.prefectAppId = '  ';
    draft.values.url = ' https://other.okta.com ';
    const built = buildConnection(draft, okta);
    expect(built).not.toHaveProperty('prefectAppId');
    expect(built.url).toBe('https://other.okta.com');
  });
  it('starts a fresh auth object when the auth type changes, so no key of the old type is left behind', () => {
    const draft = draftFromConnection(okta);
    draft.values['auth.type'] = 'ssws';
    draft.values['auth.tokenEnv'] = 'OKTA_TOKEN';
    expect(buildConnection(draft, okta).auth).toEqual({ type: 'ssws', tokenEnv: 'OKTA_TOKEN' });
  });
  it('sets the bearer auth type for SCIM and Prefect without asking', () => {
    const draft = emptyDraft('prefect');
    Object.assign(draft.values, { id: 'prefect', accountId: '0f4c6a47-8a4e-4a3f-9f0a-1d2b3c4d5e6f', 'auth.tokenEnv': 'PREFECT_API_KEY' });
    expect(buildConnection(draft, null)).toEqual({
      id: 'prefect',
      kind: 'prefect',
      accountId: '0f4c6a47-8a4e-4a3f-9f0a-1d2b3c4d5e6f',
      auth: { type: 'bearer', tokenEnv: 'PREFECT_API_KEY' },
    });
  });
  it('keeps id and label when the kind changes, and nothing else', () => {
    const draft = draftFromConnection(okta);
    const next = changeKind(draft, 'hr_csv');
    expect(next).toEqual({ kind: 'hr_csv', values: { id: 'okta-prod', label: '', path: '' } });
  });
});

describe('missingRequired', () => {
  it('flags every empty required field that is shown, and no hidden or optional one', () => {
    const draft = emptyDraft('okta');
    expect(Object.keys(missingRequired(draft)).sort()).toEqual(['auth.tokenEnv', 'id', 'url']);
  });

  it('flags a credential pasted where its name goes, before anything is sent', () => {
    const draft = { ...emptyDraft('prefect'), values: { ...emptyDraft('prefect').values, id: 'prefect', url: 'https://api.prefect.cloud/api', accountId: '00000000-0000-0000-0000-000000000000', 'auth.tokenEnv': 'pnu_be205c4fd0a94e1b8c7d2e3f4a5b6c7d8e9f' } };
    const errors = missingRequired(draft);
    expect(Object.keys(errors)).toEqual(['auth.tokenEnv']);
    expect(errors['auth.tokenEnv']).toMatch(/^This looks like the credential itself/);
    expect(errors['auth.tokenEnv']).not.toContain('pnu_');
    expect(missingRequired({ ...draft, values: { ...draft.values, 'auth.tokenEnv': 'PREFECT_API_KEY' } })).toEqual({});
  });
});

describe('placeConnectionErrors', () => {
  const draft = emptyDraft('okta');
  it('puts a field message beside the field the core names', () => {
    const error = new ApiCallError('INVALID_ARGUMENT', 'saveConnection: connection.auth.tokenEnv: must be an environment variable name such as OKTA_TOKEN');
    expect(placeConnectionErrors(error, draft)).toEqual({ fields: { 'auth.tokenEnv': 'Must be an environment variable name such as OKTA_TOKEN.' }, form: null });
    const id = new ApiCallError('INVALID_ARGUMENT', 'saveConnection: connection.id: use lower-case letters, digits, - and _ (e.g. "okta-prod")');
    expect(Object.keys(placeConnectionErrors(id, draft).fields)).toEqual(['id']);
  });
  it('places every problem the core reports at once, one per line', () => {
    const error = new ApiCallError(
      'INVALID_ARGUMENT',
      ['saveConnection: connection.id: use lower-case letters', 'saveConnection: connection.url: must be a URL', 'saveConnection: connection.logLookbackDays: Too big'].join('\n'),
    );
    expect(placeConnectionErrors(error, draft)).toEqual({ fields: { id: 'Use lower-case letters.', url: 'Must be a URL.' }, form: 'logLookbackDays: Too big' });
  });
  it('says "Required." for a missing value', () => {
    const error = new ApiCallError('INVALID_ARGUMENT', 'saveConnection: connection.url: Invalid input: expected string, received undefined');
    expect(placeConnectionErrors(error, draft)).toEqual({ fields: { url: 'Required.' }, form: null });
  });
  it('keeps messages for fields the form does not show, and other errors, at form level', () => {
    const hidden = new ApiCallError('INVALID_ARGUMENT', 'saveConnection: connection.logLookbackDays: Too big');
    expect(placeConnectionErrors(hidden, draft)).toEqual({ fields: {}, form: 'logLookbackDays: Too big' });
    const conflict = new ApiCallError('CONFLICT', 'Sources come from config file /etc/al.yaml; edit that file instead.');
    expect(placeConnectionErrors(conflict, draft)).toEqual({ fields: {}, form: conflict.message });
  });
});

function sample(path: string): string {
  const samples: Record<string, string> = {
    id: 'sample-1',
    url: 'https://example.com/api',
    graphUrl: 'https://graph.microsoft.com',
    loginUrl: 'https://login.microsoftonline.com',
    tenantId: 'contoso',
    clientId: 'client',
    accountId: '0f4c6a47-8a4e-4a3f-9f0a-1d2b3c4d5e6f',
    path: 'roster.csv',
    'auth.thumbprint': 'a'.repeat(40),
  };
  if (path in samples) return samples[path]!;
  if (path.endsWith('Env')) return 'SAMPLE_ENV';
  return 'x';
}
