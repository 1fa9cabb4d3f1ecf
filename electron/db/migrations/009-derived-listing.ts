import type { Migration } from '../migrate';

/**
 * Derived access rows (access_principals) get two of their body's fields as columns, `flags`
 * (1 service account, 2 active) and `shape_id`, and a covering index in clustered order that
 * holds them. A page of "who had access at T" then counts and places every principal from the
 * index alone (a few bytes each) and reads only the bodies on the page: the whole-organisation
 * answer the app shows no longer reads and decodes 100k bodies (analyze/derived/access-page.ts).
 *
 * Existing rows are filled from their bodies (schema 8's fields, see body-format.ts: flags is
 * field 0, shape id field 11), frozen here so a later format cannot change what this writes.
 * A body that does not have them makes the step drop every derived row instead, as 007 and
 * 008 did: derived data is recomputed from the facts by the next derivation.
 */
export const migration009: Migration = {
  version: 9,
  name: '009-derived-listing',
  up(db) {
    db.exec(`
      ALTER TABLE access_principals ADD COLUMN flags INTEGER;
      ALTER TABLE access_principals ADD COLUMN shape_id INTEGER;
    `);
    const page = db.prepare(
      `SELECT source_id, ord, fact_key, valid_from, body FROM access_principals
       WHERE (source_id, ord, fact_key, valid_from) > (?, ?, ?, ?) ORDER BY source_id, ord, fact_key, valid_from LIMIT 5000`,
    );
    const update = db.prepare('UPDATE access_principals SET flags = ?, shape_id = ? WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_from = ?');
    let after: [string, number, string, number] = ['', -1, '', -1];
    for (let done = false; !done; ) {
      const rows = page.raw().all(...after) as [string, number, string, number, string][];
      if (rows.length === 0) break;
      for (const [sourceId, ord, factKey, from, body] of rows) {
        const listed = listingFields009(body);
        if (listed === null) {
          db.exec(`DELETE FROM access_principals; DELETE FROM access_actors; DELETE FROM access_shapes; DELETE FROM access_derivations; DELETE FROM access_derivation_state;`);
          done = true;
          break;
        }
        update.run(listed.flags, listed.shapeId, sourceId, ord, factKey, from);
      }
      const last = rows.at(-1)!;
      after = [last[0], last[1], last[2], last[3]];
    }
    // Clustered order (the primary key) plus what a listing needs: SQLite reads it instead of the table.
    db.exec(`CREATE INDEX access_principals_listing ON access_principals(source_id, ord, fact_key, valid_from, valid_to, flags, shape_id)`);
  },
};

/** Flags and shape id of a schema-8 body, or null when it does not have them. */
export function listingFields009(body: string): { flags: number; shapeId: number } | null {
  const fields = body.split('\u0001', 12);
  if (fields.length < 12) return null;
  const flags = Number(fields[0]);
  const shapeId = Number(fields[11]);
  if (!/^[0-3]$/.test(fields[0]!) || !/^\d+$/.test(fields[11]!)) return null;
  return { flags, shapeId };
}
