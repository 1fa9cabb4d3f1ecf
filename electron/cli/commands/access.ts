import { openCore } from '../../api/open-core';
import { createLogger } from '../../platform/logger';
import { resolveDatabasePath } from '../cli-options';
import type { Command } from '../command';
import { parseTime } from '../analysis-options';
import { accessAt } from '../../analyze';

export const accessCommand: Command = {
  name: 'access',
  summary: 'Who had access to which Prefect workspace, with which role and why, at a time',
  usage: 'access-ledger access [--db PATH] [--at T] [--workspace W] [--person EMAIL] [--json]',
  options: { db: { type: 'string' }, at: { type: 'string' }, workspace: { type: 'string' }, person: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const at = parseTime('--at', values.at);
    const core = openCore({ databasePath: resolveDatabasePath(values.db, io.env), logger: createLogger((l) => io.stderr(l + '\n')), env: io.env });
    try {
      const answer = accessAt(
        core.db,
        at,
        { ...(typeof values.workspace === 'string' ? { workspace: values.workspace } : {}), ...(typeof values.person === 'string' ? { email: values.person } : {}) },
        { cache: core.analysisCache },
      );
      if (values.json) {
        io.stdout(JSON.stringify(answer, null, 2) + '\n');
        return 0;
      }
      for (const r of answer.rows) {
        const why = r.provenance.map((g) => g.kind).join(' + ');
        io.stdout(`${(r.email ?? r.principal.name ?? r.principal.id).padEnd(36)} ${r.workspace.name.padEnd(16)} ${(r.role?.name ?? '-').padEnd(10)} ${why}\n`);
      }
      io.stdout(
        `${answer.rows.length} grants as of collection ${answer.collectionId} (${answer.collectedAt}); could have changed unseen until ${answer.uncertainty.to ?? 'the next poll'}\n`,
      );
      return 0;
    } finally {
      await core.close();
    }
  },
};
