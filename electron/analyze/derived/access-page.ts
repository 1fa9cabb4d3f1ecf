import type { Db } from '../../db/open-database';
import type { MatchRule } from '../identity/match-rules';
import type { AccessFilter, AccessRow } from '../point-in-time';
import type { WorkspaceRef } from '../../../shared/domain/analysis';
import { BODY, OwnEvidence, ShapeDecoder } from './access-codec';
import { bodyLength, FIELD } from './body-format';
import { bodyRows, keepsPrincipal, openRead, RANGE_AT_SQL, rowSelection, sharedRefs } from './derived-reads';
import { prefectSourcesOf } from './fact-closings';
import { sortWorkspaces } from '../workspace-list';

/**
 * One page of "who had access at T" from derived data, with the answer's total and every
 * workspace anyone holds, reading only the bodies on the page.
 *
 * Every principal valid at C is placed from the listing index (migration 009: ord, flags and
 * shape id in clustered order, a few bytes each): its flags say whether the filter lists it,
 * its shape how many rows it gives (one per workspace of the shape the filter keeps), so the
 * total and the principals the page covers are known before any body is read. The rows are
 * then exactly what derivedAccessRows would return from `offset` on: the same bodies, decoded
 * by the same code (bodyRows), in the same order.
 */
export interface AccessPage {
  rows: AccessRow[];
  /** Rows of the whole answer. */
  total: number;
  /** Every workspace anyone (active or not) holds a role or grant on at C, whatever the filter. */
  workspaces: WorkspaceRef[];
}

/**
 * The listing (flags, shape_id) disagrees with the stored bodies: a damaged file. The caller
 * answers from the bodies alone instead (derivedAccessRows), which never read the listing.
 */
export class ListingMismatch extends Error {
  constructor(detail: string) {
    super(`derived access listing: ${detail}`);
    this.name = 'ListingMismatch';
  }
}

/** Every principal valid at C in one account, clustered order: `ord,flags,shape_id` joined by commas, from the listing index alone. */
export const LISTING_AT_SQL = `SELECT group_concat(ord || ',' || flags || ',' || shape_id, ','), count(*) FROM (
  SELECT ord, flags, shape_id FROM access_principals WHERE source_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY ord, fact_key)`;

/** One account's listing: three numbers per principal, in clustered order. */
interface Listing {
  ord: Float64Array;
  flags: Uint8Array;
  shape: Int32Array;
}

/**
 * A page of accessAt's rows, or null when C cannot be answered from derived data or the filter
 * names a person (finding the people who hold an address reads every body: derivedAccessRows).
 */
export function derivedAccessPage(db: Db, collectionId: number, filter: AccessFilter, offset: number, limit: number, rules?: readonly MatchRule[]): AccessPage | null {
  if (filter.email) return null;
  const read = openRead(db, collectionId, rules);
  if (!read) return null;
  const selection = rowSelection(filter);
  const rows: AccessRow[] = [];
  const workspaces = new Map<string, WorkspaceRef>();
  let total = 0;
  for (const sourceId of prefectSourcesOf(db, collectionId)) {
    const listing = listingAt(db, sourceId, collectionId);
    if (listing.ord.length === 0) continue;
    const decoder = new ShapeDecoder(sourceId, read.shapes, sharedRefs(db, sourceId, collectionId));
    // Per shape: the rows it gives under the filter.
    const rowsOfShape = new Map<number, number>();
    const shapeRows = (id: number): number => {
      let n = rowsOfShape.get(id);
      if (n === undefined) {
        if (!read.shapes.has(id)) throw new ListingMismatch(`${sourceId} lists shape ${id} at collection ${collectionId}, which is not stored`);
        n = 0;
        for (const w of decoder.shape(id)) {
          if (selection.workspace(w.workspace)) n += 1;
          // The workspace list: first seen in row order, as a whole-organisation read lists them.
          const key = `${w.workspace.sourceId}\u0000${w.workspace.workspaceId}`;
          if (!workspaces.has(key)) workspaces.set(key, w.workspace);
        }
        rowsOfShape.set(id, n);
      }
      return n;
    };
    // The principals whose rows fall on the page: [first, last], and how many rows of the first precede it.
    let first = -1;
    let last = -1;
    let skip = 0;
    for (let i = 0; i < listing.ord.length; i++) {
      const n = shapeRows(listing.shape[i]!);
      if (n === 0 || !keepsPrincipal(selection, listing.flags[i]!)) continue;
      const end = total + n;
      if (end > offset && total < offset + limit) {
        if (first < 0) {
          first = i;
          skip = Math.max(0, offset - total);
        }
        last = i;
      }
      total = end;
    }
    if (first < 0) continue;
    // The first source on the page starts `skip` rows into its first principal; later ones at their first.
    const covered = pageRows(db, sourceId, collectionId, listing, first, last, decoder, new OwnEvidence(sourceId, read.pending), selection);
    for (let i = skip; i < covered.length && rows.length < limit; i++) rows.push(covered[i]!);
  }
  return { rows, total, workspaces: sortWorkspaces(workspaces.values()) };
}

