import { AppError } from '../../../shared/api/result';
import type { RulesNotJudged } from '../../../shared/domain/analysis';
import { openReadingCore } from '../open-reading-core';
import { cliLogger } from '../cli-logger';
import { existingDatabasePath } from '../cli-options';
import { UsageError, type Command } from '../command';
import { parseTime } from '../analysis-options';

export const findingsCommand: Command = {
  name: 'findings',
  summary: 'List findings (leavers still active, role drift, direct grants, stale keys…) open now or at a time',
  usage: 'access-ledger findings [--db PATH] [--at T] [--status open|resolved] [--json]',
  options: { db: { type: 'string' }, at: { type: 'string' }, status: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    if (values.status !== undefined && values.status !== 'open' && values.status !== 'resolved') throw new UsageError('findings: --status is open or resolved');
    if (values.at !== undefined && values.status === 'resolved') throw new UsageError('findings: --at lists the findings open at that time; leave out --status resolved');
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: cliLogger(io, values), env: io.env });
    try {
      const answer =
        values.at !== undefined
          ? await core.service.call('listFindings', { at: parseTime('--at', values.at).toISOString(), status: 'open' })
          : await core.service.call('listFindings', { status: (values.status as 'open' | 'resolved' | undefined) ?? 'open' });
      if (!answer.asOf) throw new AppError('NOT_FOUND', values.at !== undefined ? `No complete collection at or before ${String(values.at)}: nothing to judge.` : 'No complete collection yet: nothing has been judged.');
      // "0 findings" must mean none were found, never that nobody looked.
      if (!answer.judged) {
        throw new AppError(
          'NOT_FOUND',
          (values.status === 'resolved'
            ? 'Findings were never judged in this database: there is no answer yet. '
            : `Findings were not judged at or before collection ${answer.asOf.collectionId} (${answer.asOf.collectedAt}): there is no answer for that time. `) +
            'Judging runs after each complete collection in `collect`, `serve` and the app.',
        );
      }
      const { findings } = answer;
      const asOf = values.at !== undefined || values.status !== 'resolved' ? answer.asOf : null;
      if (values.json) {
        io.stdout(JSON.stringify({ asOf, judged: answer.judged, policyVersion: answer.policyVersion, notJudged: answer.notJudged, count: findings.length, findings }, null, 2) + '\n');
        return 0;
      }
      for (const f of findings) {
        io.stdout(`${f.severity.toUpperCase().padEnd(9)} ${f.kind.padEnd(30)} ${f.title}\n`);
      }
      io.stdout(`${findings.length} finding${findings.length === 1 ? '' : 's'}${asOf ? ` as of collection ${asOf.collectionId} (${asOf.collectedAt})` : ''}\n`);
      // A rule the policy gave nothing to judge against found nothing because it could not look.
      for (const line of notJudgedLines(answer.notJudged)) io.stdout(`${line}\n`);
      return 0;
    } finally {
      await core.close();
    }
  },
};

/** "Not judged: role-drift (incl. role escalation), expected-access-missing — the policy has no group→role mappings (see …)". */
export function notJudgedLines(notJudged: readonly RulesNotJudged[]): string[] {
  return notJudged.map(
    (n) => `Not judged: ${n.rules.map((r) => (r === 'role-drift' ? 'role-drift (incl. role escalation)' : r)).join(', ')} — ${n.because} (see README › The access policy)`,
  );
}
