import { createHash } from 'node:crypto';
import type { Db } from '../db/open-database';
import { policyHash } from '../analyze/policy/policy-hash';
import { sourceContentHash } from '../collect/store/content-hash';
import { closedVersionsHash, versionsStartingAfter } from '../collect/store/closed-versions-hash';
import { NO_EVENTS_HASH, allEventsHashes } from '../collect/store/events-hash';
import { FINDING_VERSION_COLUMNS, findingVersionsHash, type FindingVersionRow } from '../analyze/findings/finding-versions-hash';

/**
 * The hash chain proves the ledger was not edited, but not that the tables still say what the
 * ledger recorded: a collection's status or content hash changed in place, or a collection
 * row with no entry (a ledger whose newest entries were cut off). This checks what an auditor
 * relies on most, the snapshots, the policy they were judged under, the findings recorded
 * for them and the sources retired from them, against the entries that recorded them.
 * (Cutting entries that name no table row can only be caught against a head hash kept
 * elsewhere: `ledger --verify` prints it.)
 */
export interface Disagreement {
  /** The ledger entry involved, when there is one. */
  seq: number | null;
  problem: string;
}

const COLLECTION_ACTIONS = ['collection.completed', 'collection.failed', 'collection.cancelled', 'collection.interrupted'];

interface CollectionEntry {
  seq: number;
  action: string;
  details: { collectionId?: unknown; status?: unknown; contentHash?: unknown; finishedAt?: unknown };
}

export function ledgerDisagreements(db: Db): Disagreement[] {
  return [
    ...collectionDisagreements(db),
    ...factDisagreements(db),
    ...closedVersionDisagreements(db),
    ...eventDisagreements(db),
    ...openedVersionDisagreements(db),
    ...policyDisagreements(db),
    ...findingRunDisagreements(db),
    ...findingSetDisagreements(db),
    ...findingVersionDisagreements(db),
    ...findingLatestDisagreements(db),
    ...findingStateDisagreements(db),
    ...retirementDisagreements(db),
    ...identityLinkDisagreements(db),
  ];
}

/**
 * Each source's open facts, hashed again, against the hash the newest collection that wrote
 * them recorded (and that collection's ledger entry): a fact edited, added or deleted in place
 * (an HR termination turned back into "active") changes it.
 */
function factDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const latest = db
    .prepare(
      `SELECT s.source_id AS sourceId, s.collection_id AS collectionId, s.content_hash AS hash FROM collection_sources s
       WHERE s.content_hash IS NOT NULL AND s.collection_id = (SELECT max(collection_id) FROM collection_sources WHERE source_id = s.source_id AND content_hash IS NOT NULL)
       ORDER BY s.source_id`,
    )
    .all() as { sourceId: string; collectionId: number; hash: string }[];
  const completed = newestEntries(db, 'collection.completed', (_s, d) => (typeof d.collectionId === 'number' ? d.collectionId : null));
  for (const { sourceId, collectionId, hash } of latest) {
    const recorded = (completed.get(collectionId)?.details.sourceHashes as Record<string, unknown> | undefined)?.[sourceId];
    if (recorded !== undefined && recorded !== hash) {
      out.push({ seq: completed.get(collectionId)!.seq, problem: `source "${sourceId}"'s content hash for collection ${collectionId} differs from the one its ledger entry records` });
    }
    if (sourceContentHash(db, sourceId) !== hash) {
      out.push({ seq: completed.get(collectionId)?.seq ?? null, problem: `source "${sourceId}"'s stored facts no longer hash to what collection ${collectionId} recorded: a fact was changed, added or removed outside a collection` });
    }
  }
  return out;
}

/**
 * The versions each collection closed, per source, hashed again against the hash its ledger
 * entry records (collections made before the ledger recorded it are not checked): a past
 * version deleted, or its value or start edited, changes what "who had access on date X" says.
 */
function closedVersionDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  for (const [collectionId, entry] of newestEntries(db, 'collection.completed', (_s, d) => (typeof d.collectionId === 'number' ? d.collectionId : null))) {
    const recorded = entry.details.closedVersionsSha256;
    if (!recorded || typeof recorded !== 'object') continue;
    for (const [sourceId, hash] of Object.entries(recorded as Record<string, unknown>)) {
      if (closedVersionsHash(db, sourceId, collectionId) !== hash) {
        out.push({ seq: entry.seq, problem: `the fact versions collection ${collectionId} closed in source "${sourceId}" are not the ones ledger entry ${entry.seq} records: a past version was deleted or edited` });
      }
    }
  }
  return out;
}

