import type { Db } from '../db/open-database';
import type { RecordKind } from '../../shared/domain/records';
import { loadSnapshot, ACCESS_KINDS, type SnapshotView } from './snapshot-view';
import { computeEffectiveAccess, type EffectiveAccess } from './effective-access';
import { resolveIdentities } from './identity/resolve-identities';
import { listIdentityLinks } from './identity/identity-links';
import { DEFAULT_MATCH_RULES, type MatchRule } from './identity/match-rules';
import { currentPolicy } from './policy/policy-store';
import type { IdentityIndex } from './identity/identity-types';
import { eventsOfTypes, PREFECT_EVENTS } from './stored-events';

/** The three things every analysis question starts from, for one complete collection. */
export interface AnalysisContext {
  view: SnapshotView;
  identities: IdentityIndex;
  access: EffectiveAccess;
}

export interface ContextOptions {
  /** 'access' loads what point-in-time access needs; 'full' adds group memberships, keys, logins. */
  depth?: 'access' | 'full';
  /** Identity attribute rules; default: the saved policy's, else DEFAULT_MATCH_RULES. */
  rules?: readonly MatchRule[];
  /** Reuse results across calls (the API keeps one per open database). */
  cache?: AnalysisCache;
}

/**
 * Loads a snapshot and derives identities and effective access from it. The state as of a
 * complete collection never changes afterwards (later collections only close intervals after
 * it), so results are cached by collection id, plus the manual links and rules in force,
 * which are the only other inputs.
 */
export function analysisContext(db: Db, collectionId: number, options: ContextOptions = {}): AnalysisContext {
  const depth = options.depth ?? 'full';
  const { key, links, rules } = contextKey(db, collectionId, options.rules);
  const cache = options.cache;
  const cached = cache?.get(key, depth);
  if (cached) return cached;
  const kinds: readonly RecordKind[] | undefined = depth === 'access' ? ACCESS_KINDS : undefined;
  const view = cache?.view(collectionId, depth) ?? loadSnapshot(db, collectionId, kinds ? { kinds } : {});
  const prefectSources = view.prefect.map((p) => p.sourceId);
  const identities = resolveIdentities(view, {
    rules,
    links,
    serviceAccountCreations: eventsOfTypes(db, prefectSources, [PREFECT_EVENTS.serviceAccountCreated], collectionId),
  });
  const access = computeEffectiveAccess(view);
  const context = { view, identities, access };
  cache?.put(key, depth, context);
  return context;
}

/** Identity rules in force: as given, else the saved policy's (so every view matches people the same way). */
export function rulesInForce(db: Db, rules?: readonly MatchRule[]): readonly MatchRule[] {
  return rules ?? currentPolicy(db).matchRules ?? DEFAULT_MATCH_RULES;
}

function contextKey(db: Db, collectionId: number, given?: readonly MatchRule[]) {
  const links = listIdentityLinks(db);
  const rules = rulesInForce(db, given);
  const linkKey = JSON.stringify(links.map((l) => [l.subjectKind, l.sourceId, l.subjectId, l.identityId, l.mode]));
  return { key: `${collectionId}|${linkKey}|${JSON.stringify(rules)}`, links, rules };
}

/** The cached context of a collection, if the cache holds one (never loads). */
export function cachedContext(db: Db, collectionId: number, options: ContextOptions & { cache: AnalysisCache }): AnalysisContext | null {
  return options.cache.get(contextKey(db, collectionId, options.rules).key, options.depth ?? 'access');
}

/**
 * A small most-recently-used cache of analysis contexts. A 'full' context also answers
 * 'access' questions. Two is the default: the UI looks at one or two times at once, and a full
 * context of 100k people with 1M group memberships holds about 0.8 GB.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { depth: 'access' | 'full'; context: AnalysisContext }>();
  constructor(private readonly capacity = 2) {}

  get(key: string, depth: 'access' | 'full'): AnalysisContext | null {
    const hit = this.entries.get(key);
    if (!hit || (depth === 'full' && hit.depth !== 'full')) return null;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.context;
  }

  /** A cached snapshot of this collection (deep enough), whatever links/rules it was resolved with. */
  view(collectionId: number, depth: 'access' | 'full'): SnapshotView | null {
    for (const [key, entry] of this.entries) {
      if (key.startsWith(`${collectionId}|`) && (depth === 'access' || entry.depth === 'full')) return entry.context.view;
    }
    return null;
  }

  put(key: string, depth: 'access' | 'full', context: AnalysisContext): void {
    this.entries.delete(key);
    this.entries.set(key, { depth, context });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
