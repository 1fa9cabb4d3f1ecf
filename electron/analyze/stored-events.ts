import type { Db } from '../db/open-database';

/** A source event (Okta System Log, Prefect audit) as the store keeps it. */
export interface StoredEvent {
  sourceId: string;
  eventId: string;
  occurredAt: string;
  type: string;
  actorId: string | null;
  actorName: string | null;
  targetIds: string[];
  detail: Record<string, unknown>;
  /** The collection that first stored it. */
  collectionId: number;
}

/** A source_events row as SQLite returns it. */
export interface EventRow {
  source_id: string;
  event_id: string;
  occurred_at: string;
  type: string;
  actor_id: string | null;
  actor_name: string | null;
  target_ids_json: string;
  detail_json: string;
  collection_id: number;
}

export const toEvent = (r: EventRow): StoredEvent => ({
  sourceId: r.source_id,
  eventId: r.event_id,
  occurredAt: r.occurred_at,
  type: r.type,
  actorId: r.actor_id,
  actorName: r.actor_name,
  targetIds: JSON.parse(r.target_ids_json) as string[],
  detail: JSON.parse(r.detail_json) as Record<string, unknown>,
  collectionId: r.collection_id,
});

/**
 * Events of the given exact types that were known by collection `upTo` (stored by it or an
 * earlier one), oldest first. One indexed range per (source, type) on source_events_by_type:
 * never a scan of every login event.
 */
export function eventsOfTypes(db: Db, sourceIds: readonly string[], types: readonly string[], upTo: number): StoredEvent[] {
  if (sourceIds.length === 0 || types.length === 0) return [];
  const statement = db.prepare(
    `SELECT * FROM source_events WHERE source_id = ? AND type = ? AND collection_id <= ? ORDER BY occurred_at`,
  );
  const out: StoredEvent[] = [];
  for (const sourceId of sourceIds) {
    for (const type of types) {
      for (const row of statement.iterate(sourceId, type, upTo) as IterableIterator<EventRow>) out.push(toEvent(row));
    }
  }
  return out.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}

/** Prefect's resource ids look like `prefect-cloud.<resource>.<id>`; the id, when `resourceId` is of that resource. */
export function prefectResourceId(resourceId: string | null | undefined, resource: string): string | null {
  const prefix = `prefect-cloud.${resource}.`;
  return resourceId && resourceId.startsWith(prefix) ? resourceId.slice(prefix.length) : null;
}

/** Prefect audit event types the analysis reads. */
export const PREFECT_EVENTS = {
  serviceAccountCreated: 'prefect-cloud.service-account.created',
  membershipCreated: 'prefect-cloud.account-membership.created',
  membershipDeleted: 'prefect-cloud.account-membership.deleted',
  membershipUpdated: 'prefect-cloud.account-membership.updated',
} as const;

/** Okta System Log lifecycle events that end (or pause) a person's access. */
export const IDP_OFFBOARDING_EVENTS = ['user.lifecycle.deactivate', 'user.lifecycle.suspend'] as const;