function listingAt(db: Db, sourceId: string, collectionId: number): Listing {
  const [text, count] = db.prepare(LISTING_AT_SQL).raw().get(sourceId, collectionId, collectionId) as [string | null, number];
  const listing = parseListing(text ?? '');
  // group_concat leaves out a row whose flags or shape id is NULL: the count does not.
  if (listing.ord.length !== count) throw new ListingMismatch(`${sourceId} lists ${listing.ord.length} of its ${count} principals at collection ${collectionId}`);
  return listing;
}

/** `a,b,c,a,b,c,...` (non-negative integers) into three columns, without making a string per number. */
export function parseListing(text: string): Listing {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count += 1;
  const n = text.length === 0 ? 0 : (count + 1) / 3;
  if (!Number.isInteger(n)) throw new ListingMismatch('the listing index is not in threes (ord, flags, shape id)');
  const listing: Listing = { ord: new Float64Array(n), flags: new Uint8Array(n), shape: new Int32Array(n) };
  let field = 0;
  let value = 0;
  let digits = 0;
  const store = () => {
    if (digits === 0) throw new ListingMismatch('the listing index has an empty field (a row without flags or shape id)');
    const row = Math.floor(field / 3);
    const column = field % 3;
    if (column === 0) listing.ord[row] = value;
    else if (column === 1) listing.flags[row] = value;
    else listing.shape[row] = value;
    field += 1;
    value = 0;
    digits = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) store();
    else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits += 1;
    } else throw new ListingMismatch(`unexpected "${text[i]}" in the listing index`);
  }
  if (n > 0) store();
  return listing;
}

/**
 * The rows of listing principals first..last (all of their rows; the caller cuts the page).
 * Their bodies are the ones valid at C in the key range [ord[first], ord[last]], which may
 * start with principals before `first` that share its ord: those are skipped.
 */
function pageRows(db: Db, sourceId: string, collectionId: number, listing: Listing, first: number, last: number, decoder: ShapeDecoder, own: OwnEvidence, selection: ReturnType<typeof rowSelection>): AccessRow[] {
  const lo = listing.ord[first]!;
  const hi = listing.ord[last]!;
  let before = 0;
  for (let i = first - 1; i >= 0 && listing.ord[i] === lo; i--) before += 1;
  let after = 0;
  for (let i = last + 1; i < listing.ord.length && listing.ord[i] === hi; i++) after += 1;
  const text = db.prepare(RANGE_AT_SQL).pluck().get(sourceId, lo, hi + 1, collectionId, collectionId) as string | null;
  const fields = text === null ? [] : text.split(FIELD);
  // The listing and the bodies must agree on who is in the range, or the page would show one
  // principal's rows in another's place: a damaged listing is caught, not turned into an answer.
  let bodies = 0;
  for (let at = 0; at < fields.length; at += bodyLength(fields, at)) bodies += 1;
  if (bodies !== before + (last - first + 1) + after) {
    throw new ListingMismatch(`${sourceId} has ${bodies} stored principals at collection ${collectionId} in ord ${lo}–${hi} where its listing has ${before + (last - first + 1) + after}`);
  }
  const out: AccessRow[] = [];
  let at = 0;
  for (let i = 0; i < before; i++) at += bodyLength(fields, at);
  for (let i = first; i <= last; i++) {
    if (Number(fields[at + BODY.flags]) !== listing.flags[i] || Number(fields[at + BODY.shapeId]) !== listing.shape[i]) {
      throw new ListingMismatch(`${sourceId} principal ${i} at collection ${collectionId}: its listed flags or shape differ from its stored body`);
    }
    at = bodyRows(fields, at, sourceId, decoder, own, selection, out);
  }
  return out;
}
