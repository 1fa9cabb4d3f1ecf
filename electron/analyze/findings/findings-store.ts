import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { appendLedger } from '../../evidence/ledger';
import { AppError } from '../../../shared/api/result';
import { requireComplete } from '../snapshot-view';
import type { Policy } from '../policy/policy-schema';
import { computeFindings, type ComputeOptions, type FindingsResult } from './compute-findings';
import type { FindingKind, RuleId, Severity } from './finding-types';
import type { StoredFinding } from '../../../shared/domain/analysis';
import { findingVersionsHashOf } from './finding-versions-hash';
import { findingListingHash } from './finding-listing-hash';
export type { StoredFinding };

export interface RecordOutcome {
  collectionId: number;
  policyVersion: number;
  total: number;
  opened: number;
  reopened: number;
  resolved: number;
}

interface FindingRow {
  id: string;
  rule: RuleId;
  kind: FindingKind;
  severity: Severity;
  title: string;
  subject_json: string;
  evidence_json: string;
  details_json: string;
  policy_version: number;
  first_seen: number;
  last_seen: number;
  status: 'open' | 'resolved';
  resolved_in: number | null;
  first_at: string;
  last_at: string;
  resolved_at: string | null;
}

/**
 * Records the findings of one complete collection: new ones open, ones seen before get their
 * last_seen moved (and reopen if they had been resolved), open ones this collection no longer
 * shows are resolved by it. Refuses anything but a complete collection (a partial read must
 * never resolve a finding) and a collection older than the last one recorded (history is not
 * rewritten backwards). Recording the same collection again (say, after a policy change)
 * updates it in place. One transaction with its ledger entry.
 */
