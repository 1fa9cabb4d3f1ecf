import { createHash } from 'node:crypto';
import type { Db } from '../db/open-database';
import { ledgerDisagreements } from './ledger-agreement';
import type { Clock } from '../platform/clock';
import { redactDeep } from '../platform/redact';
import { canonicalJson } from '../../shared/canonical-json';
import type { LedgerEntry, LedgerPage, LedgerVerification } from '../../shared/domain/app';

/** The hash the chain starts from, so the first entry also has something to link to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface LedgerAppend {
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

interface LedgerRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one entry: covers its content and the previous entry's hash. */
export function entryHash(entry: Omit<LedgerEntry, 'hash'>): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Appends one action to the tamper-evident ledger. Call it inside the same transaction as
 * the change it records, so a change and its ledger entry land together or not at all.
 */
export function appendLedger(db: Db, clock: Clock, entry: LedgerAppend): LedgerEntry {
  const head = db.prepare('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const draft = {
    seq: (head?.seq ?? 0) + 1,
    at: clock.now().toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: redactDeep(entry.details ?? {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const full: LedgerEntry = { ...draft, hash: entryHash(draft) };
  db.prepare(
    `INSERT INTO ledger_entries (seq, at, actor, action, subject, details_json, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @subject, @details_json, @prevHash, @hash)`,
  ).run({ ...full, details_json: canonicalJson(full.details) });
  return full;
}

function toEntry(row: LedgerRow): LedgerEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: JSON.parse(row.details_json) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Newest first, paged by sequence number. */
export function listLedger(db: Db, options: { beforeSeq?: number; limit: number }): LedgerPage {
  const rows = db
    .prepare('SELECT * FROM ledger_entries WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit) as LedgerRow[];
  const total = (db.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n;
  const last = rows.at(-1);
  return {
    entries: rows.map(toEntry),
    total,
    nextBeforeSeq: last && last.seq > 1 ? last.seq : null,
  };
}

/** Re-walks the whole chain: every hash recomputed, every link and sequence number checked. */
export function verifyLedger(db: Db): LedgerVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const row of db.prepare('SELECT * FROM ledger_entries ORDER BY seq').iterate() as IterableIterator<LedgerRow>) {
    const entry = toEntry(row);
    const fail = (problem: string): LedgerVerification => ({
      ok: false,
      checked,
      headSeq: entry.seq,
      headHash: entry.hash,
      brokenAt: entry.seq,
      problem,
      disagreements: [],
    });
    if (entry.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (found ${entry.seq} next)`);
    if (entry.prevHash !== prevHash) return fail(`entry ${entry.seq} does not link to entry ${entry.seq - 1}`);
    if (entryHash(entry) !== entry.hash) return fail(`entry ${entry.seq} was altered after it was written`);
    prevHash = entry.hash;
    expectedSeq += 1;
    checked += 1;
  }
  // An intact chain: do the tables still say what it recorded?
  const disagreements = ledgerDisagreements(db);
  if (disagreements.length > 0) {
    const first = disagreements[0]!;
    const more = disagreements.length > 1 ? ` (and ${disagreements.length - 1} more)` : '';
    return { ok: false, checked, headSeq: expectedSeq - 1, headHash: prevHash, brokenAt: first.seq, problem: `${first.problem}${more}`, disagreements: disagreements.map((d) => d.problem) };
  }
  return { ok: true, checked, headSeq: expectedSeq - 1, headHash: prevHash, brokenAt: null, problem: null, disagreements: [] };
}
