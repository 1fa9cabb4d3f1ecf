import type { SourceConfig } from '../../../shared/domain/source-config';

/**
 * What the connection form asks for, per kind of source. Plain data (no zod: the renderer may
 * not load it), mirroring shared/domain/source-config.ts; the core validates on save and its
 * messages are placed beside these fields by their dotted path.
 */
export type ConnectionKind = SourceConfig['kind'];

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldSpec {
  /** Dotted path into the connection object, e.g. `auth.tokenEnv`; matches the API's error paths. */
  path: string;
  label: string;
  help?: string;
  placeholder?: string;
  required: boolean;
  /** A select instead of a text box. */
  options?: readonly FieldOption[];
  /** Names an environment variable (or keychain entry) that holds a secret: never the secret itself. */
  credentialName?: boolean;
  /** Shown only when another field has one of these values (e.g. auth.type). */
  when?: { path: string; equals: string };
}

export const KIND_LABELS: Record<ConnectionKind, string> = {
  okta: 'Okta',
  entra: 'Microsoft Entra ID',
  scim: 'SCIM 2.0 directory',
  hr_csv: 'HR roster (CSV file)',
  prefect: 'Prefect Cloud',
};

export const CONNECTION_KINDS = Object.keys(KIND_LABELS) as ConnectionKind[];

const ID: FieldSpec = {
  path: 'id',
  label: 'Connection id',
  help: 'Lower-case letters, digits, - and _. Records and history are kept under this id.',
  placeholder: 'e.g. okta-prod',
  required: true,
};
const LABEL: FieldSpec = { path: 'label', label: 'Display name (optional)', placeholder: 'e.g. Okta production', required: false };
const CREDENTIAL_HELP = 'The name of the environment variable (in the desktop app: the stored credential) that holds it. Never the value itself.';

const credential = (path: string, label: string, placeholder: string, when?: FieldSpec['when']): FieldSpec => ({
  path,
  label,
  help: CREDENTIAL_HELP,
  placeholder,
  required: true,
  credentialName: true,
  ...(when ? { when } : {}),
});

export const KIND_FIELDS: Record<ConnectionKind, readonly FieldSpec[]> = {
  okta: [
    ID,
    LABEL,
    { path: 'url', label: 'Okta org URL', placeholder: 'https://example.okta.com', required: true },
    {
      path: 'auth.type',
      label: 'Authentication',
      required: true,
      options: [
        { value: 'ssws', label: 'API token (SSWS)' },
        { value: 'oauth', label: 'OAuth service app (private key JWT)' },
      ],
    },
    credential('auth.tokenEnv', 'API token: credential name', 'OKTA_TOKEN', { path: 'auth.type', equals: 'ssws' }),
    { path: 'auth.clientId', label: 'Client id', placeholder: '0oa…', required: true, when: { path: 'auth.type', equals: 'oauth' } },
    credential('auth.privateKeyEnv', 'Private key (PEM): credential name', 'OKTA_PRIVATE_KEY', { path: 'auth.type', equals: 'oauth' }),
    { path: 'auth.keyId', label: 'Key id (kid, optional)', required: false, when: { path: 'auth.type', equals: 'oauth' } },
    {
      path: 'prefectAppId',
      label: 'Prefect app id in Okta (optional)',
      help: 'Reads who is assigned the Prefect Cloud app.',
      placeholder: '0oa…',
      required: false,
    },
  ],
  entra: [
    ID,
    LABEL,
    { path: 'tenantId', label: 'Tenant id', placeholder: '00000000-0000-0000-0000-000000000000', required: true },
    { path: 'clientId', label: 'Application (client) id', placeholder: '00000000-0000-0000-0000-000000000000', required: true },
    {
      path: 'auth.type',
      label: 'Authentication',
      required: true,
      options: [
        { value: 'secret', label: 'Client secret' },
        { value: 'certificate', label: 'Certificate' },
      ],
    },
    credential('auth.secretEnv', 'Client secret: credential name', 'ENTRA_CLIENT_SECRET', { path: 'auth.type', equals: 'secret' }),
    credential('auth.privateKeyEnv', 'Certificate private key (PEM): credential name', 'ENTRA_PRIVATE_KEY', { path: 'auth.type', equals: 'certificate' }),
    {
      path: 'auth.thumbprint',
      label: 'Certificate thumbprint (SHA-256 or SHA-1, hex)',
      help: 'SHA-256 is Microsoft\'s current form: openssl x509 -noout -fingerprint -sha256 -in cert.pem. A SHA-1 thumbprint (as the portal lists it) still works.',
      required: true,
      when: { path: 'auth.type', equals: 'certificate' },
    },
    { path: 'graphUrl', label: 'Graph URL (optional)', placeholder: 'https://graph.microsoft.com', help: 'Only for national clouds.', required: false },
    { path: 'loginUrl', label: 'Login URL (optional)', placeholder: 'https://login.microsoftonline.com', help: 'Only for national clouds.', required: false },
  ],
  scim: [
    ID,
    LABEL,
    { path: 'url', label: 'SCIM base URL', placeholder: 'https://directory.example.com/scim/v2', required: true },
    credential('auth.tokenEnv', 'Bearer token: credential name', 'SCIM_TOKEN'),
  ],
  hr_csv: [
    ID,
    LABEL,
    {
      path: 'path',
      label: 'Roster file',
      help: 'Path of the CSV file on the machine running Access Ledger (relative paths start at the database folder).',
      placeholder: '/srv/hr/roster.csv',
      required: true,
    },
  ],
  prefect: [
    ID,
    LABEL,
    {
      path: 'url',
      label: 'API URL (optional)',
      help: 'Leave empty for Prefect Cloud.',
      placeholder: 'https://api.prefect.cloud/api',
      required: false,
    },
    { path: 'accountId', label: 'Account id', placeholder: '00000000-0000-0000-0000-000000000000', required: true },
    credential('auth.tokenEnv', 'API key: credential name', 'PREFECT_API_KEY'),
  ],
};

/** Values the form sets without asking (the only choice there is). */
export const KIND_CONSTANTS: Record<ConnectionKind, Record<string, string>> = {
  okta: {},
  entra: {},
  scim: { 'auth.type': 'bearer' },
  hr_csv: {},
  prefect: { 'auth.type': 'bearer' },
};

/** The fields shown for the current values (auth-dependent ones only for their auth type). */
export function visibleFields(kind: ConnectionKind, values: Readonly<Record<string, string>>): FieldSpec[] {
  return KIND_FIELDS[kind].filter((f) => !f.when || values[f.when.path] === f.when.equals);
}
