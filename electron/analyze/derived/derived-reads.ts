import { workspaceMatcher } from '../workspace-list';
import type { Db } from '../../db/open-database';
import type { RecordKind } from '../../../shared/domain/records';
import type { FactRef } from '../fact-ref';
import type { MatchRule } from '../identity/match-rules';
import type { AccessFilter, AccessRow } from '../point-in-time';
import { BODY, decodePrincipal, emailsOf, OwnEvidence, instantiateGrants, readIdentityName, readText, ShapeDecoder, type DerivedPrincipal, type PendingClosings } from './access-codec';
import { bodyLength, FIELD, refCountAt } from './body-format';
import { derivedUsable, newestCommitted, type DerivationState } from './derivation-state';
import { closingsBetween, prefectSourcesOf } from './fact-closings';

/**
 * Reading derived access back: the rows valid at a collection, decoded into exactly what the
 * engine would answer. SQLite joins the bodies of one Prefect account into one string (in
 * clustered order, which is the engine's order), so JavaScript splits it once per account
 * instead of taking 100k rows one by one, and walks the fields (body-format.ts).
 */

/** Kinds of the shared evidence: few facts, read from the store for the collection asked about. */
const SHARED_KINDS: readonly RecordKind[] = ['prefect_workspace', 'prefect_team', 'prefect_workspace_access'];

export interface ReadContext {
  state: DerivationState;
  shapes: Map<number, string>;
  pending: PendingClosings | null;
}

export function openRead(db: Db, collectionId: number, rules?: readonly MatchRule[]): ReadContext | null {
  const state = derivedUsable(db, collectionId, rules);
  if (!state) return null;
  const shapes = new Map<number, string>();
  for (const [id, json] of db.prepare('SELECT id, json FROM access_shapes').raw().iterate() as IterableIterator<[number, string]>) shapes.set(id, json);
  return { state, shapes, pending: pendingClosings(db, state) };
}

/**
 * Closings at committed collections after the last one written into stored evidence (a
 * degraded collection since, or a derivation still running): applied while decoding.
 */
function pendingClosings(db: Db, state: DerivationState): PendingClosings | null {
  const newest = newestCommitted(db);
  if (newest <= state.patchedThrough) return null;
  const out = new Map<string, number>();
  const sources = (db.prepare(`SELECT DISTINCT source_id FROM access_actors`).all() as { source_id: string }[]).map((r) => r.source_id);
  for (const c of closingsBetween(db, sources, state.patchedThrough, newest)) out.set(`${c.sourceId}\u0000${c.kind}\u0000${c.key}\u0000${c.validFrom}`, c.validTo);
  return out.size > 0 ? out : null;
}

/**
 * The shared facts of an account valid at C, as references: kind\0key -> reference. Only the
 * key and interval are read (a reference has no value; parsing the values was most of this).
 */
export function sharedRefs(db: Db, sourceId: string, collectionId: number): Map<string, FactRef> {
  const out = new Map<string, FactRef>();
  const valid = db.prepare('SELECT key, valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)').raw();
  for (const kind of SHARED_KINDS) {
    for (const [key, validFrom, validTo] of valid.iterate(sourceId, kind, collectionId, collectionId) as IterableIterator<[string, number, number | null]>) {
      out.set(`${kind}\u0000${key}`, { sourceId, kind, key, validFrom, validTo });
    }
  }
  return out;
}

/** The bodies valid at a collection in one range of one account's clustered key, joined (exported for plan tests). */
export const RANGE_AT_SQL = `SELECT group_concat(body, char(1)) FROM (
  SELECT body FROM access_principals WHERE source_id = ? AND ord >= ? AND ord < ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY source_id, ord, fact_key)`;

/**
 * The versions valid at one of two collections lo < hi only: started after lo and still valid
 * at hi, or valid at lo and ended by hi (one that came and went in between is neither). Two
 * index range scans; one OR over both indexes cost twice as much on a WITHOUT ROWID table.
 * In clustered order (the engine's), returning only what the reader uses.
 */