export function recordFindings(db: Db, clock: Clock, result: FindingsResult, actor?: string): RecordOutcome;
/** With `stillWanted`: checked inside the write transaction; when it says no, nothing is written and the answer is null. */
export function recordFindings(db: Db, clock: Clock, result: FindingsResult, actor: string, stillWanted: () => boolean): RecordOutcome | null;
export function recordFindings(db: Db, clock: Clock, result: FindingsResult, actor = 'system', stillWanted?: () => boolean): RecordOutcome | null {
  const collectionId = result.collectionId;
  requireComplete(db, collectionId);
  // Serialised before taking the write lock: at 100k people that is ~39k findings, and a
  // collection committing meanwhile waits for the lock (it gives up after 5 s).
  const rows = result.findings.map((f) => ({
    id: f.id,
    rule: f.rule,
    kind: f.kind,
    severity: f.severity,
    title: f.title,
    subject: JSON.stringify(f.subject),
    identityId: f.subject.identityId,
    email: f.subject.email?.toLowerCase() ?? null,
    evidence: JSON.stringify(f.evidence),
    details: JSON.stringify(f.details),
    policyVersion: f.policyVersion,
    c: collectionId,
  }));
  return db
    .transaction((): RecordOutcome | null => {
      if (stillWanted && !stillWanted()) return null;
      const latest = (db.prepare('SELECT max(collection_id) AS c FROM finding_runs').get() as { c: number | null }).c;
      if (latest !== null && latest > collectionId) {
        throw new AppError('CONFLICT', `Findings are already recorded up to collection ${latest}; collection ${collectionId} is older and cannot change them. Compute it without recording to look at it.`);
      }
      // The table as this recording finds it, before writing: the last recording's entry says
      // what it left, so an edit made in between (a resolved finding moved onto someone else,
      // which this recording would otherwise take into its own hash) stays visible to verify.
      const listingBefore = findingListingHash(db);
      // Every recorded finding, and for open ones what they say now: one found again exactly as
      // stored only moves its last_seen.
      const existing = new Map<string, { status: 'open' | 'resolved'; first_seen: number; resolved_in: number | null; content: string | null; version: string }>();
      for (const [id, status, firstSeen, resolvedIn, content, version] of db
        .prepare(`SELECT id, status, first_seen, resolved_in, CASE WHEN status = 'open' THEN ${CONTENT} END, ${VERSIONED} FROM findings`)
        .raw()
        .iterate() as IterableIterator<[string, 'open' | 'resolved', number, number | null, string | null, string]>) {
        existing.set(id, { status, first_seen: firstSeen, resolved_in: resolvedIn, content, version });
      }
      const insert = db.prepare(
        `INSERT INTO findings (id, rule, kind, severity, title, subject_json, identity_id, email, evidence_json, details_json, policy_version, first_seen, last_seen, status, resolved_in)
         VALUES (@id, @rule, @kind, @severity, @title, @subject, @identityId, @email, @evidence, @details, @policyVersion, @c, @c, 'open', NULL)`,
      );
      const update = db.prepare(
        `UPDATE findings SET rule = @rule, kind = @kind, severity = @severity, title = @title, subject_json = @subject, identity_id = @identityId, email = @email,
           evidence_json = @evidence, details_json = @details, policy_version = @policyVersion, last_seen = @c, status = 'open', resolved_in = NULL WHERE id = @id`,
      );
      const event = db.prepare(`INSERT OR REPLACE INTO finding_events (finding_id, collection_id, change) VALUES (?, ?, ?)`);
      // What the finding says from this collection on (see migration 011).
      const version = db.prepare(
        `INSERT OR REPLACE INTO finding_versions (finding_id, from_collection, severity, title, evidence_json, details_json, policy_version)
         VALUES (@id, @c, @severity, @title, @evidence, @details, @policyVersion)`,
      );
      let opened = 0;
      let reopened = 0;
      const seen = new Set<string>();
      const unchanged: string[] = [];
      for (const params of rows) {
        const id = params.id;
        seen.add(id);
        const before = existing.get(id);
        if (!before) {
          insert.run(params);
          version.run(params);
          event.run(id, collectionId, 'opened');
          opened += 1;
        } else if (before.status === 'open' && before.content === contentOf(params)) {
          unchanged.push(id);
          if (before.first_seen === collectionId) event.run(id, collectionId, 'opened');
        } else {
          update.run(params);
          if (before.status === 'resolved' || before.version !== versionOf(params) || before.first_seen === collectionId) version.run(params);
          if (before.status === 'resolved' && before.resolved_in === collectionId) {
            // Resolved by an earlier recording of this same collection: it was not resolved after all.
            db.prepare('DELETE FROM finding_events WHERE finding_id = ? AND collection_id = ?').run(id, collectionId);
          } else if (before.status === 'resolved') {
            event.run(id, collectionId, 'reopened');
            reopened += 1;
          } else if (before.first_seen === collectionId) {
            event.run(id, collectionId, 'opened');
          }
        }
      }
      // One statement for every finding seen again unchanged, instead of rewriting each one.
      db.prepare(`UPDATE findings SET last_seen = ? WHERE id IN (SELECT value FROM json_each(?))`).run(collectionId, JSON.stringify(unchanged));
      let resolved = 0;
      const resolve = db.prepare(`UPDATE findings SET status = 'resolved', resolved_in = ? WHERE id = ?`);
      const drop = db.prepare('DELETE FROM findings WHERE id = ?');
      const dropEvents = db.prepare('DELETE FROM finding_events WHERE finding_id = ?');
      const dropVersions = db.prepare('DELETE FROM finding_versions WHERE finding_id = ?');
      for (const [id, row] of existing) {
        if (seen.has(id) || row.status !== 'open') continue;
        if (row.first_seen === collectionId) {
          // Opened by an earlier recording of this same collection and gone now: it never was.
          dropEvents.run(id);
          dropVersions.run(id);
          drop.run(id);
          continue;
        }
        resolve.run(collectionId, id);
        event.run(id, collectionId, 'resolved');
        resolved += 1;
      }
      const outcome: RecordOutcome = { collectionId, policyVersion: result.policyVersion, total: result.findings.length, opened, reopened, resolved };
      db.prepare(
        `INSERT INTO finding_runs (collection_id, policy_version, computed_at, total, opened, reopened, resolved) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection_id) DO UPDATE SET policy_version = excluded.policy_version, computed_at = excluded.computed_at, total = excluded.total,
           opened = excluded.opened, reopened = excluded.reopened, resolved = excluded.resolved`,
      ).run(collectionId, result.policyVersion, clock.now().toISOString(), outcome.total, opened, reopened, resolved);
      const idsHash = createHash('sha256').update([...seen].sort().join('\n')).digest('hex');
      appendLedger(db, clock, {
        actor,
        action: 'findings.recorded',
        subject: `collection ${collectionId}`,
        details: {
          ...outcome,
          counts: result.counts,
          findingIdsSha256: idsHash,
          findingVersionsSha256: findingVersionsHashOf(db, collectionId),
          findingListingBeforeSha256: listingBefore,
          findingListingSha256: findingListingHash(db),
        },
      });
      return outcome;
    })
    .immediate();
}

