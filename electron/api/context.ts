import type { Db } from '../db/open-database';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';

/** What the core needs from the world; tests hand in fakes for each. */
export interface ServiceDeps {
  db: Db;
  databasePath: string;
  clock: Clock;
  logger: Logger;
  appVersion: string;
}

/** Per-call facts the transport knows: which transport, and who is acting. */
export interface CallContext {
  transport: 'ipc' | 'http' | 'direct';
  actor: string;
}
