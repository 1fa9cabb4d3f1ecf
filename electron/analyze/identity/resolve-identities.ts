import type { Db } from '../../db/open-database';
import type { SnapshotView } from '../snapshot-view';
import { pairKey, refOf } from '../fact-ref';
import { eventsOfTypes, PREFECT_EVENTS, prefectResourceId, type StoredEvent } from '../stored-events';
import { buildPeople } from './build-people';
import { DEFAULT_MATCH_RULES, indexRule, prefectValue, type MatchRule } from './match-rules';
import { listIdentityLinks, type IdentityLink } from './identity-links';
import type { Identity, IdentityIndex, MatchMethod, ServiceAccountOwner, UnmatchedMember } from './identity-types';

export interface ResolveInputs {
  /** Attribute rules tried in order after email (default DEFAULT_MATCH_RULES). */
  rules?: readonly MatchRule[];
  /** Manual links and unlinks in force. */
  links?: readonly IdentityLink[];
  /** `prefect-cloud.service-account.created` events known at this collection. */
  serviceAccountCreations?: readonly StoredEvent[];
}

/**
 * Ties every Prefect account of the snapshot to a person. Order: a manual link; then the
 * account's email against every address known for anyone (HR and IdP aliases, case-insensitive);
 * then the attribute rules in order. An unlink removes that person from every automatic
 * step for that account. A step that finds several people stops with "ambiguous" rather than
 * guessing; accounts nobody fits are listed as unmatched (the unknown-account finding).
 *
 * Service accounts are not people: their owner is the creator the audit log names (or a
 * manual link), matched by actor id to a current member, else by the creator's address.
 */
export function resolveIdentities(view: SnapshotView, inputs: ResolveInputs = {}): IdentityIndex {
  const { people: identities, byEmail, groupMemberships } = buildPeople(view);
  const byId = new Map<string, Identity>();
  for (const identity of identities) byId.set(identity.identityId, identity);
  const rules = inputs.rules ?? DEFAULT_MATCH_RULES;
  const ruleIndexes = rules.map((rule) => ({ rule, index: indexRule(identities, rule) }));
  const links = linkTable(inputs.links ?? []);

  const byPrefectActor: IdentityIndex['byPrefectActor'] = new Map();
  const unmatched: UnmatchedMember[] = [];
  for (const account of view.prefect) {
    const botActors = new Set<string>();
    for (const sa of account.serviceAccounts.values()) {
      botActors.add(sa.value.id);
      if (sa.value.actorId) botActors.add(sa.value.actorId);
    }
    for (const f of account.members.values()) {
      const m = f.value;
      if (botActors.has(m.actorId)) continue;
      const subject = pairKey(account.sourceId, m.actorId);
      const manual = links.get(pairKey('prefect-user', subject));
      const forbidden = manual?.unlinked ?? EMPTY;
      let match: { identity: Identity; method: MatchMethod } | null = null;
      let ambiguous: Identity[] = [];
      const linked = manual?.linked ? byId.get(manual.linked) : undefined;
      if (linked) match = { identity: linked, method: 'manual' };
      if (!match && m.email) {
        const candidates = allowed(byEmail.get(m.email.toLowerCase()), forbidden);
        if (candidates.length === 1) match = { identity: candidates[0]!, method: 'email' };
        else if (candidates.length > 1) ambiguous = candidates;
      }
      if (!match && ambiguous.length === 0) {
        for (const { rule, index } of ruleIndexes) {
          const value = prefectValue(m, rule);
          const candidates = value ? allowed(index.get(value), forbidden) : [];
          if (candidates.length === 1) {
            match = { identity: candidates[0]!, method: `rule:${rule.name}` };
            break;
          }
          if (candidates.length > 1 && ambiguous.length === 0) ambiguous = candidates;
        }
      }
      if (match) {
        const link = {
          sourceId: account.sourceId,
          membershipId: m.id,
          actorId: m.actorId,
          userId: m.userId,
          email: m.email,
          handle: m.handle,
          accountRoleName: m.accountRoleName,
          active: m.active,
          matchedBy: match.method,
          fact: refOf(f),
        };
        match.identity.prefect.push(link);
        byPrefectActor.set(subject, { identity: match.identity, link });
      } else {
        unmatched.push({
          sourceId: account.sourceId,
          membershipId: m.id,
          actorId: m.actorId,
          email: m.email,
          handle: m.handle,
          name: [m.firstName, m.lastName].filter(Boolean).join(' ') || null,
          active: m.active,
          accountRoleName: m.accountRoleName,
          reason: ambiguous.length > 0 ? 'ambiguous' : 'no-match',
          candidates: ambiguous.map((i) => i.identityId),
          fact: refOf(f),
        });
      }
    }
  }

  const serviceAccountOwners = resolveOwners(view, inputs.serviceAccountCreations ?? [], links, byId, byEmail, byPrefectActor);
  return { identities, byId, byEmail, byPrefectActor, unmatched, serviceAccountOwners, groupMemberships };
}

