import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { analysisContext, type AnalysisCache, type AnalysisContext } from '../analysis-context';
import type { PrincipalAccess } from '../effective-access';
import { completeCollections } from '../collection-points';
import { pairKey } from '../fact-ref';
import type { MatchRule } from '../identity/match-rules';
import { rulesInForce } from '../analysis-context';
import { requireComplete } from '../snapshot-view';
import { encodePrincipal, OWN_KIND_CODES, principalActorIds, principalFlags, principalOrder } from './access-codec';
import { closingsBetween, prefectSourceIds } from './fact-closings';
import { encodeBody, parseBody } from './body-format';
import { clearDerived, derivedInputsKey, lastDerived, newestCommitted, readDerivationState, writeDerivationState } from './derivation-state';

export interface DeriveOutcome {
  collectionId: number;
  /** Principals compared: all of them, or those an incremental step could not rule out. */
  principals: number;
  opened: number;
  closed: number;
  cpuMs: number;
}

export interface DeriveOptions {
  cache?: AnalysisCache;
  /**
   * The engine's answer to derive from instead of loading it; with `only`, it is valid for
   * those actors (source\0actor id) alone and every other principal keeps its row (incremental.ts).
   */
  context?: (collectionId: number) => { context: AnalysisContext; only?: ReadonlySet<string> };
  /**
   * The contexts were loaded now, after every closing up to the newest committed collection
   * (a rebuild): evidence is then patched once up front instead of before each collection.
   */
  freshContexts?: boolean;
  /** Called after each collection is derived. */
  onDerived?: (outcome: DeriveOutcome) => void;
}

/**
 * Brings derived access up to date through complete collection `through`: every complete
 * collection after the last derived one, in order, so intervals never skip one. Runs after
 * each complete collection (with the context findings just loaded, so it costs the encoding
 * and the comparison with the current rows) and as a rebuild when links or match rules
 * changed (everything is dropped and derived again from the first collection).
 *
 * Exactly what the engine computes: each collection's rows are the engine's context for it,
 * encoded; a principal whose encoding did not change keeps its open row. Refuses a
 * collection that is not complete, like every analysis.
 */
export function deriveAccessThrough(db: Db, clock: Clock, through: number, options: DeriveOptions = {}): DeriveOutcome[] {
  requireComplete(db, through);
  const rules = rulesInForce(db);
  const key = derivedInputsKey(db, rules);
  const state = readDerivationState(db);
  if (!state || state.inputsKey !== key) clearDerived(db, key);
  const last = lastDerived(db);
  const pending = completeCollections(db).filter((c) => c.id > last && c.id <= through);
  const newest = newestCommitted(db);
  if (options.freshContexts && pending.length > 0) {
    // Rows already stored are brought up to now; the fresh contexts already are.
    db.transaction(() => {
      patchClosings(db, readDerivationState(db)!.patchedThrough, newest);
    })();
  }
  const outcomes: DeriveOutcome[] = [];
  for (const point of pending) {
    const outcome = deriveOne(db, clock, point.id, key, rules, options);
    outcomes.push(outcome);
    options.onDerived?.(outcome);
  }
  if (options.freshContexts && pending.length > 0) writeDerivationState(db, { inputsKey: key, patchedThrough: Math.max(newest, readDerivationState(db)!.patchedThrough) });
  return outcomes;
}

/** A principal encoded before the write transaction: its row key, shape and body builder. */
interface EncodedPrincipal {
  principal: PrincipalAccess;
  ord: number;
  rowKey: string;
  shape: string;
  body: (shapeId: number) => string;
  /** The body under the shape id it had when encoded (null: a shape not stored then). */
  early: { shapeId: number; body: string } | null;
}

