import type { Db } from '../../db/open-database';
import type { FactAsOf } from '../../collect/store/fact-queries';
import type { SnapshotView } from '../snapshot-view';
import { CollectionClock, committedCollections } from '../collection-points';
import { deletionsByAddress } from '../revocation';
import { pairKey } from '../fact-ref';
import { eventsOfTypes, IDP_OFFBOARDING_EVENTS, PREFECT_EVENTS, prefectResourceId, type StoredEvent } from '../stored-events';

/**
 * The little history the rules need beyond one snapshot, each piece one query per source:
 * when memberships were first seen (dormancy of never-used accounts), memberships that ended
 * recently (how long offboarding took), and the exact times the audit and System Log give.
 */
export interface FindingHistory {
  clock: CollectionClock;
  /** pairKey(prefect source, membership id) -> the first collection that held the membership. */
  membershipFirstSeen: Map<string, number>;
  /** pairKey(prefect source, membership id) -> its `account-membership.created` event. */
  membershipCreated: Map<string, StoredEvent>;
  /** pairKey(prefect source, membership id) -> its `account-membership.deleted` event. */
  membershipDeleted: Map<string, StoredEvent>;
  /** Lower-case address -> the first membership deletion naming it (removals no poll saw; see revocation.ts). */
  membershipDeletedByAddress: Map<string, StoredEvent>;
  /** Membership versions that ended at or before this collection, within the lookback. */
  endedMemberships: FactAsOf<'prefect_member'>[];
  /** pairKey(idp source, user id) -> the earliest deactivate/suspend event known. */
  idpDisabledEvents: Map<string, StoredEvent>;
}

export function loadFindingHistory(db: Db, view: SnapshotView, lookbackDays: number): FindingHistory {
  const clock = new CollectionClock(committedCollections(db));
  const c = view.collection.id;
  const cutoffMs = Date.parse(view.collection.finishedAt) - lookbackDays * 86_400_000;
  const firstInWindow = clock.points.find((p) => Date.parse(p.finishedAt) >= cutoffMs)?.id ?? c;
  const prefectSources = view.prefect.map((p) => p.sourceId);

  const membershipFirstSeen = new Map<string, number>();
  const endedMemberships: FactAsOf<'prefect_member'>[] = [];
  const firstSeen = db.prepare(`SELECT key, min(valid_from) AS first FROM facts WHERE source_id = ? AND kind = 'prefect_member' AND valid_from <= ? GROUP BY key`);
  const ended = db.prepare(
    `SELECT key, value_json, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = 'prefect_member' AND valid_to IS NOT NULL AND valid_to <= ? AND valid_to >= ?`,
  );
  for (const sourceId of prefectSources) {
    for (const r of firstSeen.iterate(sourceId, c) as IterableIterator<{ key: string; first: number }>) membershipFirstSeen.set(pairKey(sourceId, r.key), r.first);
    for (const r of ended.iterate(sourceId, c, firstInWindow) as IterableIterator<{ key: string; value_json: string; valid_from: number; valid_to: number }>) {
      endedMemberships.push({ sourceId, kind: 'prefect_member', key: r.key, value: JSON.parse(r.value_json) as FactAsOf<'prefect_member'>['value'], validFrom: r.valid_from, validTo: r.valid_to });
    }
  }

  const membershipCreated = new Map<string, StoredEvent>();
  const membershipDeleted = new Map<string, StoredEvent>();
  const membershipEvents = eventsOfTypes(db, prefectSources, [PREFECT_EVENTS.membershipCreated, PREFECT_EVENTS.membershipDeleted], c);
  const membershipDeletedByAddress = deletionsByAddress(membershipEvents);
  for (const e of membershipEvents) {
    const id = prefectResourceId(typeof e.detail.resourceId === 'string' ? e.detail.resourceId : e.targetIds[0], 'account-membership');
    if (!id) continue;
    const target = e.type === PREFECT_EVENTS.membershipCreated ? membershipCreated : membershipDeleted;
    const key = pairKey(e.sourceId, id);
    if (!target.has(key)) target.set(key, e);
  }

  const idpDisabledEvents = new Map<string, StoredEvent>();
  const idpSources = view.idp.map((i) => i.sourceId);
  for (const e of eventsOfTypes(db, idpSources, IDP_OFFBOARDING_EVENTS, c)) {
    for (const target of e.targetIds) {
      const key = pairKey(e.sourceId, target);
      if (!idpDisabledEvents.has(key)) idpDisabledEvents.set(key, e);
    }
  }
  return { clock, membershipFirstSeen, membershipCreated, membershipDeleted, membershipDeletedByAddress, endedMemberships, idpDisabledEvents };
}
