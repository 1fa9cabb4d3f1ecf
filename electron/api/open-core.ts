import { openDatabase, type Db } from '../db/open-database';
import { systemClock, type Clock } from '../platform/clock';
import { createLogger, type Logger } from '../platform/logger';
import { APP_VERSION } from '../platform/version';
import { createService, type LedgerService } from './service';
import { recoverInterruptedCollections } from '../collect/store/collection-rows';

export interface Core {
  db: Db;
  service: LedgerService;
  databasePath: string;
  close(): void;
}

/**
 * Opens the database and builds the service: the one start-up path shared by the Electron
 * shell, `access-ledger serve` and every CLI command.
 */
export function openCore(options: {
  databasePath: string;
  clock?: Clock;
  logger?: Logger;
  nativeBinding?: string;
}): Core {
  const db = openDatabase(options.databasePath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const clock = options.clock ?? systemClock;
  // A collection left 'running' by a crashed process never becomes current: say so now.
  recoverInterruptedCollections(db, clock);
  const service = createService({
    db,
    databasePath: options.databasePath,
    clock,
    logger: options.logger ?? createLogger(),
    appVersion: APP_VERSION,
  });
  let closed = false;
  return {
    db,
    service,
    databasePath: options.databasePath,
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
