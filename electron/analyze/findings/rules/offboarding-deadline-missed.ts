import { pairKey } from '../../fact-ref';
import type { Identity } from '../../identity/identity-types';
import { revocationLatency, terminationOf, unseenMembershipDeletion, type AccessInterval, type RevocationLatency } from '../../revocation';
import type { Evidence, Finding } from '../finding-types';
import { identitySubject, type RuleContext } from '../rule-context';
import { terminationTimeZoneOf } from '../../policy/policy-schema';
import { dayOf } from '../../zoned-day';

/**
 * Access removed later than the policy's deadline after termination, or still there past
 * it. Judged only when the delay is CERTAIN: the lower end of the latency range (the last
 * poll that still showed access, or the exact deletion time from the audit log) is past the
 * deadline. A removal that may have happened in time between two polls is not flagged.
 *
 * Looks back `offboardingLookbackDays` (default 90): a late removal stays a finding while its
 * termination is within the window, then ages out (resolved by a later collection). Access
 * still there past the deadline never ages out: it stays a finding until it is removed.
 */
export interface LeaverLatency {
  identity: Identity;
  latency: RevocationLatency;
  /** The memberships that ended after having given access (evidence for the latency). */
  ended: EndedInterval[];
}

/**
 * Every person who left within the lookback window, or earlier and still has access
 * (break-glass accounts aside), and had Prefect access at some point in it, with the
 * revocation latency of that access: the offboarding rule judges these against the deadline,
 * the Overview charts their distribution.
 */
export function leaverLatencies(ctx: RuleContext): LeaverLatency[] {
  const windowStart = ctx.now - ctx.offboardingLookbackDays * 86_400_000;
  const ended = endedIntervalsByIdentity(ctx);
  const timeZone = terminationTimeZoneOf(ctx.policy);
  const out: LeaverLatency[] = [];
  for (const identity of ctx.identities.identities) {
    const termination = terminationOf(identity, ctx.history.clock, ctx.history.idpDisabledEvents, timeZone);
    if (!termination || termination.at > ctx.now) continue;
    // The window ages out late removals, never access that is still there: a leaver still
    // active a year on is reported as long as the access lasts.
    const stillActive = identity.prefect.some((link) => link.active);
    if (termination.at < windowStart && !stillActive) continue;
    if (ctx.isBreakGlassPerson(identity)) continue;
    const endedHere = ended.get(identity) ?? [];
    const intervals: AccessInterval[] = [...endedHere];
    for (const link of identity.prefect) {
      if (link.active) intervals.push({ sourceId: link.sourceId, membershipId: link.membershipId, from: link.fact.validFrom, to: null });
    }
    // Never seen by a poll, but the audit log deleted their membership (before the first poll):
    // that removal counts, at its exact time, like any other.
    const unseen = intervals.length === 0 ? unseenMembershipDeletion(identity.emails, ctx.history.membershipDeletedByAddress) : null;
    if (intervals.length === 0 && (!unseen || Date.parse(unseen.occurredAt) < windowStart)) continue;
    out.push({ identity, latency: revocationLatency(termination, intervals, ctx.history.clock, ctx.view.collection, ctx.history.membershipDeleted, unseen), ended: endedHere });
  }
  return out;
}

export function offboardingDeadlineMissed(ctx: RuleContext): Finding[] {
  const deadlineHours = ctx.policy.offboardingDeadlineHours;
  const timeZone = terminationTimeZoneOf(ctx.policy);
  // Named only when the policy names a zone: findings judged in UTC keep the details they always had.
  const zoneDetail = ctx.policy.terminationTimeZone ? { terminationTimeZone: ctx.policy.terminationTimeZone } : {};
  const out: Finding[] = [];
  for (const { identity, latency, ended } of leaverLatencies(ctx)) {
    if ((latency.state !== 'still-active' && latency.state !== 'removed') || latency.latencyHours.min <= deadlineHours) continue;
    const evidence: Evidence[] = [];
    if (identity.hr) evidence.push(ctx.evidence(identity.hr.fact));
    for (const a of identity.idp) evidence.push(ctx.evidence(a.fact));
    for (const link of identity.prefect) evidence.push(ctx.evidence(link.fact));
    for (const f of ended) if (f.fact) evidence.push(ctx.evidence(f.fact));
    const who = identity.displayName ?? identity.emails[0] ?? identity.identityId;
    // A still-active title is dated, not counted, so it reads true on every day it stays open
    // (the hours so far are in the details); a removal's hours are final. The date is the day
    // they left on the organisation's calendar (the roster's date, for an HR termination).
    const { min, max } = latency.latencyHours;
    const title =
      latency.state === 'still-active'
        ? `${who} still has Prefect access past the ${deadlineHours} h offboarding deadline (left ${dayOf(Date.parse(latency.terminatedAt), timeZone)})`
        : `${who}'s Prefect access was removed ${min === max ? `${min}` : `${min}–${max}`} h after leaving (deadline ${deadlineHours} h)`;
    out.push(
      ctx.finding({
        rule: 'offboarding-deadline-missed',
        kind: 'offboarding-deadline-missed',
        severity: 'high',
        title,
        subject: identitySubject(identity),
        subjectKey: identity.identityId,
        evidence,
        details: { ...latency, deadlineHours, ...zoneDetail },
      }),
    );
  }
  return out;
}

type EndedInterval = AccessInterval & { fact?: Parameters<RuleContext['evidence']>[0] };

/** Memberships that ended (within the lookback) and were active, attributed to people by actor or address. */
function endedIntervalsByIdentity(ctx: RuleContext): Map<Identity, EndedInterval[]> {
  const out = new Map<Identity, EndedInterval[]>();
  for (const f of ctx.history.endedMemberships) {
    if (!f.value.active) continue;
    const byActor = ctx.identities.byPrefectActor.get(pairKey(f.sourceId, f.value.actorId))?.identity;
    const byEmail = f.value.email ? ctx.identities.byEmail.get(f.value.email.toLowerCase()) : undefined;
    const identity = byActor ?? (byEmail && byEmail.length === 1 ? byEmail[0] : undefined);
    if (!identity) continue;
    const list = out.get(identity) ?? [];
    list.push({ sourceId: f.sourceId, membershipId: f.value.id, from: f.validFrom, to: f.validTo, fact: f });
    out.set(identity, list);
  }
  return out;
}
