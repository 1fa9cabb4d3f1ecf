import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';

/**
 * SHA-256 over what the findings table says of each finding beyond its versions: rule, kind,
 * subject, person (identity and email) and details, one JSON array per finding in id order
 * (`["id","rule","kind",subject_json,identity_id,email,details_json]` LF, as SQLite's json_array
 * writes it). Each findings.recorded entry keeps it as the recording left the table, so
 * ledger --verify sees a finding moved onto someone else, or given another rule, after the
 * newest recording; severity, title and evidence are covered by the versions' hash.
 */
export function findingListingHash(db: Db): string {
  // One BLOB of every line, ids in order (an ordered subquery keeps its order under
  // group_concat): its UTF-8 bytes are hashed as they come, with no string per finding.
  const lines = db
    .prepare(`SELECT CAST(group_concat(line || char(10), '') AS BLOB) FROM (SELECT json_array(id, rule, kind, subject_json, identity_id, email, details_json) AS line FROM findings ORDER BY id)`)
    .pluck()
    .get() as Buffer | null;
  return createHash('sha256').update(lines ?? Buffer.alloc(0)).digest('hex');
}