function deriveOne(db: Db, clock: Clock, collectionId: number, key: string, rules: readonly MatchRule[], options: DeriveOptions): DeriveOutcome {
  const cpu0 = process.cpuUsage();
  // Load (or reuse) the engine's answer and encode it outside the write transaction: they are
  // the slow part, and a collection committing meanwhile waits for that lock (at 100k people
  // encoding inside it held the lock ~4.7 s, next to the 5 s a writer waits before failing).
  const given = options.context?.(collectionId);
  const context = given?.context ?? analysisContext(db, collectionId, { depth: 'access', rules, ...(options.cache ? { cache: options.cache } : {}) });
  const only = given?.only ?? null;
  const encoded = encodeContext(context, only, storedShapes(db));
  return db
    .transaction((): DeriveOutcome => {
      const state = readDerivationState(db)!;
      if (!options.freshContexts) {
        // Evidence written earlier may cite facts that have closed since. The context reflects
        // every closing up to this collection (it was loaded after it committed), so rows are
        // brought up to the same point; later closings are written in next time (and applied
        // when reading until then).
        patchClosings(db, state.patchedThrough, collectionId);
        if (collectionId > state.patchedThrough) writeDerivationState(db, { inputsKey: key, patchedThrough: collectionId });
      }

      const open = new Map<string, string>();
      if (only) {
        // Only these actors can have changed: compare with their own open rows.
        const rowsOf = db.prepare(
          // CROSS JOIN keeps SQLite from scanning every version of the source first.
          `SELECT p.source_id, p.ord, p.fact_key, p.body FROM access_actors a CROSS JOIN access_principals p
             ON p.source_id = a.source_id AND p.ord = a.ord AND p.fact_key = a.fact_key AND p.valid_to IS NULL
           WHERE a.source_id = ? AND a.actor_id = ?`,
        );
        for (const actor of only) {
          const cut = actor.indexOf('\u0000');
          for (const [sourceId, ord, factKey, body] of rowsOf.raw().all(actor.slice(0, cut), actor.slice(cut + 1)) as [string, number, string, string][]) {
            open.set(`${sourceId}\u0000${ord}\u0000${factKey}`, body);
          }
        }
      } else {
        for (const [sourceId, ord, factKey, body] of db.prepare('SELECT source_id, ord, fact_key, body FROM access_principals WHERE valid_to IS NULL').raw().iterate() as IterableIterator<
          [string, number, string, string]
        >) {
          open.set(`${sourceId}\u0000${ord}\u0000${factKey}`, body);
        }
      }
      // Shapes as stored now (ids handed out before this transaction are checked against them).
      const shapes = storedShapes(db);
      const insertShape = db.prepare('INSERT INTO access_shapes (json) VALUES (?)');
      const close = db.prepare('UPDATE access_principals SET valid_to = ? WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_to IS NULL');
      const insert = db.prepare('INSERT INTO access_principals (source_id, ord, fact_key, valid_from, body, flags, shape_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const insertActor = db.prepare('INSERT OR IGNORE INTO access_actors (source_id, actor_id, ord, fact_key) VALUES (?, ?, ?, ?)');

      let opened = 0;
      let closed = 0;
      for (const e of encoded) {
        const p = e.principal;
        let shapeId = shapes.get(e.shape);
        if (shapeId === undefined) {
          shapeId = Number(insertShape.run(e.shape).lastInsertRowid);
          shapes.set(e.shape, shapeId);
        }
        const body = e.early?.shapeId === shapeId ? e.early.body : e.body(shapeId);
        const previous = open.get(e.rowKey);
        open.delete(e.rowKey);
        if (previous === body) continue;
        if (previous !== undefined) closed += close.run(collectionId, p.sourceId, e.ord, p.fact.key).changes;
        insert.run(p.sourceId, e.ord, p.fact.key, collectionId, body, principalFlags(p), shapeId);
        for (const actorId of principalActorIds(p)) insertActor.run(p.sourceId, actorId, e.ord, p.fact.key);
        opened += 1;
      }
      // Principals the collection no longer shows: their access ended here (never with an
      // incremental step, whose open rows are those of the principals it encoded).
      for (const rowKey of open.keys()) {
        const [sourceId, ord, factKey] = rowKey.split('\u0000') as [string, string, string];
        closed += close.run(collectionId, sourceId, Number(ord), factKey).changes;
      }
      const cpu = process.cpuUsage(cpu0);
      const outcome: DeriveOutcome = { collectionId, principals: encoded.length, opened, closed, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
      db.prepare('INSERT INTO access_derivations (collection_id, inputs_key, derived_at, principals, opened, closed, cpu_ms) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        collectionId,
        key,
        clock.now().toISOString(),
        outcome.principals,
        opened,
        closed,
        outcome.cpuMs,
      );
      return outcome;
    })
    .immediate();
}

function storedShapes(db: Db): Map<string, number> {
  const shapes = new Map<string, number>();
  for (const [id, json] of db.prepare('SELECT id, json FROM access_shapes').raw().iterate() as IterableIterator<[number, string]>) shapes.set(json, id);
  return shapes;
}

/**
 * The context's principals (those in `only`, when given) encoded, with their bodies built
 * under the shape ids stored so far; a shape first seen here gets its id, and its bodies, in
 * the write transaction.
 */
function encodeContext(context: AnalysisContext, only: ReadonlySet<string> | null, shapes: ReadonlyMap<string, number>): EncodedPrincipal[] {
  const out: EncodedPrincipal[] = [];
  const seen = new Set<string>();
  const { access, identities } = context;
  for (const p of access.principals) {
    if (only && !principalActorIds(p).some((id) => only.has(`${p.sourceId}\u0000${id}`))) continue;
    const ord = principalOrder(p);
    const rowKey = `${p.sourceId}\u0000${ord}\u0000${p.fact.key}`;
    if (seen.has(rowKey)) throw new Error(`derived access: two principals share ${p.sourceId} ${p.fact.kind} ${p.fact.key}`);
    seen.add(rowKey);
    const who = p.type === 'user' ? identities.byPrefectActor.get(pairKey(p.sourceId, p.actorId)) : undefined;
    const encoded = encodePrincipal(p, {
      identityId: who?.identity.identityId ?? null,
      identityName: who?.identity.displayName ?? null,
      matchedBy: who?.link.matchedBy ?? null,
      emails: who?.identity.emails ?? [],
    });
    const shapeId = shapes.get(encoded.shape);
    out.push({ principal: p, ord, rowKey, shape: encoded.shape, body: encoded.body, early: shapeId === undefined ? null : { shapeId, body: encoded.body(shapeId) } });
  }
  return out;
}

/**
 * Writes fact closings at committed collections in (after, through] into every stored version
 * that cites the closed fact, found through the actor the fact belongs to.
 */
export function patchClosings(db: Db, after: number, through: number): number {
  if (through <= after) return 0;
  const closings = closingsBetween(db, prefectSourceIds(db), after, through);
  if (closings.length === 0) return 0;
  const principals = db.prepare('SELECT ord, fact_key FROM access_actors WHERE source_id = ? AND actor_id = ?').raw();
  const versions = db
    .prepare('SELECT valid_from, body FROM access_principals WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_from < ? AND (valid_to IS NULL OR valid_to > ?)')
    .raw();
  const update = db.prepare('UPDATE access_principals SET body = ? WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_from = ?');
  let patched = 0;
  for (const c of closings) {
    const code = OWN_KIND_CODES.indexOf(c.kind);
    const done = new Set<string>();
    for (const actorId of c.actorIds) {
      for (const [ord, factKey] of principals.all(c.sourceId, actorId) as [number, string][]) {
        const principalKey = `${ord}\u0000${factKey}`;
        if (done.has(principalKey)) continue;
        done.add(principalKey);
        for (const [from, body] of versions.all(c.sourceId, ord, factKey, c.validTo, c.validFrom) as [number, string][]) {
          const tuple = parseBody(body);
          const refs = tuple[14];
          let changed = false;
          for (const r of refs) {
            if ((r[0] === code || r[0] === c.kind) && r[1] === c.key && r[2] === c.validFrom && r[3] !== c.validTo) {
              r[3] = c.validTo;
              changed = true;
            }
          }
          if (changed) {
            update.run(encodeBody(tuple), c.sourceId, ord, factKey, from);
            patched += 1;
          }
        }
      }
    }
  }
  return patched;
}

