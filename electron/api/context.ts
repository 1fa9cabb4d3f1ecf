import type { Db } from '../db/open-database';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { CollectionService, SourcesProvider } from '../collect/collection-service';
import type { SecretSource } from '../collect/config/secrets';
import type { SourceConfig } from '../../shared/domain/source-config';
import type { AnalysisCache } from '../analyze/analysis-context';
import type { PolicyOrigin } from '../../shared/domain/policy';

/** What the core needs from the world; tests hand in fakes for each. */
export interface ServiceDeps {
  db: Db;
  databasePath: string;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  collection: {
    service: CollectionService;
    sources: SourcesProvider & { list(): SourceConfig[]; readOnly: boolean };
    secrets: SecretSource;
  };
  /** Analysed snapshots kept warm between questions (the current one, judged after each collection). */
  analysisCache: AnalysisCache;
  /** Findings judging and derived access in the background: refreshed after links or match rules change, which derived access depends on. */
  analysisRefresher?: { refresh(): void };
  /** Where the policy is edited; a config file with a `policy:` section owns it (Settings may not save). Absent means Settings. */
  policyOrigin?: PolicyOrigin;
  /** Only the desktop app has one (Electron safeStorage); headless, credentials come from the environment. */
  credentialStore?: CredentialStore;
}

/** Keeps credentials outside the database, encrypted by the OS (the app's safeStorage). */
export interface CredentialStore {
  set(name: string, value: string): void;
  get(name: string): string | undefined;
}

/** Per-call facts the transport knows: which transport, and who is acting. */
export interface CallContext {
  transport: 'ipc' | 'http' | 'direct';
  actor: string;
}
