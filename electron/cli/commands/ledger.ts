import { openReadingCore } from '../open-reading-core';
import { createLogger } from '../../platform/logger';
import { existingDatabasePath } from '../cli-options';
import { UsageError, type Command } from '../command';

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'List the ledger of actions and verify its hash chain',
  usage: 'access-ledger ledger [--db PATH] [--limit N] [--verify] [--json]',
  options: { db: { type: 'string' }, limit: { type: 'string' }, verify: { type: 'boolean' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('ledger: --limit must be a whole number from 1 to 500');
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: createLogger((l) => io.stderr(l + '\n')), env: io.env });
    try {
      const verification = await core.service.call('verifyLedger', {});
      if (values.verify) {
        if (values.json) io.stdout(JSON.stringify(verification, null, 2) + '\n');
        else if (verification.ok) io.stdout(`Ledger intact: ${verification.checked} entries, head ${verification.headHash}\n`);
        else if (verification.disagreements.length > 0) {
          io.stdout(`Ledger chain intact (${verification.checked} entries, head ${verification.headHash}), but the tables disagree with it:\n`);
          for (const d of verification.disagreements) io.stdout(`  ${d}\n`);
        } else io.stdout(`Ledger BROKEN at entry ${verification.brokenAt}: ${verification.problem}\n`);
        return verification.ok ? 0 : 1;
      }
      const page = await core.service.call('listLedger', { limit });
      if (values.json) {
        io.stdout(JSON.stringify({ ...page, verification }, null, 2) + '\n');
        return verification.ok ? 0 : 1;
      }
      for (const e of page.entries) io.stdout(`${String(e.seq).padStart(6)}  ${e.at}  ${e.actor.padEnd(10)} ${e.action.padEnd(24)} ${e.subject}\n`);
      io.stdout(
        `${page.entries.length} of ${page.total} entries; ${verification.ok ? 'chain intact' : verification.disagreements.length > 0 ? `tables disagree with the ledger: ${verification.problem}` : `chain BROKEN at ${verification.brokenAt}`}\n`,
      );
      // A broken chain is a failure however it was asked for: scripts see it in the exit code.
      return verification.ok ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};
