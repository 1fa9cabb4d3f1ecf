import path from 'node:path';
import { openDatabase, type Db } from '../db/open-database';
import { systemClock, type Clock } from '../platform/clock';
import { createLogger, type Logger } from '../platform/logger';
import { APP_VERSION } from '../platform/version';
import { createService, type LedgerService } from './service';
import type { CredentialStore, ServiceDeps } from './context';
import { recoverInterruptedCollections } from '../collect/store/collection-rows';
import { CollectionService } from '../collect/collection-service';
import { configFileSources, savedConnectionSources } from '../collect/config/sources-provider';
import { loadConfigFile, type LoadedConfig } from '../collect/config/load-config';
import { chainSecretSources, envSecretSource, type SecretSource } from '../collect/config/secrets';
import { httpOptionsFromConfig } from '../collect/config/network-options';
import { createHttpClient, type HttpClientOptions } from '../collect/http/undici-client';
import type { HttpClient } from '../collect/http/http-client';
import { AnalysisCache } from '../analyze/analysis-context';
import { applyConfigPolicy } from '../analyze/policy/config-policy';
import type { PolicyOrigin } from '../../shared/domain/policy';
import { startAnalysisRefresher, type AnalysisRefresher } from '../analyze/background/analysis-refresher';

export interface Core {
  db: Db;
  service: LedgerService;
  /** What the service was built from: tests use it to swap single handlers. */
  deps: ServiceDeps;
  collection: CollectionService;
  /** Analysed snapshots kept warm between questions (the current one, mostly). */
  analysisCache: AnalysisCache;
  /** Derived access (point-in-time answers for any date): refresh it after identity links or the policy change. */
  analysisRefresher: AnalysisRefresher;
  databasePath: string;
  close(): Promise<void>;
}

export interface OpenCoreOptions {
  databasePath: string;
  /**
   * Open without writing anything (a reading command on a file this user cannot write, say an
   * auditor's read-only copy): no interrupted-run sweep, no policy from a config, no schema
   * upgrade (an older file is refused). Anything that would write fails with a clear error.
   */
  readOnly?: boolean;
  clock?: Clock;
  logger?: Logger;
  nativeBinding?: string;
  /** A collection config file; without one, sources are the connections saved in the database. */
  configFile?: string;
  /** The config file already read by the caller (collect checks its credentials first): not read again. */
  loadedConfig?: LoadedConfig;
  env?: NodeJS.ProcessEnv;
  /** The desktop app's keychain; consulted before the environment. */
  credentialStore?: CredentialStore;
  /** Poll on a schedule (the app and `serve`): the config's interval, else the Settings one. */
  schedule?: boolean;
  /** Tests and the demo may hand in their own HTTP clients. */
  createHttpClient?: () => HttpClient;
  httpOptions?: HttpClientOptions;
}

/**
 * Opens the database and builds the service: the one start-up path shared by the Electron
 * shell, `access-ledger serve` and every CLI command.
 */
export function openCore(options: OpenCoreOptions): Core {
  const loaded = options.loadedConfig ?? (options.configFile ? loadConfigFile(options.configFile) : null);
  // The files the config names (the extra CA) are read before the database is opened: a
  // mistake in them must not leave a new, empty database behind.
  const configHttpOptions = httpOptionsFromConfig(loaded?.config.network, loaded?.baseDir ?? process.cwd(), loaded?.file);
  const db = openDatabase(options.databasePath, { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), ...(options.readOnly ? { readonly: true } : {}) });
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  // A collection left 'running' by a crashed process never becomes current: say so now.
  if (!options.readOnly) recoverInterruptedCollections(db, clock);

  const env = envSecretSource(options.env ?? process.env);
  const store = options.credentialStore;
  const secrets: SecretSource = store
    ? chainSecretSources({ get: (n) => store.get(n), describe: (n) => `the app's keychain (${n})` }, env)
    : env;
  const sources = loaded
    ? configFileSources(loaded, secrets)
    : savedConnectionSources(db, secrets, path.dirname(path.resolve(options.databasePath === ':memory:' ? '.' : options.databasePath)));
  const httpOptions = { ...configHttpOptions, ...options.httpOptions };
  const analysisCache = new AnalysisCache();
  // A config file with a policy owns it: applied now (a new version only if its content
  // differs), and read-only in Settings for the life of the process.
  const policyOrigin: PolicyOrigin = loaded?.config.policy && !options.readOnly
    ? applyConfigPolicy(db, clock, loaded.file, loaded.config.policy, analysisCache).origin
    : { kind: 'settings' };
  const analysisRefresher = startAnalysisRefresher({
    db,
    clock,
    logger,
    databasePath: options.databasePath,
    cache: analysisCache,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const collection = new CollectionService({
    db,
    clock,
    logger,
    // Findings are judged on every complete collection, under the policy in force, and derived
    // access is brought up to date: both in a worker thread that reads the committed collection
    // itself (synchronously here when there is no worker: tests on the sources, ':memory:').
    afterComplete: (collectionId) => analysisRefresher.refresh(collectionId),
    // A connection test answers a person: one retry, and a rate limit that asks for more than a
    // few seconds is reported (as a 429) instead of waited out.
    createHttpClient: options.createHttpClient ?? ((o) => createHttpClient(o?.failFast ? { ...httpOptions, maxRetries: 1, maxWaitMs: 3_000 } : httpOptions)),
    sources,
  });
  const scheduleMinutes = loaded?.config.schedule?.intervalMinutes ?? null;
  const deps: ServiceDeps = {
    db,
    databasePath: options.databasePath,
    clock,
    logger,
    appVersion: APP_VERSION,
    collection: { service: collection, sources, secrets },
    analysisCache,
    analysisRefresher,
    policyOrigin,
    ...(store ? { credentialStore: store } : {}),
  };
  const service = createService(deps);
  if (options.schedule) {
    collection.enableScheduling(scheduleMinutes);
    // A long-running process (the app, serve) derives what an upgrade or a link change left missing.
    analysisRefresher.refresh();
  }
  let closed = false;
  return {
    db,
    service,
    deps,
    collection,
    analysisCache,
    analysisRefresher,
    databasePath: options.databasePath,
    async close() {
      if (closed) return;
      closed = true;
      await collection.close();
      await analysisRefresher.close();
      db.close();
    },
  };
}