export const CHANGED_BETWEEN_SQL = `SELECT source_id, valid_from, valid_to, body FROM (
    SELECT source_id, ord, fact_key, valid_from, valid_to, body FROM access_principals
      WHERE valid_from > @lo AND valid_from <= @hi AND (valid_to IS NULL OR valid_to > @hi)
    UNION ALL
    SELECT source_id, ord, fact_key, valid_from, valid_to, body FROM access_principals
      WHERE valid_to > @lo AND valid_to <= @hi AND valid_from <= @lo)
  ORDER BY source_id, ord, fact_key, valid_from`;

/** Key ranges a whole-account read is cut into (see chunksAt). */
const READ_CHUNKS = 64;

/**
 * The fields of every body valid at C for one account, in clustered order, a range of the
 * clustered key at a time: SQLite joins a range's bodies with the field separator and one
 * split makes the list the reader walks (body-format.ts). In ranges, so that the strings of
 * fields no row keeps die young: one list for 100k bodies kept millions of them alive
 * through every garbage collection of the read.
 */
function* chunksAt(db: Db, sourceId: string, collectionId: number): Generator<string[]> {
  const lo = db.prepare('SELECT min(ord) FROM access_principals WHERE source_id = ?').pluck().get(sourceId) as number | null;
  const hi = db.prepare('SELECT max(ord) FROM access_principals WHERE source_id = ?').pluck().get(sourceId) as number | null;
  if (lo === null || hi === null) return;
  const width = Math.max(1, Math.ceil((hi - lo + 1) / READ_CHUNKS));
  const range = db.prepare(RANGE_AT_SQL).pluck();
  for (let from = lo; from <= hi; from += width) {
    const text = range.get(sourceId, from, from + width, collectionId, collectionId) as string | null;
    if (text !== null) yield text.split(FIELD);
  }
}

/**
 * accessRows' filter as the derived readers apply it: to a body's fields, before anything is
 * built, so that rows filtered out never are.
 */
export interface RowSelection {
  includeInactive: boolean;
  usersOnly: boolean;
  /** Whether a row on this workspace is kept (every one when the filter names none). */
  workspace: (w: AccessRow['workspace']) => boolean;
  /** The address asked for (lower case), or null. */
  email: string | null;
  /** With an address: the identities that carry it (filled by the reader before rows are read). */
  holders: Set<string>;
}

export function rowSelection(filter: AccessFilter): RowSelection {
  return {
    includeInactive: filter.includeInactive ?? false,
    usersOnly: filter.usersOnly ?? false,
    workspace: workspaceMatcher(filter.workspace ?? filter.workspaceId),
    email: filter.email ? filter.email.trim().toLowerCase() : null,
    holders: new Set<string>(),
  };
}

/** Whether a principal with these flags (1 service account, 2 active) is listed at all. */
export function keepsPrincipal(selection: RowSelection, flags: number): boolean {
  return (selection.includeInactive || (flags & 2) !== 0) && !(selection.usersOnly && (flags & 1) !== 0);
}

/**
 * The rows of the body at fields[at] that the selection keeps, appended to `out`, in the
 * engine's order (its shape's workspaces). Returns where the next body starts.
 */
export function bodyRows(fields: readonly string[], at: number, sourceId: string, decoder: ShapeDecoder, own: OwnEvidence, selection: RowSelection, out: AccessRow[]): number {
  const countAt = refCountAt(fields, at + BODY.emails);
  const refCount = Number(fields[countAt]);
  const next = countAt + 1 + 4 * refCount;
  const flags = Number(fields[at + BODY.flags]);
  if (!keepsPrincipal(selection, flags)) return next;
  const active = (flags & 2) !== 0;
  const type = (flags & 1) !== 0 ? 'bot' : 'user';
  const identityId = readText(fields[at + BODY.identityId]!);
  const rowEmail = readText(fields[at + BODY.email]!);
  const { email } = selection;
  if (email !== null && !((type === 'user' && identityId !== null && selection.holders.has(identityId)) || rowEmail === email)) return next;
  const name = readText(fields[at + BODY.name]!);
  const principal = {
    type,
    sourceId,
    id: readText(fields[at + BODY.id]!)!,
    actorId: readText(fields[at + BODY.actorId]!)!,
    name,
    accountRoleName: readText(fields[at + BODY.accountRoleName]!),
    active,
  } as const;
  const displayName = identityId !== null ? (readIdentityName(fields[at + BODY.identityName]!, name) ?? name) : name;
  const matchedBy = readText(fields[at + BODY.matchedBy]!) as AccessRow['matchedBy'];
  let ownOf = false;
  for (const w of decoder.shape(Number(fields[at + BODY.shapeId]))) {
    if (!selection.workspace(w.workspace)) continue;
    out.push({
      identityId,
      displayName,
      email: rowEmail,
      principal,
      matchedBy,
      workspace: w.workspace,
      role: w.role,
      provenance: w.sharedGrants ?? instantiateGrants(w.grants, ownOf ? own : ((ownOf = true), own.of(fields, countAt + 1, refCount))),
    });
  }
  return next;
}

