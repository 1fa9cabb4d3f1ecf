import { createHash } from 'node:crypto';
import type { Db } from '../db/open-database';
import { FINDING_VERSION_COLUMNS, findingVersionLine, findingVersionsHash, type FindingVersionRow } from '../analyze/findings/finding-versions-hash';
import { findingListingHash } from '../analyze/findings/finding-listing-hash';
import { newestPerCollection, type Disagreement, type LedgerEntry, type RecordedEntry } from './ledger-entries';

/**
 * The recorded findings against the findings.recorded entries that recorded them (`entries`:
 * every one, oldest first; most checks read the newest per collection): each run's total and
 * policy, the set open at each recording and its severities, what each finding said, what the
 * table held between recordings, and each finding's state now.
 */
export function findingDisagreements(db: Db, entries: readonly LedgerEntry[]): Disagreement[] {
  const recorded = newestPerCollection(entries);
  return [
    ...findingRunDisagreements(db, recorded),
    ...findingSetDisagreements(db, recorded),
    ...findingVersionDisagreements(db, recorded),
    ...findingLatestDisagreements(db),
    ...findingListingDisagreements(db, entries),
    ...findingListingChainDisagreements(entries),
    ...findingStateDisagreements(db),
  ];
}

/** Each collection's recorded findings (finding_runs) against the findings.recorded entry that recorded them. */
function findingRunDisagreements(db: Db, recorded: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  const runs = db.prepare('SELECT collection_id AS id, policy_version AS policyVersion, total FROM finding_runs ORDER BY collection_id').all() as { id: number; policyVersion: number; total: number }[];
  const known = new Set<number>();
  for (const run of runs) {
    known.add(run.id);
    const e = recorded.get(run.id);
    if (!e) out.push({ seq: null, problem: `findings of collection ${run.id} are recorded with no ledger entry` });
    else if (e.details.total !== run.total || e.details.policyVersion !== run.policyVersion) {
      out.push({ seq: e.seq, problem: `findings of collection ${run.id} are ${run.total} under policy ${run.policyVersion} in finding_runs, ${String(e.details.total)} under policy ${String(e.details.policyVersion)} by ledger entry ${e.seq}` });
    }
  }
  for (const [id, e] of recorded) {
    if (!known.has(id)) out.push({ seq: e.seq, problem: `ledger entry ${e.seq} records findings of collection ${id}, which are gone from finding_runs` });
  }
  return out;
}

/**
 * Which findings each recording found, against its ledger entry: the ids (SHA-256 of the sorted
 * list) and the count per severity. The findings open at each recorded collection are rebuilt
 * from their events and versions in one sweep, so a finding deleted, or its severity lowered,
 * in place is caught.
 */
function findingSetDisagreements(db: Db, recorded: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  const runs = (db.prepare('SELECT collection_id FROM finding_runs ORDER BY collection_id').pluck().all() as number[]).filter((c) => recorded.has(c));
  if (runs.length === 0) return out;
  const events = db.prepare('SELECT finding_id AS id, collection_id AS c, change FROM finding_events ORDER BY collection_id').all() as { id: string; c: number; change: string }[];
  const versions = db.prepare('SELECT finding_id AS id, from_collection AS c, severity FROM finding_versions ORDER BY from_collection').all() as { id: string; c: number; severity: string }[];
  const backfilledThrough = (db.prepare('SELECT through_collection FROM finding_versions_backfilled WHERE id = 1').pluck().get() as number | undefined) ?? 0;
  const open = new Set<string>();
  const severity = new Map<string, string>();
  // The open ids in the ledger's order (JavaScript's default sort), kept sorted by merging in
  // what each recording changed: re-sorting 40k ids for each of 365 recordings took 25 s.
  let sorted: string[] = [];
  let e = 0;
  let v = 0;
  let hash = createHash('sha256').update('').digest('hex');
  // One edit to a finding in force for 90 recordings is one problem, not 90 lines.
  const runs_ = new ProblemRuns(out, {
    ids: (where, seqs) => `the findings open at ${where} are not the ones ${seqs} record${seqs.startsWith('ledger entries') ? '' : 's'} (a finding was deleted, added or its history edited)`,
    severity: (where, seqs, detail) => `the findings open at ${where} have other severities than ${seqs} record${seqs.startsWith('ledger entries') ? '' : 's'} (${detail})`,
  });
  for (const c of runs) {
    runs_.visit(c);
    for (; v < versions.length && versions[v]!.c <= c; v++) severity.set(versions[v]!.id, versions[v]!.severity);
    const wasOpen = new Set<string>();
    const touched = new Set<string>();
    for (; e < events.length && events[e]!.c <= c; e++) {
      const ev = events[e]!;
      if (!touched.has(ev.id)) {
        touched.add(ev.id);
        if (open.has(ev.id)) wasOpen.add(ev.id);
      }
      if (ev.change === 'resolved') open.delete(ev.id);
      else open.add(ev.id);
    }
    if (touched.size > 0) {
      const gone = new Set([...wasOpen].filter((id) => !open.has(id)));
      const added = [...touched].filter((id) => !wasOpen.has(id) && open.has(id)).sort();
      sorted = mergeSorted(gone.size > 0 ? sorted.filter((id) => !gone.has(id)) : sorted, added);
      hash = createHash('sha256').update(sorted.join('\n')).digest('hex');
    }
    const entry = recorded.get(c)!;
    if (typeof entry.details.findingIdsSha256 === 'string' && entry.details.findingIdsSha256 !== hash) {
      runs_.add('ids', c, entry.seq, '');
      continue;
    }
    const counts = entry.details.counts as Record<string, number> | undefined;
    if (counts && c > backfilledThrough) {
      const now: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
      for (const id of open) {
        const s = severity.get(id);
        if (s && s in now) now[s]! += 1;
      }
      const differ = Object.keys(now).filter((k) => (counts[k] ?? 0) !== now[k]);
      if (differ.length > 0) runs_.add('severity', c, entry.seq, differ.map((k) => `${k}: ${now[k]} now, ${counts[k] ?? 0} recorded`).join('; '));
    }
  }
  runs_.flush();
  return out;
}

