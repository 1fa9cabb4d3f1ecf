import type { Db } from '../../db/open-database';
import type { QuarantinePage } from '../../../shared/domain/collection';

/**
 * The records and events a collection refused, with the reason each was refused and where it
 * came from (a roster line, an API page): the evidence behind "degraded". Raw items were made
 * secret-free and cut to 4 KB when they were stored (source-stage.ts).
 */
export function listQuarantine(db: Db, collectionId: number, limit: number): QuarantinePage {
  const total = (db.prepare('SELECT count(*) AS n FROM quarantine WHERE collection_id = ?').get(collectionId) as { n: number }).n;
  const items = db
    .prepare('SELECT source_id AS sourceId, kind, location, reason, raw_json AS raw FROM quarantine WHERE collection_id = ? ORDER BY id LIMIT ?')
    .all(collectionId, limit) as QuarantinePage['items'];
  return { collectionId, total, items };
}
