import { openCore } from '../../api/open-core';
import { configFileSources } from '../../collect/config/sources-provider';
import { loadConfigFile } from '../../collect/config/load-config';
import { checkConfigFiles } from '../../collect/config/config-files';
import { envSecretSource } from '../../collect/config/secrets';
import { cliLogger } from '../cli-logger';
import { getCollection } from '../../collect/store/collection-rows';
import { resolveDatabasePath } from '../cli-options';
import { createProgressRenderer } from '../progress-bar';
import { UsageError, type Command } from '../command';
import { AppError } from '../../../shared/api/result';
import { formatCollection, formatQuarantine } from '../format-collection';
import { listQuarantine } from '../../collect/store/quarantine-rows';

export const collectCommand: Command = {
  name: 'collect',
  summary: 'Poll every configured source once and store the result as a snapshot',
  usage: 'access-ledger collect --config FILE [--db PATH] [--json]',
  options: { config: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    if (typeof values.config !== 'string') throw new UsageError('collect: --config FILE is required');
    // Every source is built (each credential it names looked up) and every file the config
    // names is read (the extra CA, HR rosters) before the database is opened or created: a
    // missing credential or file leaves nothing on disk.
    const loadedConfig = loadConfigFile(values.config);
    // Both checks run, so a missing credential and a missing file are named in one go.
    const problems: string[] = [];
    for (const check of [() => configFileSources(loadedConfig, envSecretSource(io.env)).connectors(), () => checkConfigFiles(loadedConfig)]) {
      try {
        check();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) throw new AppError('INVALID_ARGUMENT', problems.join('\n'));
    const logger = cliLogger(io, values);
    const core = openCore({ databasePath: resolveDatabasePath(values.db, io.env), loadedConfig, logger, env: io.env });
    try {
      const controller = new AbortController();
      io.onStop(() => {
        io.stderr('\nCancelling: nothing from this run will be stored.\n');
        controller.abort();
      });
      const bar = createProgressRenderer(io.stderr, Boolean(process.stderr.isTTY) && !values.json);
      const outcome = await core.collection.runToEnd('cli', 'cli', (p) => bar.update(p), controller.signal);
      // Its findings are judged (and access derived) in the background: wait, so they are on
      // record when the command returns.
      if (outcome.status === 'complete') await core.analysisRefresher.idle();
      const summary = getCollection(core.db, outcome.collectionId)!;
      const quarantine = listQuarantine(core.db, outcome.collectionId, values.json ? 1000 : 20);
      if (values.json) io.stdout(JSON.stringify({ ...summary, quarantine: { total: quarantine.total, items: quarantine.items } }, null, 2) + '\n');
      else io.stdout(formatCollection(summary) + formatQuarantine(quarantine));
      return outcome.status === 'complete' || outcome.status === 'degraded' ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};
