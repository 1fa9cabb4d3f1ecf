import { z } from 'zod';
import { configPolicySchema } from './policy';
import { CREDENTIAL_VALUE_AS_NAME, looksLikeSecretValue } from './credential-name';
import { THUMBPRINT_FORMS, parseCertificateThumbprint } from './certificate-thumbprint';

/**
 * The collection config file (YAML or JSON). Secrets are never written in it: each credential
 * is named by the environment variable that holds it (`tokenEnv`, `secretEnv`, `privateKeyEnv`);
 * in the desktop app the same names key the credentials kept in the OS keychain (safeStorage).
 */
const sourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lower-case letters, digits, - and _ (e.g. "okta-prod")');
export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name such as OKTA_TOKEN')
  .refine((v) => !looksLikeSecretValue(v), CREDENTIAL_VALUE_AS_NAME);
const httpsUrl = z
  .string()
  .url('must be a URL')
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u), 'must be https:// (plain http only for 127.0.0.1 simulators)');

const okta = z
  .object({
    id: sourceId,
    kind: z.literal('okta'),
    label: z.string().optional(),
    url: httpsUrl,
    auth: z.discriminatedUnion('type', [
      z.object({ type: z.literal('ssws'), tokenEnv: envName }).strict(),
      z.object({ type: z.literal('oauth'), clientId: z.string().min(1), privateKeyEnv: envName, keyId: z.string().optional(), scopes: z.array(z.string()).optional() }).strict(),
    ]),
    prefectAppId: z.string().optional(),
    logLookbackDays: z.number().int().min(1).max(180).optional(),
  })
  .strict();

const entra = z
  .object({
    id: sourceId,
    kind: z.literal('entra'),
    label: z.string().optional(),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    graphUrl: httpsUrl.optional(),
    loginUrl: httpsUrl.optional(),
    auth: z.discriminatedUnion('type', [
      z.object({ type: z.literal('secret'), secretEnv: envName }).strict(),
      z
        .object({
          type: z.literal('certificate'),
          privateKeyEnv: envName,
          thumbprint: z.string().refine((v) => parseCertificateThumbprint(v) !== undefined, `must be ${THUMBPRINT_FORMS}`),
        })
        .strict(),
    ]),
  })
  .strict();

const scim = z
  .object({
    id: sourceId,
    kind: z.literal('scim'),
    label: z.string().optional(),
    url: httpsUrl,
    auth: z.object({ type: z.literal('bearer'), tokenEnv: envName }).strict(),
    pageSize: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const hrCsv = z
  .object({
    id: sourceId,
    kind: z.literal('hr_csv'),
    label: z.string().optional(),
    path: z.string().min(1),
    columns: z.record(z.enum(['employeeId', 'email', 'name', 'status', 'hireDate', 'terminationDate', 'department']), z.string()).optional(),
    /** Extra status words, e.g. { "garden leave": "leave" }. */
    statusMap: z.record(z.string(), z.enum(['active', 'leave', 'terminated'])).optional(),
    /** Slashed dates are refused as ambiguous unless their order is given. */
    slashDates: z.enum(['M/D/YYYY', 'D/M/YYYY']).optional(),
  })
  .strict();

const prefect = z
  .object({
    id: sourceId,
    kind: z.literal('prefect'),
    label: z.string().optional(),
    url: httpsUrl.default('https://api.prefect.cloud/api'),
    accountId: z.string().uuid('must be the Prefect account id (a UUID)').or(z.string().regex(/^[0-9a-f-]{36}$/)),
    auth: z.object({ type: z.literal('bearer'), tokenEnv: envName }).strict(),
    auditLookbackDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();

export const sourceConfigSchema = z.discriminatedUnion('kind', [okta, entra, scim, hrCsv, prefect]);
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

export const networkConfigSchema = z
  .object({
    proxy: z.string().url().optional(),
    noProxy: z.string().optional(),
    extraCaFile: z.string().optional(),
    timeoutSeconds: z.number().int().min(1).max(600).optional(),
  })
  .strict();
export type NetworkConfig = z.infer<typeof networkConfigSchema>;

export const collectionConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    sources: z.array(sourceConfigSchema).min(1, 'list at least one source'),
    schedule: z.object({ intervalMinutes: z.number().int().min(5).max(7 * 24 * 60) }).strict().optional(),
    network: networkConfigSchema.optional(),
    /** The access policy; when present it is applied on start and owns the policy (read-only in Settings). */
    policy: configPolicySchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate source id "${s.id}"` });
      seen.add(s.id);
    });
  });
export type CollectionConfig = z.infer<typeof collectionConfigSchema>;
