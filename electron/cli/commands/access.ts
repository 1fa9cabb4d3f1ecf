import { AppError } from '../../../shared/api/result';
import { openReadingCore } from '../open-reading-core';
import { cliLogger } from '../cli-logger';
import { existingDatabasePath } from '../cli-options';
import { UsageError, type Command } from '../command';
import { parseTime } from '../analysis-options';
import type { AccessRow } from '../../../shared/domain/analysis';
import type { AccessPageAnswer } from '../../analyze/point-in-time';
import { JsonRowsWriter } from '../json-stream';
import { workspaceMatcher } from '../../analyze/workspace-list';

export const accessCommand: Command = {
  name: 'access',
  summary: 'Who had access to which Prefect workspace, with which role and why, at a time',
  usage: 'access-ledger access [--db PATH] [--at T] [--workspace W] [--person EMAIL] [--json]',
  options: { db: { type: 'string' }, at: { type: 'string' }, workspace: { type: 'string' }, person: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const at = parseTime('--at', values.at);
    if (values.workspace === '') throw new UsageError('access: --workspace needs a workspace id, handle or name');
    if (values.person === '') throw new UsageError('access: --person needs an email address');
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: cliLogger(io, values), env: io.env });
    try {
      // Through the same typed channel as the UI, a page at a time (the whole organisation can be 100k+ rows).
      const filter = { at: at.toISOString(), ...(typeof values.workspace === 'string' ? { workspace: values.workspace } : {}), ...(typeof values.person === 'string' ? { email: values.person } : {}) };
      const PAGE = 50_000;
      const pages = async function* () {
        for (let offset = 0; ; ) {
          const page = await core.service.call('accessAt', { ...filter, offset, limit: PAGE });
          // A mistyped workspace must not read as "nobody had access".
          if (offset === 0 && typeof values.workspace === 'string' && !page.workspaces.some(workspaceMatcher(values.workspace))) {
            const known = page.workspaces.map((w) => (w.handle && w.handle !== w.name ? `${w.name} (${w.handle})` : w.name)).join(', ') || 'none';
            throw new AppError('NOT_FOUND', `No workspace "${values.workspace}" at collection ${page.collectionId} (${page.collectedAt}). Workspaces then: ${known}.`);
          }
          // Nor a mistyped address: "no grants" only for someone the sources know.
          if (offset === 0 && page.total === 0 && typeof values.person === 'string') {
            const person = await core.service.call('personAt', { at: filter.at, email: values.person });
            if (person.identity === null && person.accounts.length === 0) {
              throw new AppError('NOT_FOUND', `No person or Prefect account has the address ${values.person} at collection ${page.collectionId} (${page.collectedAt}).`);
            }
          }
          yield page;
          offset += page.rows.length;
          if (page.rows.length === 0 || offset >= page.total) return;
        }
      };
      if (values.json) {
        // Streamed page by page, each row written as JSON.stringify(answer, null, 2) would write
        // it: the whole organisation at 100k people is ~450 MB of JSON, too much to build at once.
        const json = new JsonRowsWriter(io.stdout);
        for await (const page of pages()) {
          const { total: _total, rows, ...asOf } = page;
          json.start(asOf);
          for (let i = 0; i < rows.length; i++) {
            json.row(rows[i]);
            // Wait for a pipe to take what was written, now and then, rather than queue 450 MB.
            if (i % 1000 === 999) await io.drained?.();
          }
        }
        json.end();
        return 0;
      }
      const rows: AccessRow[] = [];
      let last: AccessPageAnswer | null = null;
      for await (const page of pages()) {
        rows.push(...page.rows);
        last = page;
      }
      const { total: _total, rows: _first, ...asOf } = last!;
      const answer = { ...asOf, rows };
      const line = (who: string, workspace: string, role: string, why: string) => `${who.padEnd(36)} ${workspace.padEnd(16)} ${role.padEnd(10)} ${why}\n`;
      if (answer.rows.length > 0) io.stdout(line('WHO', 'WORKSPACE', 'ROLE', 'GRANTED BY'));
      for (const r of answer.rows) {
        io.stdout(line(r.email ?? r.principal.name ?? r.principal.id, r.workspace.name, r.role?.name ?? '-', r.provenance.map((g) => g.kind).join(' + ')));
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
