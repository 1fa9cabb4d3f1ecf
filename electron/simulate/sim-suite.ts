import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { CollectionConfig, SourceConfig } from '../../shared/domain/source-config';
import type { OrgModel } from './org/org-model';
import { startOktaSimulator, type RunningOktaSim } from './okta/okta-sim';
import { startEntraSimulator, type RunningEntraSim } from './entra/entra-sim';
import { startScimSimulator, type RunningScimSim } from './scim/scim-sim';
import { startPrefectSimulator, type RunningPrefectSim } from './prefect/prefect-sim';
import { writeHrRoster } from './hr/hr-roster-writer';

export type SimSystem = 'okta' | 'entra' | 'scim' | 'hr' | 'prefect';

export interface SimSuite {
  org: OrgModel;
  okta?: RunningOktaSim;
  entra?: RunningEntraSim;
  scim?: RunningScimSim;
  prefect?: RunningPrefectSim;
  hrPath?: string;
  /** A collection config that reads every running simulator. */
  config: CollectionConfig;
  /** The credentials the config names, as environment variables. */
  env: Record<string, string>;
  configPath: string;
  /** Rewrites the HR roster from the organisation as it now stands. */
  refreshRoster(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulators over one organisation and writes a config (and HR roster) that reads
 * them, so `simulate` and `demo` exercise exactly the connectors a customer runs.
 */
export async function startSimulatorSuite(
  org: OrgModel,
  options: { dir: string; systems: SimSystem[]; basePort?: number },
): Promise<SimSuite> {
  fs.mkdirSync(options.dir, { recursive: true });
  const port = (i: number) => (options.basePort ? { port: options.basePort + i } : {});
  const sources: SourceConfig[] = [];
  const env: Record<string, string> = {};
  const suite: Partial<SimSuite> = { org };
  const has = (s: SimSystem) => options.systems.includes(s);
  try {
    if (has('okta')) {
      const okta = await startOktaSimulator(org, { ...port(0), rateLimit: { limit: 100_000, windowMs: 60_000 } });
      suite.okta = okta;
      env.SIM_OKTA_TOKEN = okta.token;
      sources.push({ id: 'okta', kind: 'okta', url: okta.baseUrl, auth: { type: 'ssws', tokenEnv: 'SIM_OKTA_TOKEN' }, prefectAppId: okta.prefectAppId });
    }
    if (has('entra')) {
      const entra = await startEntraSimulator(org, port(1));
      suite.entra = entra;
      env.SIM_ENTRA_SECRET = entra.credentials.clientSecret;
      sources.push({
        id: 'entra',
        kind: 'entra',
        tenantId: entra.credentials.tenantId,
        clientId: entra.credentials.clientId,
        graphUrl: entra.credentials.graphBaseUrl,
        loginUrl: entra.credentials.loginBaseUrl,
        auth: { type: 'secret', secretEnv: 'SIM_ENTRA_SECRET' },
      });
    }
    if (has('scim')) {
      const scim = await startScimSimulator(org, port(2));
      suite.scim = scim;
      env.SIM_SCIM_TOKEN = scim.credentials.token;
      sources.push({ id: 'scim', kind: 'scim', url: scim.credentials.baseUrl, auth: { type: 'bearer', tokenEnv: 'SIM_SCIM_TOKEN' } });
    }
    if (has('hr')) {
      suite.hrPath = path.join(options.dir, 'hr-roster.csv');
      await writeHrRoster(org, suite.hrPath);
      sources.push({ id: 'hr', kind: 'hr_csv', path: suite.hrPath });
    }
    if (has('prefect')) {
      const prefect = await startPrefectSimulator(org, port(3));
      suite.prefect = prefect;
      env.SIM_PREFECT_API_KEY = prefect.credentials.apiKey;
      sources.push({
        id: 'prefect',
        kind: 'prefect',
        url: prefect.credentials.apiUrl,
        accountId: prefect.credentials.accountId,
        auth: { type: 'bearer', tokenEnv: 'SIM_PREFECT_API_KEY' },
        // The demo's planted history reaches back months; read the audit log that far.
        auditLookbackDays: 180,
      });
    }
  } catch (error) {
    await closeAll(suite);
    throw error;
  }
  const config: CollectionConfig = { version: 1, sources };
  const configPath = path.join(options.dir, 'simulators.yaml');
  fs.writeFileSync(
    configPath,
    `# Written by access-ledger for its simulators on 127.0.0.1; credentials come from the SIM_* environment variables.\n${YAML.stringify(config)}`,
  );
  return {
    ...(suite as SimSuite),
    config,
    env,
    configPath,
    refreshRoster: async () => {
      if (suite.hrPath) await writeHrRoster(org, suite.hrPath);
    },
    close: () => closeAll(suite),
  };
}

async function closeAll(suite: Partial<SimSuite>): Promise<void> {
  await Promise.all([suite.okta, suite.entra, suite.scim, suite.prefect].map((s) => s?.close().catch(() => undefined)));
}