/**
 * What each recording said about its findings (severity, title, evidence, details, policy),
 * hashed again against its findings.recorded entry (recordings from before the entry kept the
 * hash are not checked).
 */
function findingVersionDisagreements(db: Db, allRecorded: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  const recorded = new Map([...allRecorded].filter(([, e]) => typeof e.details.findingVersionsSha256 === 'string'));
  if (recorded.size === 0) return out;
  // One ordered pass, each recording's versions hashed as they come (a collection with none hashes nothing).
  const hashes = new Map<number, string>();
  let current = null as { collectionId: number; hash: ReturnType<typeof createHash> } | null;
  const finish = () => current && hashes.set(current.collectionId, current.hash.digest('hex'));
  for (const [collectionId, ...row] of db.prepare(`SELECT from_collection, ${FINDING_VERSION_COLUMNS} FROM finding_versions ORDER BY from_collection, finding_id`).raw().iterate() as IterableIterator<[number, ...FindingVersionRow]>) {
    if (!recorded.has(collectionId)) continue;
    if (current?.collectionId !== collectionId) {
      finish();
      current = { collectionId, hash: createHash('sha256') };
    }
    current.hash.update(findingVersionLine(row));
  }
  finish();
  const none = findingVersionsHash([]);
  for (const [collectionId, entry] of [...recorded].sort((a, b) => a[0] - b[0])) {
    if ((hashes.get(collectionId) ?? none) !== entry.details.findingVersionsSha256) {
      out.push({ seq: entry.seq, problem: `what the findings recorded for collection ${collectionId} say is not what ledger entry ${entry.seq} records: a finding's severity, title, evidence or details were edited, or a version deleted` });
    }
  }
  return out;
}

/** Each finding as listed now against its newest version (the one the ledger check above covers). */
function findingLatestDisagreements(db: Db): Disagreement[] {
  const rows = db
    .prepare(
      `SELECT f.id, v.finding_id IS NULL AS missing FROM findings f
       LEFT JOIN finding_versions v ON v.finding_id = f.id AND v.from_collection = (SELECT max(from_collection) FROM finding_versions WHERE finding_id = f.id)
       WHERE v.finding_id IS NULL OR f.severity IS NOT v.severity OR f.title IS NOT v.title OR f.evidence_json IS NOT v.evidence_json OR f.policy_version IS NOT v.policy_version
       ORDER BY f.id`,
    )
    .all() as { id: string; missing: number }[];
  return rows.map((r) => ({
    seq: null,
    problem: r.missing ? `finding ${r.id} has no recorded version: it was written outside a recording` : `finding ${r.id} says something other than its newest recorded version (edited in place)`,
  }));
}

/**
 * The findings table's rules, subjects, people and details against what the newest recording
 * left (its entry's findingListingSha256): recordings are the table's only writer, so the last
 * one's entry says what the table holds. Recordings from before the entry kept the hash leave
 * this unchecked until the next one.
 */
function findingListingDisagreements(db: Db, entries: readonly LedgerEntry[]): Disagreement[] {
  const newest = entries.at(-1);
  if (!newest || typeof newest.details.findingListingSha256 !== 'string') return [];
  if (findingListingHash(db) === newest.details.findingListingSha256) return [];
  return [
    {
      seq: newest.seq,
      problem: `the findings as listed now are not what the recording of ${newest.subject} left (ledger entry ${newest.seq}): a finding's rule, subject, person or details were edited in place`,
    },
  ];
}

