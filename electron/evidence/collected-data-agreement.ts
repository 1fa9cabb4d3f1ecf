import type { Db } from '../db/open-database';
import { LINES_SCHEME, recomputeContentHash } from '../collect/store/content-hash';
import { closedVersionsHash, versionsStartingAfter } from '../collect/store/closed-versions-hash';
import { NO_EVENTS_HASH, allEventsHashes } from '../collect/store/events-hash';
import type { Disagreement, RecordedEntry } from './ledger-entries';

/**
 * The collected data against the collection.completed entries that recorded it: the facts open
 * now, the versions each collection closed, the audit-log events each stored, and how many
 * versions each opened. `completed` is the newest entry per collection.
 */
export function collectedDataDisagreements(db: Db, completed: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  return [
    ...openFactDisagreements(db, completed),
    ...closedVersionDisagreements(db, completed),
    ...eventDisagreements(db, completed),
    ...openedVersionDisagreements(db, completed),
  ];
}

/**
 * Each source's open facts, hashed again, against the hash the newest collection that wrote
 * them recorded (and that collection's ledger entry): a fact edited, added or deleted in place
 * (an HR termination turned back into "active") changes it.
 */
function openFactDisagreements(db: Db, completed: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  const latest = db
    .prepare(
      `SELECT s.source_id AS sourceId, s.collection_id AS collectionId, s.content_hash AS hash, s.content_hash_scheme AS scheme FROM collection_sources s
       WHERE s.content_hash IS NOT NULL AND s.collection_id = (SELECT max(collection_id) FROM collection_sources WHERE source_id = s.source_id AND content_hash IS NOT NULL)
       ORDER BY s.source_id`,
    )
    .all() as { sourceId: string; collectionId: number; hash: string; scheme: number }[];
  for (const { sourceId, collectionId, hash, scheme } of latest) {
    const entry = completed.get(collectionId);
    const recorded = (entry?.details.sourceHashes as Record<string, unknown> | undefined)?.[sourceId];
    if (recorded !== undefined && recorded !== hash) {
      out.push({ seq: entry!.seq, problem: `source "${sourceId}"'s content hash for collection ${collectionId} differs from the one its ledger entry records` });
    }
    // Entries written before schema 12 name no scheme: theirs is the first.
    const recordedScheme = entry ? (entry.details.contentHashScheme ?? LINES_SCHEME) : scheme;
    if (recordedScheme !== scheme) {
      out.push({ seq: entry!.seq, problem: `source "${sourceId}"'s content hash for collection ${collectionId} is marked as scheme ${scheme}, but its ledger entry records scheme ${String(recordedScheme)}` });
    }
    let recomputed: string | null;
    try {
      recomputed = recomputeContentHash(db, sourceId, scheme);
    } catch (error) {
      // A store that cannot be hashed (a stream's digest level edited) cannot vouch for its facts.
      out.push({ seq: entry?.seq ?? null, problem: `source "${sourceId}"'s stored facts cannot be hashed again to check collection ${collectionId}'s content hash: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (recomputed === null) {
      out.push({ seq: entry?.seq ?? null, problem: `source "${sourceId}"'s content hash for collection ${collectionId} is marked with an unknown scheme (${scheme})` });
    } else if (recomputed !== hash) {
      out.push({ seq: entry?.seq ?? null, problem: `source "${sourceId}"'s stored facts no longer hash to what collection ${collectionId} recorded: a fact was changed, added or removed outside a collection` });
    }
  }
  return out;
}

/**
 * The versions each collection closed, per source, hashed again against the hash its ledger
 * entry records (collections made before the ledger recorded it are not checked): a past
 * version deleted, or its value or start edited, changes what "who had access on date X" says.
 */
function closedVersionDisagreements(db: Db, completed: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  for (const [collectionId, entry] of completed) {
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
function eventDisagreements(db: Db, completed: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  const entries = [...completed].filter(([, e]) => e.details.eventsSha256 && typeof e.details.eventsSha256 === 'object');
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
 * opened: a version's start moved to another collection (a grant made to look newer), or a
 * version added. Content hashes recorded before scheme 3 cover what holds, not since when, so
 * for them this is the only check of an open fact's start.
 */
function openedVersionDisagreements(db: Db, completed: ReadonlyMap<number, RecordedEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  const checked = [...completed].filter(([, e]) => e.details.closedVersionsSha256);
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
