import path from 'node:path';
import type { Connector } from '../connector';
import type { SourceConfig } from '../../../shared/domain/source-config';
import { requireSecret, type SecretSource } from '../config/secrets';
import { createOktaConnector } from './okta/okta-connector';
import { createEntraConnector } from './entra/entra-connector';
import { createScimConnector } from './scim/scim-connector';
import { createHrCsvConnector } from './hr-csv/hr-csv-connector';
import { createPrefectConnector } from './prefect/prefect-connector';

/** Builds the connector a source config describes, with its credentials resolved. */
export function buildConnector(source: SourceConfig, secrets: SecretSource, baseDir: string): Connector {
  switch (source.kind) {
    case 'okta':
      return createOktaConnector({
        sourceId: source.id,
        baseUrl: source.url,
        auth:
          source.auth.type === 'ssws'
            ? { type: 'ssws', token: requireSecret(secrets, source.id, source.auth.tokenEnv) }
            : {
                type: 'oauth',
                clientId: source.auth.clientId,
                privateKeyPem: requireSecret(secrets, source.id, source.auth.privateKeyEnv),
                privateKeyFrom: `${source.auth.privateKeyEnv} (source "${source.id}")`,
                ...(source.auth.keyId ? { keyId: source.auth.keyId } : {}),
                ...(source.auth.scopes ? { scopes: source.auth.scopes } : {}),
              },
        ...(source.prefectAppId ? { prefectAppId: source.prefectAppId } : {}),
        ...(source.logLookbackDays ? { logLookbackDays: source.logLookbackDays } : {}),
      });
    case 'entra':
      return createEntraConnector({
        sourceId: source.id,
        tenantId: source.tenantId,
        clientId: source.clientId,
        auth:
          source.auth.type === 'secret'
            ? { type: 'secret', clientSecret: requireSecret(secrets, source.id, source.auth.secretEnv) }
            : {
                type: 'certificate',
                privateKeyPem: requireSecret(secrets, source.id, source.auth.privateKeyEnv),
                privateKeyFrom: `${source.auth.privateKeyEnv} (source "${source.id}")`,
                certificateThumbprint: source.auth.thumbprint,
              },
        ...(source.graphUrl ? { graphBaseUrl: source.graphUrl } : {}),
        ...(source.loginUrl ? { loginBaseUrl: source.loginUrl } : {}),
      });
    case 'scim':
      return createScimConnector({
        sourceId: source.id,
        baseUrl: source.url,
        token: requireSecret(secrets, source.id, source.auth.tokenEnv),
        ...(source.pageSize ? { pageSize: source.pageSize } : {}),
      });
    case 'hr_csv':
      return createHrCsvConnector({
        sourceId: source.id,
        path: path.resolve(baseDir, source.path),
        ...(source.columns ? { columns: source.columns } : {}),
        ...(source.statusMap ? { statusMap: source.statusMap } : {}),
        ...(source.slashDates ? { slashDates: source.slashDates } : {}),
      });
    case 'prefect':
      return createPrefectConnector({
        sourceId: source.id,
        apiUrl: source.url,
        accountId: source.accountId,
        apiKey: requireSecret(secrets, source.id, source.auth.tokenEnv),
        ...(source.auditLookbackDays ? { auditLookbackDays: source.auditLookbackDays } : {}),
      });
  }
}
