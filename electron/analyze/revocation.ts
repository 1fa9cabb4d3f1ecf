import type { CollectionClock, CollectionPoint } from './collection-points';
import type { Identity } from './identity/identity-types';
import { pairKey } from './fact-ref';
import type { StoredEvent } from './stored-events';
import type { RevocationLatency } from '../../shared/domain/analysis';
import { startOfDay } from './zoned-day';
export type { RevocationLatency };

/**
 * Revocation latency: from the moment a person left to the moment their Prefect access was
 * gone. Polls only see the state at collection times, so the removal is known to lie between
 * the last collection that still showed access and the first that did not; the latency is
 * reported as that range (exact when the audit log has the deletion event).
 *
 * When someone "left" is the earliest of:
 * - the HR termination date, at its start in the policy's terminationTimeZone (UTC when it
 *   names none): the day the termination takes effect, so a deadline of N hours "after the
 *   termination date" counts from its start where the organisation lives, and
 * - the moment every IdP account was disabled: the System Log event when we have it, else
 *   the first collection that saw the account disabled (an upper bound, which can only make
 *   the latency look shorter, never longer).
 */
export interface Termination {
  at: number;
  basis: 'hr-date' | 'idp-event' | 'idp-observed';
}

export function terminationOf(
  identity: Identity,
  clock: CollectionClock,
  idpDisabledEvents: ReadonlyMap<string, StoredEvent>,
  /** The zone the roster's dates are days of: terminationTimeZoneOf(the policy the answer is judged under). */
  timeZone: string,
): Termination | null {
  const candidates: Termination[] = [];
  const date = identity.hr?.status === 'terminated' ? identity.hr.terminationDate : null;
  if (date) candidates.push({ at: startOfDay(date, timeZone), basis: 'hr-date' });
  const disabled = identity.idp.length > 0 && identity.idp.every((a) => a.lifecycle === 'suspended' || a.lifecycle === 'deprovisioned');
  if (disabled) {
    // All accounts disabled: the person was cut off when the last one went.
    let latest: Termination | null = null;
    for (const a of identity.idp) {
      const event = idpDisabledEvents.get(pairKey(a.sourceId, a.userId));
      const observed = clock.timeOf(a.fact.validFrom);
      const t: Termination | null = event
        ? { at: Date.parse(event.occurredAt), basis: 'idp-event' }
        : observed
          ? { at: Date.parse(observed), basis: 'idp-observed' }
          : null;
      if (!t) continue;
      if (!latest || t.at > latest.at) latest = t;
    }
    if (latest) candidates.push(latest);
  }
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (b.at < a.at ? b : a));
}

/** A span of collections in which one membership version gave access (active = true). */
export interface AccessInterval {
  sourceId: string;
  membershipId: string;
  from: number;
  /** The collection that first saw it gone or inactive; null while it holds. */
  to: number | null;
}

const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;

/**
 * Computes the latency for one person from their access intervals. `asOf` is the collection
 * the answer is for: an interval still open at it means access was never removed (yet).
 */
