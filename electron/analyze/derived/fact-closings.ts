import type { Db } from '../../db/open-database';
import type { RecordKind } from '../../../shared/domain/records';
import { OWN_KIND_CODES } from './access-codec';


export interface Closing {
  sourceId: string;
  kind: RecordKind;
  key: string;
  validFrom: number;
  validTo: number;
  /** The actor ids the fact belongs to (empty for team grants: those are shared evidence). */
  actorIds: string[];
}

/**
 * Versions of own-evidence facts that closed at a committed collection in (after, through].
 * The store has no index on valid_to, so this is one scan of each kind's range per source,
 * done in SQLite; only the closings reach JavaScript. (The store's fact-queries.ts has no
 * such query and is another change's to edit; this is the only place derived access reads
 * the facts table directly.)
 */
export function closingsBetween(db: Db, sourceIds: readonly string[], after: number, through: number): Closing[] {
  if (through <= after) return [];
  const statement = db
    .prepare('SELECT key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND valid_to > ? AND valid_to <= ?')
    .raw();
  const out: Closing[] = [];
  for (const sourceId of sourceIds) {
    for (const kind of OWN_KIND_CODES) {
      for (const [key, json, from, to] of statement.iterate(sourceId, kind, after, through) as IterableIterator<[string, string, number, number]>) {
        const v = JSON.parse(json) as Record<string, unknown>;
        const ids: unknown[] =
          kind === 'prefect_member'
            ? [v.actorId]
            : kind === 'prefect_service_account'
              ? [v.id, v.actorId]
              : kind === 'prefect_team_member'
                ? [v.memberId]
                : v.actorType === 'team'
                  ? []
                  : [v.actorId];
        out.push({ sourceId, kind, key, validFrom: from, validTo: to, actorIds: ids.filter((x): x is string => typeof x === 'string') });
      }
    }
  }
  return out;
}

/** The Prefect sources ever read (derived access exists only for these). */
export function prefectSourceIds(db: Db): string[] {
  return (db.prepare(`SELECT DISTINCT source_id FROM collection_sources WHERE kind = 'prefect' ORDER BY source_id`).all() as { source_id: string }[]).map((r) => r.source_id);
}

/** The Prefect sources one collection read, in the order a snapshot lists them. */
export function prefectSourcesOf(db: Db, collectionId: number): string[] {
  return (
    db.prepare(`SELECT source_id FROM collection_sources WHERE collection_id = ? AND kind = 'prefect' ORDER BY source_id`).all(collectionId) as { source_id: string }[]
  ).map((r) => r.source_id);
}
