import { createHash } from 'node:crypto';
import type { Db } from '../../db/open-database';
import { historyBlockText } from './history-codec';
import { statement } from './statements';

/**
 * SHA-256 over the fact versions one collection closed in one source: per kind (binary order),
 * `kind NUL` and then the lines of its history blocks in the order they were written
 * (`slot TAB valid_from TAB JSON key TAB value_json LF`, history-codec.ts). The content hash
 * covers only the facts open now; this covers the past: the ledger entry of each collection
 * records it, so a closed version deleted, or its value or start edited, in place no longer
 * matches (collected-data-agreement.ts). Block boundaries do not change it, only the versions and
 * their order.
 */
export function closedVersionsHash(db: Db, sourceId: string, collectionId: number): string {
  const hash = createHash('sha256');
  let kind: string | null = null;
  const blocks = statement(
    db,
    `SELECT s.kind, h.packed FROM fact_streams s JOIN fact_history h ON h.stream = s.id
     WHERE s.source_id = ? AND h.valid_to = ? ORDER BY s.kind COLLATE BINARY, h.part`,
  ).raw();
  for (const [blockKind, packed] of blocks.iterate(sourceId, collectionId) as IterableIterator<[string, Buffer]>) {
    if (blockKind !== kind) {
      kind = blockKind;
      hash.update(`${kind}\u0000`);
    }
    hash.update(historyBlockText(packed));
  }
  return hash.digest('hex');
}

/**
 * How many fact versions (open or closed, every source) start at each collection after
 * `after`: what each of those collections' ledger entries says it opened. Closed versions are
 * read from the blocks closed after `after` (a version closes after it starts), by the second
 * field of each line, without decoding the rest.
 */
export function versionsStartingAfter(db: Db, after: number): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (collectionId: number, n: number) => counts.set(collectionId, (counts.get(collectionId) ?? 0) + n);
  for (const [from, n] of db.prepare('SELECT valid_from, count(*) FROM fact_open WHERE valid_from > ? GROUP BY valid_from').raw().iterate(after) as IterableIterator<[number, number]>) add(from, n);
  const TAB = 9;
  const LF = 10;
  for (const packed of db.prepare('SELECT packed FROM fact_history WHERE valid_to > ?').pluck().iterate(after) as IterableIterator<Buffer>) {
    const text = historyBlockText(packed);
    for (let start = 0; start < text.length; ) {
      const t1 = text.indexOf(TAB, start);
      const t2 = text.indexOf(TAB, t1 + 1);
      const end = text.indexOf(LF, t2 + 1);
      if (t1 < 0 || t2 < 0 || end < 0) throw new Error('fact history block is damaged (a line without its four fields)');
      const from = Number(text.toString('latin1', t1 + 1, t2));
      if (from > after) add(from, 1);
      start = end + 1;
    }
  }
  return counts;
}
