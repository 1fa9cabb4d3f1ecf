import { AppError } from '../../../shared/api/result';
import { appendLedger, listLedger, verifyLedger } from '../../evidence/ledger';
import { readSettings, writeSetting } from '../../platform/settings';
import { latestVersion } from '../../db/migrate';
import { allMigrations } from '../../db/migrations';
import type { ServiceDeps } from '../context';
import { SCHEDULE_SETTING } from '../../collect/collection-service';
import type { Handler } from '../handler-types';

/** The application frame: version and paths, settings, and the ledger itself. */
export function appHandlers(deps: ServiceDeps): {
  appInfo: Handler<'appInfo'>;
  getSettings: Handler<'getSettings'>;
  setSetting: Handler<'setSetting'>;
  listLedger: Handler<'listLedger'>;
  verifyLedger: Handler<'verifyLedger'>;
} {
  return {
    appInfo: async (_args, ctx) => ({
      name: 'Access Ledger',
      version: deps.appVersion,
      schemaVersion: latestVersion(allMigrations),
      databasePath: deps.databasePath,
      transport: ctx.transport,
      now: deps.clock.now().toISOString(),
    }),
    getSettings: async () => readSettings(deps.db),
    setSetting: async ({ key, value }, ctx) => {
      // The scheduler ignores anything else: refuse it rather than "save" a schedule that never runs.
      if (key === SCHEDULE_SETTING && value !== null && !(typeof value === 'number' && Number.isInteger(value) && value >= 5 && value <= 7 * 24 * 60)) {
        throw new AppError('INVALID_ARGUMENT', `${SCHEDULE_SETTING} must be a whole number of minutes from 5 to 10080 (a week), or empty to stop scheduled polling.`);
      }
      const fromConfig = key === SCHEDULE_SETTING ? deps.collection.service.configScheduleMinutes : null;
      if (fromConfig !== null) {
        throw new AppError('CONFLICT', `The schedule comes from ${deps.collection.sources.describe()} (every ${fromConfig} minutes), which wins over this setting: change it there.`);
      }
      deps.db.transaction(() => {
        const previous = writeSetting(deps.db, deps.clock, key, value);
        appendLedger(deps.db, deps.clock, {
          actor: ctx.actor,
          action: 'settings.changed',
          subject: key,
          details: { from: previous ?? null, to: value },
        });
      })();
      if (key === SCHEDULE_SETTING) deps.collection.service.refreshSchedule();
      return readSettings(deps.db);
    },
    listLedger: async (args) =>
      listLedger(deps.db, { limit: args.limit, ...(args.beforeSeq ? { beforeSeq: args.beforeSeq } : {}) }),
    verifyLedger: async () => verifyLedger(deps.db),
  };
}