/**
 * Between recordings: each recording's entry keeps the findings' listing as it found the table
 * (findingListingBeforeSha256) and as it left it (findingListingSha256). The first of one
 * recording must be the second of the recording before (every one, re-recordings of a
 * collection included), or the table was edited in between. The check of the newest recording
 * above cannot see such an edit once a later recording has rewritten its hash over it.
 */
function findingListingChainDisagreements(entries: readonly LedgerEntry[]): Disagreement[] {
  const out: Disagreement[] = [];
  let previous: LedgerEntry | null = null;
  for (const entry of entries) {
    const left = previous?.details.findingListingSha256;
    const found = entry.details.findingListingBeforeSha256;
    if (previous && typeof left === 'string' && typeof found === 'string' && left !== found) {
      out.push({
        seq: entry.seq,
        problem: `the findings were edited between the recording of ${previous.subject} (ledger entry ${previous.seq}) and that of ${entry.subject} (ledger entry ${entry.seq}): the later one found a finding's rule, subject, person or details other than the earlier one left them`,
      });
    }
    previous = entry;
  }
  return out;
}

/**
 * Each finding's status and when it opened and resolved, against its events (which the finding
 * set check above replays against the ledger): a critical finding marked "resolved" in place
 * would leave the open list while every recorded hash still matches.
 */
function findingStateDisagreements(db: Db): Disagreement[] {
  const rows = db
    .prepare(
      `SELECT f.id, f.status, f.first_seen AS firstSeen, f.resolved_in AS resolvedIn,
              (SELECT min(collection_id) FROM finding_events e WHERE e.finding_id = f.id) AS firstEvent,
              (SELECT collection_id FROM finding_events e WHERE e.finding_id = f.id ORDER BY collection_id DESC LIMIT 1) AS lastEvent,
              (SELECT change FROM finding_events e WHERE e.finding_id = f.id ORDER BY collection_id DESC LIMIT 1) AS lastChange
       FROM findings f ORDER BY f.id`,
    )
    .all() as { id: string; status: string; firstSeen: number; resolvedIn: number | null; firstEvent: number | null; lastEvent: number | null; lastChange: string | null }[];
  const out: Disagreement[] = [];
  for (const r of rows) {
    if (r.firstEvent === null) {
      out.push({ seq: null, problem: `finding ${r.id} has no recorded events: it was written outside a recording` });
      continue;
    }
    const status = r.lastChange === 'resolved' ? 'resolved' : 'open';
    if (r.status !== status) out.push({ seq: null, problem: `finding ${r.id} is "${r.status}" in the findings table, but its events leave it ${status} (collection ${r.lastEvent})` });
    else if (status === 'resolved' && r.resolvedIn !== r.lastEvent) out.push({ seq: null, problem: `finding ${r.id} is resolved in collection ${String(r.resolvedIn)} by the findings table, ${r.lastEvent} by its events` });
    if (r.firstSeen !== r.firstEvent) out.push({ seq: null, problem: `finding ${r.id} was first seen in collection ${r.firstSeen} by the findings table, ${r.firstEvent} by its events` });
  }
  return out;
}

/** Two ascending lists (default string order) as one. */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a as string[];
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i]! <= b[j]! ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

type ProblemKind = 'ids' | 'severity';

/**
 * Collects a check's problems per recorded collection and writes each unbroken run of
 * consecutive recordings with the same kind of problem as one line: "collections 12–90 (79
 * recordings)", with the first recording's detail.
 */
class ProblemRuns {
  private run: { kind: ProblemKind; first: number; last: number; count: number; seq: number; lastSeq: number; detail: string } | null = null;
  /** The recording checked before the current one (a run only grows across neighbours). */
  private previous: number | null = null;
  private current: number | null = null;

  constructor(
    private readonly out: Disagreement[],
    private readonly words: Record<ProblemKind, (where: string, seqs: string, detail: string) => string>,
  ) {}

  /** Every recording checked, in order, problem or not. */
  visit(c: number): void {
    this.previous = this.current;
    this.current = c;
  }

  /** A problem at the recording just visited (at most one per recording). */
  add(kind: ProblemKind, c: number, seq: number, detail: string): void {
    const r = this.run;
    if (r && r.kind === kind && r.last === this.previous) {
      r.last = c;
      r.count += 1;
      r.lastSeq = seq;
    } else {
      this.flush();
      this.run = { kind, first: c, last: c, count: 1, seq, lastSeq: seq, detail };
    }
  }

  flush(): void {
    const r = this.run;
    if (!r) return;
    const where = r.count === 1 ? `collection ${r.first}` : `collections ${r.first}–${r.last} (${r.count} recordings)`;
    const seqs = r.count === 1 ? `ledger entry ${r.seq}` : `ledger entries ${r.seq}–${r.lastSeq}`;
    this.out.push({ seq: r.seq, problem: this.words[r.kind](where, seqs, r.count === 1 ? r.detail : `at collection ${r.first}: ${r.detail}`) });
    this.run = null;
  }
}
