import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { allMigrations } from '../../electron/db/migrations';
import { listingFields009 } from '../../electron/db/migrations/009-derived-listing';
import { rebuildDerivedAccess } from '../../electron/analyze/derived/rebuild';
import { derivedAccessRows } from '../../electron/analyze/derived/derived-reads';
import { derivedAccessPage, ListingMismatch, LISTING_AT_SQL, parseListing } from '../../electron/analyze/derived/access-page';
import { accessPageAt } from '../../electron/analyze/point-in-time';
import { openDatabase } from '../../electron/db/open-database';
import { parseBody } from '../../electron/analyze/derived/body-format';
import type { Harness } from '../analyze/builders';
import { derivedHistory } from './derived-history';


/** The file as schema 8 left it: no listing columns, no listing index. */
function asSchema8(h: Harness): void {
  h.db.exec('DROP INDEX access_principals_listing; ALTER TABLE access_principals DROP COLUMN flags; ALTER TABLE access_principals DROP COLUMN shape_id; DROP TABLE retired_sources; DROP TABLE finding_versions; DROP TABLE finding_versions_backfilled; ALTER TABLE fact_digests DROP COLUMN sha256; ALTER TABLE collection_sources DROP COLUMN content_hash_scheme; ');
  h.db.pragma('user_version = 8');
}

describe('migration 009: listing columns for derived access', () => {
  it('fills flags and shape id from every stored body, and pages answer as the whole read does', async () => {
    const { h, complete } = await derivedHistory();
    const before = complete.map((c) => derivedAccessRows(h.db, c, { includeInactive: true })!);
    asSchema8(h);
    expect(migrate(h.db, allMigrations)).toEqual({ from: 8, to: allMigrations.length });
    const rows = h.db.prepare('SELECT body, flags, shape_id FROM access_principals').raw().all() as [string, number, number][];
    expect(rows.length).toBeGreaterThan(10);
    for (const [body, flags, shapeId] of rows) {
      const t = parseBody(body);
      expect(flags).toBe(t[0] | (t[8] << 1));
      expect(shapeId).toBe(t[13]);
    }
    // Both kinds of principal and both states are among them.
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set([2, 3, 0]));
    complete.forEach((c, i) => {
      const page = derivedAccessPage(h.db, c, { includeInactive: true }, 2, 5)!;
      expect(page.total).toBe(before[i]!.length);
      expect(page.rows).toEqual(before[i]!.slice(2, 7));
    });
  });

  it('drops derived access (derived again later) when a stored body lacks the fields', async () => {
    const { h, complete } = await derivedHistory();
    asSchema8(h);
    h.db.prepare(`UPDATE access_principals SET body = 'not a body' WHERE (source_id, ord, fact_key, valid_from) = (SELECT source_id, ord, fact_key, valid_from FROM access_principals LIMIT 1)`).run();
    migrate(h.db, allMigrations);
    for (const table of ['access_principals', 'access_actors', 'access_shapes', 'access_derivations', 'access_derivation_state']) {
      expect((h.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect(derivedAccessPage(h.db, complete.at(-1)!, {}, 0, 10)).toBeNull();
    rebuildDerivedAccess(h.db, h.clock);
    expect(derivedAccessPage(h.db, complete.at(-1)!, {}, 0, 10)!.total).toBeGreaterThan(0);
  });

  it('reads the listing from the covering index, never the table', () => {
    const db = openDatabase(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LISTING_AT_SQL}`).all('s', 5, 5) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/USING COVERING INDEX access_principals_listing \(source_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it('takes the fields of a schema-8 body and refuses anything else', () => {
    expect(listingFields009(['3', 'id', 'a', '\u0002', 'n', 'h', 'Member', '20', '\u0002', '\u0002', '\u0002', '17', '0', '1', '0', 'k', '1', '\u0002'].join('\u0001'))).toEqual({ flags: 3, shapeId: 17 });
    for (const bad of ['', 'not a body', '[0,"m"]', ['9', ...Array(11).fill('x')].join('\u0001'), ['2', ...Array(10).fill('x'), 'x7'].join('\u0001')]) {
      expect(listingFields009(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('listing parse', () => {
  it('reads threes of numbers, and names what is wrong with a damaged listing', () => {
    const l = parseListing('4096,2,7,4100,3,12');
    expect([...l.ord]).toEqual([4096, 4100]);
    expect([...l.flags]).toEqual([2, 3]);
    expect([...l.shape]).toEqual([7, 12]);
    expect(parseListing('').ord.length).toBe(0);
    expect(() => parseListing('1,2')).toThrow(/not in threes/);
    expect(() => parseListing('1,,2')).toThrow(/empty field/);
    expect(() => parseListing('1,2,x')).toThrow(/unexpected "x"/);
  });
});

describe('a damaged listing', () => {
  it('is caught, and the channel answers from the stored bodies instead', async () => {
    const { h, complete } = await derivedHistory();
    const c = complete.at(-1)!;
    const whole = derivedAccessRows(h.db, c, { includeInactive: true })!;
    const page = (offset: number, limit: number) => accessPageAt(h.db, new Date(h.clock.now()), { includeInactive: true }, { offset, limit });
    // A listing column lost (NULL) on a row valid at C: the count gives it away.
    h.db.prepare('UPDATE access_principals SET flags = NULL WHERE (source_id, ord, fact_key, valid_from) = (SELECT source_id, ord, fact_key, valid_from FROM access_principals WHERE valid_to IS NULL ORDER BY ord DESC LIMIT 1)').run();
    expect(() => derivedAccessPage(h.db, c, { includeInactive: true }, 0, 5)).toThrow(ListingMismatch);
    expect(page(0, 5).total).toBe(whole.length);
    expect(page(0, 5).rows).toEqual(whole.slice(0, 5));
    // A wrong shape id on a principal of the page: its body says otherwise.
    h.db.exec('UPDATE access_principals SET flags = CAST(substr(body, 1, instr(body, char(1)) - 1) AS INTEGER)');
    expect(derivedAccessPage(h.db, c, { includeInactive: true }, 0, 5)!.rows).toEqual(whole.slice(0, 5));
    const first = 'SELECT source_id, ord, fact_key, valid_from FROM access_principals WHERE valid_to IS NULL ORDER BY ord LIMIT 1';
    h.db.prepare(`UPDATE access_principals SET shape_id = (SELECT max(id) FROM access_shapes WHERE id <> shape_id) WHERE (source_id, ord, fact_key, valid_from) = (${first})`).run();
    expect(() => derivedAccessPage(h.db, c, { includeInactive: true }, 0, 5)).toThrow(/differ from its stored body/);
    expect(page(0, 5).rows).toEqual(whole.slice(0, 5));
    // A shape id that names no stored shape.
    h.db.prepare(`UPDATE access_principals SET shape_id = 99999 WHERE (source_id, ord, fact_key, valid_from) = (${first})`).run();
    expect(() => derivedAccessPage(h.db, c, { includeInactive: true }, 0, 5)).toThrow(/not stored/);
    expect(page(0, 5).rows).toEqual(whole.slice(0, 5));
  });
});