export function revocationLatency(
  termination: Termination,
  intervals: readonly AccessInterval[],
  clock: CollectionClock,
  asOf: CollectionPoint,
  deletedEvents: ReadonlyMap<string, StoredEvent> = new Map(),
  /** The audit log's deletion of a membership no collection ever held, matched to the person by address (see unseenMembershipDeletion). */
  unseenDeletion: StoredEvent | null = null,
): RevocationLatency {
  const base = { terminatedAt: new Date(termination.at).toISOString(), terminationBasis: termination.basis };
  if (intervals.length === 0) {
    if (unseenDeletion) {
      // Removed before any poll saw it: the audit log is the only witness, and its time is exact.
      const at = Date.parse(unseenDeletion.occurredAt);
      const first = clock.points.find((p) => Date.parse(p.finishedAt) >= at) ?? null;
      const firstWithout = first ? { collectionId: first.id, at: first.finishedAt } : null;
      const removed = { lastSeenWithAccess: null, firstSeenWithout: firstWithout, removedAt: new Date(at).toISOString() };
      if (at <= termination.at) return { ...base, state: 'removed-before-termination', ...removed, latencyHours: { min: 0, max: 0 } };
      return { ...base, state: 'removed', ...removed, latencyHours: { min: hours(at - termination.at), max: hours(at - termination.at) } };
    }
    return { ...base, state: 'never-had-access', lastSeenWithAccess: null, firstSeenWithout: null, removedAt: null, latencyHours: { min: 0, max: 0 } };
  }
  const open = intervals.filter((i) => i.to === null || i.to > asOf.id);
  if (open.length > 0) {
    return {
      ...base,
      state: 'still-active',
      lastSeenWithAccess: { collectionId: asOf.id, at: asOf.finishedAt },
      firstSeenWithout: null,
      removedAt: null,
      latencyHours: { min: Math.max(0, hours(Date.parse(asOf.finishedAt) - termination.at)), max: null },
    };
  }
  const last = intervals.reduce((a, b) => ((b.to ?? 0) > (a.to ?? 0) ? b : a));
  const goneId = last.to!;
  const gone = clock.get(goneId);
  const seen = clock.before(goneId);
  const goneAt = gone ? Date.parse(gone.finishedAt) : termination.at;
  const seenAt = seen ? Date.parse(seen.finishedAt) : Number.NEGATIVE_INFINITY;
  const deleted = deletedEvents.get(pairKey(last.sourceId, last.membershipId));
  const deletedAt = deleted ? Date.parse(deleted.occurredAt) : NaN;
  const exact = !Number.isNaN(deletedAt) && deletedAt > seenAt - 60_000 && deletedAt <= goneAt ? deletedAt : null;
  const lastSeen = seen ? { collectionId: seen.id, at: seen.finishedAt } : null;
  const firstWithout = gone ? { collectionId: gone.id, at: gone.finishedAt } : null;
  if ((exact ?? goneAt) <= termination.at) {
    return { ...base, state: 'removed-before-termination', lastSeenWithAccess: lastSeen, firstSeenWithout: firstWithout, removedAt: exact ? new Date(exact).toISOString() : null, latencyHours: { min: 0, max: 0 } };
  }
  const min = exact ?? Math.max(seenAt, termination.at);
  const max = exact ?? goneAt;
  return {
    ...base,
    state: 'removed',
    lastSeenWithAccess: lastSeen,
    firstSeenWithout: firstWithout,
    removedAt: exact ? new Date(exact).toISOString() : null,
    latencyHours: { min: hours(min - termination.at), max: hours(max - termination.at) },
  };
}

/**
 * The earliest `account-membership.deleted` audit event naming one of the person's addresses
 * (the event's resource name), for a person no collection ever saw in Prefect: their access
 * was removed before the first poll, and the audit log says when. Keyed by lower-case address.
 */
export function deletionsByAddress(events: readonly StoredEvent[]): Map<string, StoredEvent> {
  const out = new Map<string, StoredEvent>();
  for (const e of events) {
    if (e.type !== 'prefect-cloud.account-membership.deleted') continue;
    // The membership's own name, or the related user's (Prefect names either by address).
    const related = Array.isArray(e.detail.related) ? (e.detail.related as { role?: unknown; name?: unknown }[]).filter((r) => r.role === 'user').map((r) => r.name) : [];
    for (const raw of [e.detail.resourceName, ...related]) {
      const name = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      if (name.includes('@') && !out.has(name)) out.set(name, e);
    }
  }
  return out;
}

export function unseenMembershipDeletion(emails: readonly string[], byAddress: ReadonlyMap<string, StoredEvent>): StoredEvent | null {
  let found: StoredEvent | null = null;
  for (const email of emails) {
    const e = byAddress.get(email.toLowerCase());
    if (e && (!found || e.occurredAt < found.occurredAt)) found = e;
  }
  return found;
}