/** The audit-log events each collection stored, per source, hashed again against its ledger entry. */
function eventDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const entries = [...newestEntries(db, 'collection.completed', (_s, d) => (typeof d.collectionId === 'number' && d.eventsSha256 && typeof d.eventsSha256 === 'object' ? d.collectionId : null))];
  if (entries.length === 0) return out;
  const now = allEventsHashes(db);
  for (const [collectionId, entry] of entries.sort((a, b) => a[0] - b[0])) {
    for (const [sourceId, hash] of Object.entries(entry.details.eventsSha256 as Record<string, unknown>)) {
      if ((now.get(`${sourceId}\u0000${collectionId}`) ?? NO_EVENTS_HASH) !== hash) {
        out.push({ seq: entry.seq, problem: `the audit-log events collection ${collectionId} stored for source "${sourceId}" are not the ones ledger entry ${entry.seq} records: an event was edited, added or deleted` });
      }
    }
  }
  return out;
}

/**
 * How many fact versions start at each collection, against the count its ledger entry says it
 * opened: an open fact's start moved to another collection (a grant made to look newer) is
 * not in the content hash, which covers what holds, not since when.
 */
function openedVersionDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const checked = [...newestEntries(db, 'collection.completed', (_s, d) => (typeof d.collectionId === 'number' && d.closedVersionsSha256 ? d.collectionId : null))];
  if (checked.length === 0) return out;
  const starting = versionsStartingAfter(db, Math.min(...checked.map(([c]) => c)) - 1);
  for (const [collectionId, entry] of checked.sort((a, b) => a[0] - b[0])) {
    const now = starting.get(collectionId) ?? 0;
    if (typeof entry.details.factsOpened === 'number' && now !== entry.details.factsOpened) {
      out.push({ seq: entry.seq, problem: `${now} fact versions start at collection ${collectionId}, but ledger entry ${entry.seq} records that it opened ${entry.details.factsOpened}: a version's start was moved or a version added` });
    }
  }
  return out;
}

/**
 * What each recording said about its findings (severity, title, evidence, details, policy),
 * hashed again against its findings.recorded entry (recordings from before the entry kept the
 * hash are not checked).
 */
function findingVersionDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const recorded = newestEntries(db, 'findings.recorded', (_s, d) => (typeof d.collectionId === 'number' && typeof d.findingVersionsSha256 === 'string' ? d.collectionId : null));
  if (recorded.size === 0) return out;
  const byCollection = new Map<number, FindingVersionRow[]>();
  for (const [collectionId, ...row] of db.prepare(`SELECT from_collection, ${FINDING_VERSION_COLUMNS} FROM finding_versions ORDER BY from_collection, finding_id`).raw().iterate() as IterableIterator<[number, ...FindingVersionRow]>) {
    if (!recorded.has(collectionId)) continue;
    const list = byCollection.get(collectionId) ?? [];
    list.push(row);
    byCollection.set(collectionId, list);
  }
  for (const [collectionId, entry] of [...recorded].sort((a, b) => a[0] - b[0])) {
    if (findingVersionsHash(byCollection.get(collectionId) ?? []) !== entry.details.findingVersionsSha256) {
      out.push({ seq: entry.seq, problem: `what the findings recorded for collection ${collectionId} say is not what ledger entry ${entry.seq} records: a finding's severity, title, evidence or details were edited, or a version deleted` });
    }
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
 * Which findings each recording found, against its ledger entry: the ids (SHA-256 of the sorted
 * list) and the count per severity. The findings open at each recorded collection are rebuilt
 * from their events and versions in one sweep, so a finding deleted, or its severity lowered,
 * in place is caught.
 */
function findingSetDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const recorded = newestEntries(db, 'findings.recorded', (_s, d) => (typeof d.collectionId === 'number' ? d.collectionId : null));
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

/** The newest entry of an action per key (re-recording appends a new entry; the newest is the one in force). */
function newestEntries<K>(db: Db, action: string, keyOf: (subject: string, details: Record<string, unknown>) => K | null): Map<K, { seq: number; details: Record<string, unknown> }> {
  const out = new Map<K, { seq: number; details: Record<string, unknown> }>();
  for (const r of db.prepare('SELECT seq, subject, details_json FROM ledger_entries WHERE action = ? ORDER BY seq').all(action) as { seq: number; subject: string; details_json: string }[]) {
    const details = JSON.parse(r.details_json) as Record<string, unknown>;
    const key = keyOf(r.subject, details);
    if (key !== null) out.set(key, { seq: r.seq, details });
  }
  return out;
}

/** Each collection's recorded findings (finding_runs) against the findings.recorded entry that recorded them. */
function findingRunDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const recorded = newestEntries(db, 'findings.recorded', (_s, d) => (typeof d.collectionId === 'number' ? d.collectionId : null));
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

/** Each retired source against the source.retired entry that retired it (a forged retirement would let runs without it count as complete). */
function retirementDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const retired = newestEntries(db, 'source.retired', (subject) => subject);
  for (const r of db.prepare('SELECT source_id AS sourceId, last_read_in AS lastReadIn FROM retired_sources ORDER BY source_id').all() as { sourceId: string; lastReadIn: number | null }[]) {
    const e = retired.get(r.sourceId);
    if (!e) out.push({ seq: null, problem: `source "${r.sourceId}" is retired with no ledger entry retiring it` });
    else if ((e.details.lastReadIn ?? null) !== r.lastReadIn) out.push({ seq: e.seq, problem: `source "${r.sourceId}" is retired after collection ${String(r.lastReadIn)} in the table, ${String(e.details.lastReadIn)} by ledger entry ${e.seq}` });
  }
  return out;
}

/**
 * Manual identity links as the ledger's identity entries leave them, replayed in order, against
 * the table: a link written behind its back moves a person's access onto someone else (a
 * leaver's grants shown under a colleague's name), and one deleted hands them back.
 */
function identityLinkDisagreements(db: Db): Disagreement[] {
  const expected = new Map<string, { mode: 'link' | 'unlink'; seq: number }>();
  const key = (subject: string, identityId: string) => `${subject}\u0000${identityId}`;
  const entries = db
    .prepare(`SELECT seq, action, subject, details_json FROM ledger_entries WHERE action IN ('identity.linked', 'identity.unlinked', 'identity.link-cleared') ORDER BY seq`)
    .all() as { seq: number; action: string; subject: string; details_json: string }[];
  for (const e of entries) {
    const identityId = (JSON.parse(e.details_json) as { identityId?: unknown }).identityId;
    if (typeof identityId !== 'string') continue;
    if (e.action === 'identity.link-cleared') {
      expected.delete(key(e.subject, identityId));
      continue;
    }
    // Linking replaces any other link of the account (an account is one person).
    if (e.action === 'identity.linked') for (const [k, v] of expected) if (k.startsWith(`${e.subject}\u0000`) && v.mode === 'link') expected.delete(k);
    expected.set(key(e.subject, identityId), { mode: e.action === 'identity.linked' ? 'link' : 'unlink', seq: e.seq });
  }
  const out: Disagreement[] = [];
  const rows = db.prepare('SELECT subject_kind, source_id, subject_id, identity_id, mode FROM identity_links ORDER BY 1, 2, 3, 4').all() as {
    subject_kind: string;
    source_id: string;
    subject_id: string;
    identity_id: string;
    mode: 'link' | 'unlink';
  }[];
  for (const r of rows) {
    const subject = `${r.subject_kind} ${r.source_id}/${r.subject_id}`;
    const e = expected.get(key(subject, r.identity_id));
    expected.delete(key(subject, r.identity_id));
    if (!e) out.push({ seq: null, problem: `identity ${r.mode} of ${subject} to ${r.identity_id} has no ledger entry: it was written outside the app` });
    else if (e.mode !== r.mode) out.push({ seq: e.seq, problem: `identity link of ${subject} to ${r.identity_id} is "${r.mode}" in the table, "${e.mode}" by ledger entry ${e.seq}` });
  }
  for (const [k, e] of expected) {
    const [subject, identityId] = k.split('\u0000');
    out.push({ seq: e.seq, problem: `identity ${e.mode} of ${subject} to ${identityId} recorded by ledger entry ${e.seq} is gone from the table` });
  }
  return out;
}

function collectionDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const entries = new Map<number, CollectionEntry[]>();
  const rows = db
    .prepare(`SELECT seq, action, details_json FROM ledger_entries WHERE action IN (${COLLECTION_ACTIONS.map(() => '?').join(', ')}) ORDER BY seq`)
    .all(...COLLECTION_ACTIONS) as { seq: number; action: string; details_json: string }[];
  for (const r of rows) {
    const details = JSON.parse(r.details_json) as CollectionEntry['details'];
    if (typeof details.collectionId !== 'number') {
      out.push({ seq: r.seq, problem: `ledger entry ${r.seq} (${r.action}) names no collection` });
      continue;
    }
    const list = entries.get(details.collectionId) ?? [];
    list.push({ seq: r.seq, action: r.action, details });
    entries.set(details.collectionId, list);
  }
  const collections = db.prepare(`SELECT id, status, finished_at, content_hash FROM collections ORDER BY id`).all() as {
    id: number;
    status: string;
    finished_at: string | null;
    content_hash: string | null;
  }[];
  const known = new Set<number>();
  for (const c of collections) {
    known.add(c.id);
    const recorded = entries.get(c.id) ?? [];
    if (c.status === 'running') {
      if (recorded.length > 0) out.push({ seq: recorded[0]!.seq, problem: `collection ${c.id} is "running" in the collections table but ledger entry ${recorded[0]!.seq} records its end` });
      continue;
    }
    if (recorded.length === 0) {
      out.push({ seq: null, problem: `collection ${c.id} (${c.status}) has no ledger entry: the ledger's newest entries may have been cut off, or the row was written behind its back` });
      continue;
    }
    if (recorded.length > 1) {
      out.push({ seq: recorded[1]!.seq, problem: `collection ${c.id} is recorded twice on the ledger (entries ${recorded.map((e) => e.seq).join(', ')})` });
      continue;
    }
    const e = recorded[0]!;
    // An interrupted run is recorded without a status: it is marked failed.
    const status = e.action === 'collection.interrupted' ? 'failed' : e.details.status;
    if (status !== c.status) out.push({ seq: e.seq, problem: `collection ${c.id} is "${c.status}" in the collections table but ledger entry ${e.seq} records "${String(status)}"` });
    if (e.action === 'collection.completed') {
      if (e.details.contentHash !== c.content_hash) out.push({ seq: e.seq, problem: `collection ${c.id}'s content hash differs from the one ledger entry ${e.seq} records` });
      if (e.details.finishedAt !== c.finished_at) out.push({ seq: e.seq, problem: `collection ${c.id} finished at ${String(c.finished_at)} by the collections table, ${String(e.details.finishedAt)} by ledger entry ${e.seq}` });
    }
  }
  for (const [id, recorded] of entries) {
    if (!known.has(id)) out.push({ seq: recorded[0]!.seq, problem: `ledger entry ${recorded[0]!.seq} records collection ${id}, which is gone from the collections table` });
  }
  return out;
}

function policyDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const saved = newestEntries(db, 'policy.saved', (_s, d) => (typeof d.version === 'number' ? d.version : null));
  const versions = db.prepare('SELECT version, json FROM policy_versions ORDER BY version').all() as { version: number; json: string }[];
  const known = new Set<number>();
  for (const v of versions) {
    known.add(v.version);
    const e = saved.get(v.version);
    if (!e) out.push({ seq: null, problem: `policy version ${v.version} has no ledger entry` });
    // Hashed as stored (not re-read through the schema, which may normalise it differently later).
    else if (e.details.sha256 !== policyHash(JSON.parse(v.json) as Record<string, unknown>)) {
      out.push({ seq: e.seq, problem: `policy version ${v.version} differs from the one ledger entry ${e.seq} records (content hash)` });
    }
  }
  for (const [version, e] of saved) {
    if (!known.has(version)) out.push({ seq: e.seq, problem: `ledger entry ${e.seq} records policy version ${version}, which is gone from the stored versions` });
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