/** The stored columns that say what a finding is (everything but when it was seen), as one comparable text. */
const CONTENT = `json_array(rule, kind, severity, title, subject_json, identity_id, email, evidence_json, details_json, policy_version)`;

/** The columns a new version starts on (migration 011): details alone changing do not start one. */
const VERSIONED = `json_array(severity, title, evidence_json, policy_version)`;

function versionOf(p: { severity: string; title: string; evidence: string; policyVersion: number }): string {
  return JSON.stringify([p.severity, p.title, p.evidence, p.policyVersion]);
}

/** CONTENT for a finding about to be written, as SQLite's json_array renders it. */
function contentOf(p: { rule: string; kind: string; severity: string; title: string; subject: string; identityId: string | null; email: string | null; evidence: string; details: string; policyVersion: number }): string {
  return JSON.stringify([p.rule, p.kind, p.severity, p.title, p.subject, p.identityId, p.email, p.evidence, p.details, p.policyVersion]);
}

/** computeFindings then recordFindings: what runs after every complete collection. */
export function refreshFindings(db: Db, clock: Clock, collectionId: number, policy: Policy, options: ComputeOptions & { actor?: string } = {}): RecordOutcome & { result: FindingsResult } {
  const result = computeFindings(db, collectionId, policy, options);
  return { ...recordFindings(db, clock, result, options.actor ?? 'system'), result };
}

const SELECT = `SELECT f.*, c1.finished_at AS first_at, c2.finished_at AS last_at, c3.finished_at AS resolved_at FROM findings f
  JOIN collections c1 ON c1.id = f.first_seen JOIN collections c2 ON c2.id = f.last_seen LEFT JOIN collections c3 ON c3.id = f.resolved_in`;

function toStored(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    rule: r.rule,
    kind: r.kind,
    severity: r.severity,
    title: r.title,
    subject: JSON.parse(r.subject_json) as StoredFinding['subject'],
    evidence: JSON.parse(r.evidence_json) as StoredFinding['evidence'],
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    policyVersion: r.policy_version,
    status: r.status,
    firstSeen: { collectionId: r.first_seen, at: r.first_at },
    lastSeen: { collectionId: r.last_seen, at: r.last_at },
    resolvedIn: r.resolved_in !== null ? { collectionId: r.resolved_in, at: r.resolved_at ?? '' } : null,
  };
}

export interface FindingQuery {
  status?: 'open' | 'resolved';
  severity?: Severity;
  rule?: RuleId;
  identityId?: string;
  email?: string;
  limit?: number;
  offset?: number;
}

