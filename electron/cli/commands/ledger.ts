import type { Db } from '../../db/open-database';
import { openReadingCore } from '../open-reading-core';
import { cliLogger } from '../cli-logger';
import { existingDatabasePath } from '../cli-options';
import { UsageError, type Command } from '../command';
import { derivedAccessDisagreements } from '../../evidence/derived-agreement';
import { JsonRowsWriter } from '../json-stream';

/** What one listLedger call may return (the contract's cap). */
const PAGE = 500;

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'List the ledger of actions, newest first (50, --limit N or --all), and verify its hash chain',
  usage: 'access-ledger ledger [--db PATH] [--limit N | --all] [--verify] [--json]',
  options: { db: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' }, verify: { type: 'boolean' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    if (values.all && values.limit !== undefined) throw new UsageError('ledger: give --limit N or --all, not both');
    const limit = values.all ? Number.POSITIVE_INFINITY : values.limit === undefined ? 50 : Number(values.limit);
    if (!values.all && (!Number.isSafeInteger(limit) || limit < 1)) throw new UsageError('ledger: --limit must be a whole number of entries, 1 or more (or --all)');
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: cliLogger(io, values), env: io.env });
    try {
      const verification = await core.service.call('verifyLedger', {});
      if (values.verify) {
        // The chain proves the entries; SQLite's own check proves the file under them (a damaged
        // page elsewhere would otherwise answer questions as if nothing were wrong).
        const integrity = fileIntegrity(core.db);
        if (!integrity.ok) {
          if (values.json) io.stdout(JSON.stringify({ ...verification, ok: false, fileIntegrity: integrity.problems }, null, 2) + '\n');
          else io.stdout(`Database file ${core.databasePath} is damaged (SQLite integrity check):\n${integrity.problems.map((p) => `  ${p}`).join('\n')}\nRestore it from a backup; the ledger cannot vouch for a damaged file.\n`);
          return 1;
        }
        // Derived access is an index, not on the ledger: recompute it from the facts and compare.
        const { checked: derivedChecked, problems: derived } = derivedAccessDisagreements(core.db);
        if (derived.length > 0) {
          if (values.json) io.stdout(JSON.stringify({ ...verification, ok: false, derivedAccess: derived }, null, 2) + '\n');
          else io.stdout(`Derived access disagrees with the facts it was derived from:\n${derived.map((p) => `  ${p}`).join('\n')}\n`);
          if (!values.json && !verification.ok) io.stdout(`Ledger: ${verification.problem}\n`);
          return 1;
        }
        if (values.json) io.stdout(JSON.stringify(verification, null, 2) + '\n');
        else if (verification.ok) {
          // Nothing derived (yet, or the index was emptied): answers come from the facts, and saying "matches" would vouch for nothing.
          const derivedSays = derivedChecked > 0 ? `derived access matches the facts at ${derivedChecked} collection${derivedChecked === 1 ? '' : 's'}` : 'no derived access is stored (answers are computed from the facts)';
          io.stdout(`Ledger intact: ${verification.checked} entries, head ${verification.headHash}; database file passes SQLite's integrity check; ${derivedSays}\n`);
        }
        else if (verification.disagreements.length > 0) {
          io.stdout(`Ledger chain intact (${verification.checked} entries, head ${verification.headHash}), but the tables disagree with it:\n`);
          for (const d of verification.disagreements) io.stdout(`  ${d}\n`);
        } else io.stdout(`Ledger BROKEN at entry ${verification.brokenAt}: ${verification.problem}\n`);
        return verification.ok ? 0 : 1;
      }
      // Through the same channel as the Ledger page, a page (at most 500) at a time, newest first,
      // each entry written as it comes: a long ledger is never held whole.
      const json = values.json ? new JsonRowsWriter(io.stdout, 'entries') : null;
      json?.start({});
      let listed = 0;
      let total = 0;
      let nextBeforeSeq: number | null = null;
      for (let beforeSeq: number | undefined; ; ) {
        const page = await core.service.call('listLedger', { limit: Math.min(PAGE, limit - listed), ...(beforeSeq !== undefined ? { beforeSeq } : {}) });
        if (beforeSeq === undefined) total = page.total;
        for (const e of page.entries) {
          if (json) json.row(e);
          else {
            // "collection.completed" ends every run that got to store something: say how it ended.
            const status = e.details && typeof (e.details as { status?: unknown }).status === 'string' ? ` (${(e.details as { status: string }).status})` : '';
            // The actor last: actors range from "cli" to "config file /long/path.yaml" and would push every column out of line.
            io.stdout(`${String(e.seq).padStart(6)}  ${e.at}  ${e.action.padEnd(24)} ${e.subject}${status}  by ${e.actor}\n`);
          }
        }
        listed += page.entries.length;
        nextBeforeSeq = page.nextBeforeSeq;
        await io.drained?.();
        if (page.entries.length === 0 || nextBeforeSeq === null || listed >= limit) break;
        beforeSeq = nextBeforeSeq;
      }
      if (json) {
        json.end({ total, nextBeforeSeq, verification });
        return verification.ok ? 0 : 1;
      }
      io.stdout(
        `${listed} of ${total} entries${listed < total && !values.all ? ' (--all lists every one)' : ''}; ${verification.ok ? 'chain intact' : verification.disagreements.length > 0 ? `tables disagree with the ledger: ${verification.problem}` : `chain BROKEN at ${verification.brokenAt}`}\n`,
      );
      // A broken chain is a failure however it was asked for: scripts see it in the exit code.
      return verification.ok ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};

/** SQLite's quick_check: every page and index entry well formed (not the slower cross-check of every index). */
function fileIntegrity(db: Db): { ok: boolean; problems: string[] } {
  try {
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  }
}
