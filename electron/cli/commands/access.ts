import { openCore } from '../../api/open-core';
import { createLogger } from '../../platform/logger';
import { resolveDatabasePath } from '../cli-options';
import type { Command } from '../command';
import { parseTime } from '../analysis-options';
import type { AccessRow } from '../../../shared/domain/analysis';

export const accessCommand: Command = {
  name: 'access',
  summary: 'Who had access to which Prefect workspace, with which role and why, at a time',
  usage: 'access-ledger access [--db PATH] [--at T] [--workspace W] [--person EMAIL] [--json]',
  options: { db: { type: 'string' }, at: { type: 'string' }, workspace: { type: 'string' }, person: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const at = parseTime('--at', values.at);
    const core = openCore({ databasePath: resolveDatabasePath(values.db, io.env), logger: createLogger((l) => io.stderr(l + '\n')), env: io.env });
    try {
      // Through the same typed channel as the UI, a page at a time (the whole organisation can be 100k+ rows).
      const filter = { at: at.toISOString(), ...(typeof values.workspace === 'string' ? { workspace: values.workspace } : {}), ...(typeof values.person === 'string' ? { email: values.person } : {}) };
      const rows: AccessRow[] = [];
      const PAGE = 50_000;
      let page = await core.service.call('accessAt', { ...filter, offset: 0, limit: PAGE });
      rows.push(...page.rows);
      while (rows.length < page.total) {
        page = await core.service.call('accessAt', { ...filter, offset: rows.length, limit: PAGE });
        if (page.rows.length === 0) break;
        rows.push(...page.rows);
      }
      const { total: _total, rows: _first, ...asOf } = page;
      const answer = { ...asOf, rows };
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