/** Stored findings, most severe first, then newest. */
export function listFindings(db: Db, query: FindingQuery = {}): StoredFinding[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (query.status) add('f.status = ?', query.status);
  if (query.severity) add('f.severity = ?', query.severity);
  if (query.rule) add('f.rule = ?', query.rule);
  if (query.identityId) add('f.identity_id = ?', query.identityId);
  if (query.email) add('f.email = ?', query.email.toLowerCase());
  const rows = db
    .prepare(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, f.last_seen DESC, f.id LIMIT ? OFFSET ?`,
    )
    .all(...params, query.limit ?? 1000, query.offset ?? 0) as FindingRow[];
  return rows.map(toStored);
}

/** One finding with its history of openings and resolutions. */
export function getFinding(db: Db, id: string): (StoredFinding & { history: { collectionId: number; at: string; change: string }[] }) | null {
  const row = db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as FindingRow | undefined;
  if (!row) return null;
  const history = db
    .prepare(`SELECT e.collection_id AS collectionId, c.finished_at AS at, e.change FROM finding_events e JOIN collections c ON c.id = e.collection_id WHERE e.finding_id = ? ORDER BY e.collection_id`)
    .all(id) as { collectionId: number; at: string; change: string }[];
  return { ...toStored(row), history };
}

/**
 * The findings that were open at a recorded collection (from their opening/resolution
 * history), each as it read then: its version at that collection (severity, title, evidence,
 * details), open, last seen at the newest recording at or before it. Nothing from a later
 * collection shows. Null when findings were never recorded at or before that collection.
 */
export function findingsOpenAt(db: Db, collectionId: number): StoredFinding[] | null {
  const run = db
    .prepare('SELECT r.collection_id AS c, c.finished_at AS at FROM finding_runs r JOIN collections c ON c.id = r.collection_id WHERE r.collection_id <= ? ORDER BY r.collection_id DESC LIMIT 1')
    .get(collectionId) as { c: number; at: string } | undefined;
  if (!run) return null;
  const rows = db
    .prepare(
      // Details: the row's when it was last written at or before the collection (it is then the
      // latest version, and its day counts are the freshest that are not from later), else the version's.
      `SELECT f.id, f.rule, f.kind, v.severity, v.title, f.subject_json, v.evidence_json, CASE WHEN f.last_seen <= @c THEN f.details_json ELSE v.details_json END AS details_json,
              v.policy_version, f.first_seen, f.last_seen,
              'open' AS status, NULL AS resolved_in, c1.finished_at AS first_at, NULL AS last_at, NULL AS resolved_at
       FROM findings f JOIN collections c1 ON c1.id = f.first_seen
       JOIN (SELECT finding_id, max(collection_id) AS c FROM finding_events WHERE collection_id <= @c GROUP BY finding_id) last ON last.finding_id = f.id
       JOIN finding_events e ON e.finding_id = last.finding_id AND e.collection_id = last.c
       JOIN finding_versions v ON v.finding_id = f.id AND v.from_collection = (SELECT max(from_collection) FROM finding_versions WHERE finding_id = f.id AND from_collection <= @c)
       WHERE e.change <> 'resolved'
       ORDER BY CASE v.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, f.id`,
    )
    .all({ c: collectionId }) as FindingRow[];
  // Last seen (as of then): the newest recording at or before the collection, which showed it open.
  return rows.map((r) => toStored({ ...r, last_seen: run.c, last_at: run.at }));
}

/**
 * The policy version the findings answering for a collection were judged under: that of the
 * newest recording at or before it (every recording when `collectionId` is null, as the stored
 * list reads). Null when findings were never recorded by then.
 */
export function judgedUnderPolicy(db: Db, collectionId: number | null): number | null {
  const row = db
    .prepare('SELECT policy_version AS v FROM finding_runs WHERE collection_id <= ? ORDER BY collection_id DESC LIMIT 1')
    .get(collectionId ?? Number.MAX_SAFE_INTEGER) as { v: number } | undefined;
  return row?.v ?? null;
}

/** Open findings per severity at each recorded collection: the Overview chart's series. */
export function openFindingsSeries(db: Db): { collectionId: number; at: string; counts: Record<Severity, number> }[] {
  const runs = db.prepare('SELECT r.collection_id AS id, c.finished_at AS at FROM finding_runs r JOIN collections c ON c.id = r.collection_id ORDER BY r.collection_id').all() as {
    id: number;
    at: string;
  }[];
  const events = db
    .prepare('SELECT e.finding_id, e.collection_id, e.change, f.severity FROM finding_events e JOIN findings f ON f.id = e.finding_id ORDER BY e.collection_id')
    .all() as { finding_id: string; collection_id: number; change: string; severity: Severity }[];
  const open = new Map<string, Severity>();
  const out: { collectionId: number; at: string; counts: Record<Severity, number> }[] = [];
  let i = 0;
  for (const run of runs) {
    while (i < events.length && events[i]!.collection_id <= run.id) {
      const e = events[i]!;
      if (e.change === 'resolved') open.delete(e.finding_id);
      else open.set(e.finding_id, e.severity);
      i += 1;
    }
    const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const s of open.values()) counts[s] += 1;
    out.push({ collectionId: run.id, at: run.at, counts });
  }
  return out;
}
