import { openCore } from '../../api/open-core';
import { cliLogger } from '../cli-logger';
import { existingDatabasePath } from '../cli-options';
import { UsageError, type Command } from '../command';

/**
 * A source dropped from the configuration makes every later collection degraded (it could
 * not vouch for what that source holds). Retiring it says it is gone on purpose.
 */
export const retireCommand: Command = {
  name: 'retire',
  summary: 'Take a source that is no longer configured out of service (its history stays)',
  usage: 'access-ledger retire --source ID --reason TEXT [--config FILE] [--db PATH] [--json]',
  options: { source: { type: 'string' }, reason: { type: 'string' }, config: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    if (typeof values.source !== 'string' || values.source.length === 0) throw new UsageError('retire: --source ID is required');
    // The app asks for a reason too: the ledger says why a source stopped being read, not only that it did.
    const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
    if (reason.length === 0) throw new UsageError('retire: --reason TEXT is required: why the source is gone, recorded on the ledger');
    const core = openCore({
      databasePath: existingDatabasePath(values.db, io.env),
      ...(typeof values.config === 'string' ? { configFile: values.config } : {}),
      logger: cliLogger(io, values),
      env: io.env,
    });
    try {
      const retired = await core.service.call('retireSource', { sourceId: values.source, reason });
      if (values.json) io.stdout(JSON.stringify(retired, null, 2) + '\n');
      else if (retired.alreadyRetired) io.stdout(`Source "${retired.sourceId}" was already retired (${retired.retiredAt}); nothing changed.\n`);
      else
        io.stdout(
          `Retired source "${retired.sourceId}"${retired.lastReadIn !== null ? ` (last read completely by collection ${retired.lastReadIn})` : ''}: collections without it can be complete again; its history stays.\n`,
        );
      return 0;
    } finally {
      await core.close();
    }
  },
};
