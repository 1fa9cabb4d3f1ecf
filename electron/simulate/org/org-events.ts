import { hashString } from './rng';
import { idFor, type IdpEvent, type OrgModel, type PrefectAuditEvent, type PrefectBot, type PrefectMember } from './org-model';
import { isoTime } from './org-time';

/** Okta keeps 90 days of System Log; older IdP events are dropped from the model. */
export const IDP_EVENT_RETENTION_DAYS = 90;

/**
 * Collects the events one generation or one simulated day produces, so they can be sorted by
 * time once and appended (the model's event lists stay oldest-first). Events older than the
 * retention windows are not kept at all: that is what the vendors' APIs would show.
 */
export interface EventSink {
  idp: IdpEvent[];
  audit: PrefectAuditEvent[];
  /** Epoch ms before which an event is outside retention and dropped. */
  idpSince: number;
  auditSince: number;
  /** Makes ids unique per batch (the day, or "gen"). */
  tag: string;
  tagHash: [number, number];
  seq: number;
}

function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/**
 * A UUID-shaped event id, unique within a batch (a bijection of the sequence number) and,
 * with overwhelming likelihood, across batches (the batch tag enters every word). Cheaper than
 * hashing: a large organisation's history has tens of thousands of events.
 */
function eventUuid(sink: EventSink, kind: string): string {
  const seq = sink.seq++;
  const k = kind === 'idp' ? 0x5bd1e995 : 0x27d4eb2d;
  const [a, b] = sink.tagHash;
  const w0 = mix32(mix32(seq ^ k) ^ a);
  const w1 = mix32(w0 ^ b ^ 0x9e3779b9);
  const w2 = mix32(w1 ^ a ^ seq);
  const w3 = mix32(w2 ^ b ^ k);
  const h = hex8(w0) + hex8(w1) + hex8(w2) + hex8(w3);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createEventSink(org: OrgModel, nowMs: number, tag: string): EventSink {
  const full = `${org.seed}:${tag}`;
  return {
    tagHash: [hashString(`a:${full}`), hashString(`b:${full}`)],
    idp: [],
    audit: [],
    idpSince: nowMs - IDP_EVENT_RETENTION_DAYS * 86_400_000,
    auditSince: nowMs - org.prefect.auditLogRetentionDays * 86_400_000,
    tag: `${org.seed}:${tag}`,
    seq: 0,
  };
}

/** Records an Okta-style event. actorId is the internal personId of the admin who did it, or null for the system. */
export function emitIdp(
  sink: EventSink,
  at: number,
  eventType: string,
  personId: string | null,
  groupId: string | null = null,
  actorId: string | null = null,
): void {
  if (at < sink.idpSince) return;
  sink.idp.push({
    uuid: eventUuid(sink, 'idp'),
    published: isoTime(at),
    eventType,
    actorId,
    personId,
    groupId,
  });
}

export type RelatedRef = PrefectAuditEvent['related'][number];

/** The directory sync (SCIM via WorkOS) as the actor of an audit event. */
export function directoryActor(org: OrgModel): RelatedRef {
  return { id: `prefect-cloud.directory-sync.${directoryId(org)}`, role: 'actor', name: 'Directory sync (SCIM)' };
}

const directoryIds = new Map<string, string>();

/** The sync provider's directory id for this account (WorkOS style). */
export function directoryId(org: OrgModel): string {
  let id = directoryIds.get(org.prefect.accountId);
  if (!id) {
    id = `directory_${idFor('scim', `directory:${org.prefect.accountId}`).toUpperCase()}`;
    directoryIds.set(org.prefect.accountId, id);
  }
  return id;
}

/** Whether an event at this time would be kept (lets callers skip building events that retention drops). */
export function inAuditWindow(sink: EventSink, at: number): boolean {
  return at >= sink.auditSince;
}

/**
 * A user as a related resource. The name is the email (not the display name) so that an actor
 * can be tied to an identity from the audit log alone, after the membership is gone.
 */
export function userRef(member: Pick<PrefectMember, 'actorId' | 'email'>, role: string): RelatedRef {
  return { id: `prefect-cloud.actor.${member.actorId}`, role, name: member.email };
}

export function botRef(bot: Pick<PrefectBot, 'actorId' | 'name'>, role: string): RelatedRef {
  return { id: `prefect-cloud.actor.${bot.actorId}`, role, name: bot.name };
}

export function resourceRef(kind: string, id: string, role: string, name: string | null): RelatedRef {
  return { id: `prefect-cloud.${kind}.${id}`, role, name };
}

/** Records a Prefect audit event named prefect-cloud.<resource>.<action>. */
export function emitAudit(
  sink: EventSink,
  at: number,
  resource: { kind: string; id: string; name: string | null },
  action: string,
  related: RelatedRef[],
): void {
  if (at < sink.auditSince) return;
  sink.audit.push({
    id: eventUuid(sink, 'audit'),
    occurred: isoTime(at),
    event: `prefect-cloud.${resource.kind}.${action}`,
    resourceId: `prefect-cloud.${resource.kind}.${resource.id}`,
    resourceName: resource.name,
    related,
  });
}

function byTime<T>(key: (e: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/**
 * Sorts the batch by time (stable, so same-instant events keep their causal order) and appends
 * it to the model, then drops whatever fell out of retention from the front. O(batch + dropped).
 */
export function flushEvents(org: OrgModel, sink: EventSink, nowMs: number): void {
  sink.idp.sort(byTime((e) => e.published));
  sink.audit.sort(byTime((e) => e.occurred));
  for (const e of sink.idp) org.idpEvents.push(e);
  for (const e of sink.audit) org.prefect.auditEvents.push(e);
  sink.idp = [];
  sink.audit = [];
  const idpCut = isoTime(nowMs - IDP_EVENT_RETENTION_DAYS * 86_400_000);
  const auditCut = isoTime(nowMs - org.prefect.auditLogRetentionDays * 86_400_000);
  dropBefore(org.idpEvents, (e) => e.published < idpCut);
  dropBefore(org.prefect.auditEvents, (e) => e.occurred < auditCut);
}

function dropBefore<T>(list: T[], old: (e: T) => boolean): void {
  let n = 0;
  while (n < list.length && old(list[n] as T)) n++;
  if (n > 0) list.splice(0, n);
}