/**
 * accessAt's rows from derived data, or null when collection C cannot be answered that way
 * (not derived, or derived under other links or rules): the caller then asks the engine.
 */
export function derivedAccessRows(db: Db, collectionId: number, filter: AccessFilter = {}, rules?: readonly MatchRule[]): AccessRow[] | null {
  const read = openRead(db, collectionId, rules);
  if (!read) return null;
  const rows: AccessRow[] = [];
  const selection = rowSelection(filter);
  const sources = prefectSourcesOf(db, collectionId);
  // "The people holding this address": identities, across accounts, that carry it.
  const email = selection.email;
  if (email !== null) {
    for (const sourceId of sources) {
      for (const fields of chunksAt(db, sourceId, collectionId)) {
        for (let at = 0; at < fields.length; at += bodyLength(fields, at)) {
          const identityId = readText(fields[at + BODY.identityId]!);
          if (identityId !== null && emailsOf(fields, at + BODY.emails, readText(fields[at + BODY.email]!)).includes(email)) selection.holders.add(identityId);
        }
      }
    }
  }
  for (const sourceId of sources) {
    const decoder = new ShapeDecoder(sourceId, read.shapes, sharedRefs(db, sourceId, collectionId));
    const own: OwnEvidence = new OwnEvidence(sourceId, read.pending);
    for (const fields of chunksAt(db, sourceId, collectionId)) {
      for (let at = 0; at < fields.length; ) at = bodyRows(fields, at, sourceId, decoder, own, selection, rows);
    }
  }
  return rows;
}

/** One side of a diff: the principals that changed, as of one collection. */
export interface DerivedSide {
  principals: DerivedPrincipal[];
}

/**
 * The principals whose derived rows start or end between two derived collections, as of each
 * of them: everyone else had the same access at both. Null when either collection cannot be
 * answered from derived data.
 */
export function derivedChangedPrincipals(db: Db, fromCollection: number, toCollection: number, rules?: readonly MatchRule[]): { before: DerivedSide; after: DerivedSide } | null {
  const read = openRead(db, fromCollection, rules);
  if (!read || !derivedUsable(db, toCollection, rules)) return null;
  const lo = Math.min(fromCollection, toCollection);
  const hi = Math.max(fromCollection, toCollection);
  const points = [fromCollection, toCollection] as const;
  const sides: [DerivedPrincipal[], DerivedPrincipal[]] = [[], []];
  const sourcesAt = points.map((c) => new Set(prefectSourcesOf(db, c)));
  const decoders = points.map(() => new Map<string, ShapeDecoder>());
  const owns = new Map<string, OwnEvidence>();
  // Row by row: a row is garbage once decoded, instead of 20k rows and their bodies kept to the end.
  for (const [sourceId, from, to, body] of db.prepare(CHANGED_BETWEEN_SQL).raw().iterate({ lo, hi }) as IterableIterator<[string, number, number | null, string]>) {
    for (let side = 0; side < 2; side++) {
      const c = points[side]!;
      if (from > c || (to !== null && to <= c) || !sourcesAt[side]!.has(sourceId)) continue;
      let decoder = decoders[side]!.get(sourceId);
      if (!decoder) {
        decoder = new ShapeDecoder(sourceId, read.shapes, sharedRefs(db, sourceId, c));
        decoders[side]!.set(sourceId, decoder);
      }
      let own = owns.get(sourceId);
      if (!own) {
        own = new OwnEvidence(sourceId, read.pending);
        owns.set(sourceId, own);
      }
      sides[side]!.push(decodePrincipal(sourceId, body.split(FIELD), 0, decoder, own));
    }
  }
  return { before: { principals: sides[0] }, after: { principals: sides[1] } };
}