const EMPTY: ReadonlySet<string> = new Set();

function allowed(list: Identity[] | undefined, forbidden: ReadonlySet<string>): Identity[] {
  if (!list) return [];
  return forbidden.size === 0 ? list : list.filter((i) => !forbidden.has(i.identityId));
}

interface SubjectLinks {
  linked: string | null;
  unlinked: Set<string>;
}

function linkTable(links: readonly IdentityLink[]): Map<string, SubjectLinks> {
  const out = new Map<string, SubjectLinks>();
  for (const l of links) {
    const key = pairKey(l.subjectKind, pairKey(l.sourceId, l.subjectId));
    let entry = out.get(key);
    if (!entry) {
      entry = { linked: null, unlinked: new Set() };
      out.set(key, entry);
    }
    if (l.mode === 'link') entry.linked = l.identityId;
    else entry.unlinked.add(l.identityId);
  }
  return out;
}

function resolveOwners(
  view: SnapshotView,
  creations: readonly StoredEvent[],
  links: Map<string, SubjectLinks>,
  byId: Map<string, Identity>,
  byEmail: Map<string, Identity[]>,
  byPrefectActor: IdentityIndex['byPrefectActor'],
): Map<string, ServiceAccountOwner> {
  const createdBy = new Map<string, StoredEvent>();
  for (const e of creations) {
    const botId =
      prefectResourceId(typeof e.detail.resourceId === 'string' ? e.detail.resourceId : null, 'service-account') ??
      e.targetIds.map((t) => prefectResourceId(t, 'service-account')).find((x) => x !== null) ??
      null;
    const key = botId ? pairKey(e.sourceId, botId) : null;
    if (key && !createdBy.has(key)) createdBy.set(key, e);
  }
  const owners = new Map<string, ServiceAccountOwner>();
  for (const account of view.prefect) {
    for (const sa of account.serviceAccounts.values()) {
      const key = pairKey(account.sourceId, sa.value.id);
      const event = createdBy.get(key) ?? null;
      const manual = links.get(pairKey('service-account', key));
      const forbidden = manual?.unlinked ?? EMPTY;
      let identity: Identity | null = null;
      let matchedBy: ServiceAccountOwner['matchedBy'] = null;
      const linked = manual?.linked ? byId.get(manual.linked) : undefined;
      if (linked) {
        identity = linked;
        matchedBy = 'manual';
      } else if (event?.actorId) {
        const viaActor = byPrefectActor.get(pairKey(account.sourceId, event.actorId))?.identity;
        if (viaActor && !forbidden.has(viaActor.identityId)) {
          identity = viaActor;
          matchedBy = 'audit-actor';
        } else if (event.actorName) {
          const candidates = allowed(byEmail.get(event.actorName.toLowerCase()), forbidden);
          if (candidates.length === 1) {
            identity = candidates[0]!;
            matchedBy = 'audit-email';
          }
        }
      }
      owners.set(key, {
        sourceId: account.sourceId,
        botId: sa.value.id,
        identityId: identity?.identityId ?? null,
        creatorActorId: event?.actorId ?? null,
        creatorName: event?.actorName ?? null,
        matchedBy,
        event: event ? { sourceId: event.sourceId, eventId: event.eventId, occurredAt: event.occurredAt, type: event.type } : null,
      });
      if (identity && matchedBy) identity.serviceAccounts.push({ sourceId: account.sourceId, botId: sa.value.id, name: sa.value.name, matchedBy });
    }
  }
  return owners;
}

/** resolveIdentities with the manual links and service-account creation events read from the store. */
export function identitiesFor(db: Db, view: SnapshotView, rules?: readonly MatchRule[]): IdentityIndex {
  const prefectSources = view.prefect.map((p) => p.sourceId);
  return resolveIdentities(view, {
    ...(rules ? { rules } : {}),
    links: listIdentityLinks(db),
    serviceAccountCreations: eventsOfTypes(db, prefectSources, [PREFECT_EVENTS.serviceAccountCreated], view.collection.id),
  });
}
