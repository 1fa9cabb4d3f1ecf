import { openReadingCore } from '../open-reading-core';
import { cliLogger } from '../cli-logger';
import { existingDatabasePath } from '../cli-options';
import { UsageError, type Command } from '../command';
import { parseTime, requireString } from '../analysis-options';
import { writeJson } from '../json-stream';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Access added, removed and changed between two times',
  usage: 'access-ledger diff --from T1 --to T2 [--db PATH] [--json]',
  options: { db: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const from = parseTime('--from', requireString('diff: --from', values.from));
    const to = parseTime('--to', requireString('diff: --to', values.to));
    if (from.getTime() > to.getTime()) throw new UsageError(`diff: --from (${from.toISOString()}) is later than --to (${to.toISOString()}); swap them`);
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: cliLogger(io, values), env: io.env });
    try {
      const diff = await core.service.call('diffAccess', { from: from.toISOString(), to: to.toISOString() });
      if (values.json) {
        // In pieces: a year's diff at 100k people is longer than one JavaScript string can be.
        await writeJson(diff, io.stdout, io.drained);
        return 0;
      }
      const counts = Object.entries(diff.counts).map(([kind, n]) => `${n} ${kind}`).join(', ');
      io.stdout(`From collection ${diff.from.collectionId} (${diff.from.collectedAt}) to ${diff.to.collectionId} (${diff.to.collectedAt}): ${counts}\n`);
      for (const c of diff.changes) {
        const who = c.email ?? c.principal.name ?? c.principal.id;
        const where = c.scope === 'account' ? 'account' : (c.workspace?.name ?? '?');
        io.stdout(`${c.change.padEnd(10)} ${who.padEnd(36)} ${where.padEnd(16)} ${c.before?.role ?? '(no access)'} -> ${c.after?.role ?? '(no access)'}\n`);
      }
      return 0;
    } finally {
      await core.close();
    }
  },
};
