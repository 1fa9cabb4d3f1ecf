import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';

/** A finding_versions row as the hash reads it. */
export type FindingVersionRow = [findingId: string, severity: string, title: string, evidenceJson: string, detailsJson: string, policyVersion: number];

/** The columns of FindingVersionRow, for queries that feed findingVersionsHash. */
export const FINDING_VERSION_COLUMNS = 'finding_id, severity, title, evidence_json, details_json, policy_version';

/**
 * SHA-256 over the finding versions one recording started (finding_versions rows whose
 * from_collection is its collection), in finding id order, as lines `id TAB severity TAB title
 * TAB evidence TAB details TAB policy version LF`. The findings.recorded ledger entry keeps it:
 * the set of open ids and the severity counts do not show a finding's title or evidence
 * rewritten in place (a leaver's critical finding made to read "access verified"); this does.
 */
export function findingVersionsHash(rows: Iterable<FindingVersionRow>): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(findingVersionLine(row));
  return hash.digest('hex');
}

/** One version as findingVersionsHash reads it. */
export function findingVersionLine([id, severity, title, evidence, details, policyVersion]: FindingVersionRow): string {
  return `${id}\t${severity}\t${title}\t${evidence}\t${details}\t${policyVersion}\n`;
}

/** The versions a recording of `collectionId` started, hashed (as its ledger entry records them). */
export function findingVersionsHashOf(db: Db, collectionId: number): string {
  return findingVersionsHash(
    db.prepare(`SELECT ${FINDING_VERSION_COLUMNS} FROM finding_versions WHERE from_collection = ? ORDER BY finding_id`).raw().iterate(collectionId) as IterableIterator<FindingVersionRow>,
  );
}
