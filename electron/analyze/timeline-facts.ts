import type { Db } from '../db/open-database';
import type { FactAsOf } from '../collect/store/fact-queries';
import type { RecordKind } from '../../shared/domain/records';
import { toEvent, type EventRow, type StoredEvent } from './stored-events';

/**
 * The history queries behind one person's timeline. Each reads every version (not one
 * snapshot) of the facts that concern the person, located either by key (a primary-key
 * range) or by a string the stored JSON must contain (one scan of a kind's range per source,
 * then checked exactly in code). A timeline is one person: a few scans, never per-row loops.
 */

interface FactRow {
  source_id: string;
  key: string;
  value_json: string;
  valid_from: number;
  valid_to: number | null;
}

function toFact<K extends RecordKind>(kind: K, r: FactRow): FactAsOf<K> {
  return { sourceId: r.source_id, kind, key: r.key, value: JSON.parse(r.value_json) as FactAsOf<K>['value'], validFrom: r.valid_from, validTo: r.valid_to };
}

/**
 * Every version of a kind, in the given sources, whose JSON contains any of `needles`
 * (compared lower-cased). The caller checks the match exactly: this only narrows the scan.
 */
export function versionsContaining<K extends RecordKind>(db: Db, sourceIds: readonly string[], kind: K, needles: readonly string[]): FactAsOf<K>[] {
  const wanted = [...new Set(needles.map((n) => n.toLowerCase()))].filter((n) => n.length > 0);
  if (wanted.length === 0 || sourceIds.length === 0) return [];
  const clause = wanted.map(() => 'instr(lower(value_json), ?) > 0').join(' OR ');
  const statement = db.prepare(`SELECT source_id, key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND (${clause}) ORDER BY key, valid_from`);
  const out: FactAsOf<K>[] = [];
  for (const sourceId of sourceIds) for (const r of statement.iterate(sourceId, kind, ...wanted) as IterableIterator<FactRow>) out.push(toFact(kind, r));
  return out;
}

/** Every version of a kind in a source (for small kinds: workspaces, teams, roles, groups by id). */
export function allVersions<K extends RecordKind>(db: Db, sourceId: string, kind: K): FactAsOf<K>[] {
  return (db.prepare('SELECT source_id, key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? ORDER BY key, valid_from').all(sourceId, kind) as FactRow[]).map((r) =>
    toFact(kind, r),
  );
}

/** Events of the given types (indexed by type) naming any of `targets` or done by any of `actors`. */
export function eventsOfTypesAbout(db: Db, sourceIds: readonly string[], types: readonly string[], targets: readonly string[], actors: readonly string[] = []): StoredEvent[] {
  if (sourceIds.length === 0 || types.length === 0 || (targets.length === 0 && actors.length === 0)) return [];
  const targetSet = new Set(targets);
  const actorSet = new Set(actors);
  const statement = db.prepare('SELECT * FROM source_events WHERE source_id = ? AND type = ? ORDER BY occurred_at');
  const out: StoredEvent[] = [];
  for (const sourceId of sourceIds) {
    for (const type of types) {
      for (const r of statement.iterate(sourceId, type) as IterableIterator<EventRow>) {
        const event = toEvent(r);
        if (!event.targetIds.some((t) => targetSet.has(t)) && !(event.actorId && actorSet.has(event.actorId))) continue;
        out.push(event);
      }
    }
  }
  return out.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}
