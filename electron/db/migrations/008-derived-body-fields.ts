import type { Migration } from '../migrate';

/**
 * Derived access bodies (access_principals.body) change from a JSON array to their fields
 * joined by U+0001 (analyze/derived/body-format.ts explains the format and why: a whole
 * organisation is read with one split instead of parsing 100k JSON arrays).
 *
 * The stored bodies are converted in place, so nothing has to be derived again. The
 * conversion is written out here, frozen as schema 8 defines it, so that a later change of
 * the format cannot change what this step writes. A body that is not a schema-6 array
 * (which this app never wrote) makes the step drop every derived row instead, as 007 did:
 * derived data is recomputed from the facts by the next derivation.
 */
export const migration008: Migration = {
  version: 8,
  name: '008-derived-body-fields',
  up(db) {
    const page = db.prepare(
      `SELECT source_id, ord, fact_key, valid_from, body FROM access_principals
       WHERE (source_id, ord, fact_key, valid_from) > (?, ?, ?, ?) ORDER BY source_id, ord, fact_key, valid_from LIMIT 5000`,
    );
    const update = db.prepare('UPDATE access_principals SET body = ? WHERE source_id = ? AND ord = ? AND fact_key = ? AND valid_from = ?');
    let after: [string, number, string, number] = ['', -1, '', -1];
    for (;;) {
      const rows = page.raw().all(...after) as [string, number, string, number, string][];
      if (rows.length === 0) return;
      for (const [sourceId, ord, factKey, from, body] of rows) {
        const converted = bodyFields008(body);
        if (converted === null) {
          db.exec(`DELETE FROM access_principals; DELETE FROM access_actors; DELETE FROM access_shapes; DELETE FROM access_derivations; DELETE FROM access_derivation_state;`);
          return;
        }
        update.run(converted, sourceId, ord, factKey, from);
      }
      const last = rows.at(-1)!;
      after = [last[0], last[1], last[2], last[3]];
    }
  },
};

const FIELD = '\u0001';
const SPECIAL = '\u0002';

/** A schema-6 body (JSON array) in schema 8's fields, or null when it is not one. */
export function bodyFields008(json: string): string | null {
  let t: unknown;
  try {
    t = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(t) || t.length !== 15) return null;
  const [type, id, actorId, email, name, handle, accountRoleName, accountRoleRank, active, identityId, identityName, matchedBy, emails, shapeId, refs] = t as unknown[];
  const isText = (x: unknown): x is string => typeof x === 'string';
  const isNullableText = (x: unknown): x is string | null => x === null || typeof x === 'string';
  const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (
    !(type === 0 || type === 1) ||
    !(active === 0 || active === 1) ||
    !isText(id) ||
    !isText(actorId) ||
    ![email, name, handle, accountRoleName, identityId, identityName, matchedBy].every(isNullableText) ||
    !isNumber(accountRoleRank) ||
    !isNumber(shapeId) ||
    !Array.isArray(emails) ||
    !emails.every(isText) ||
    !Array.isArray(refs)
  ) {
    return null;
  }
  const text = (s: string) => (s.includes(FIELD) || s.includes(SPECIAL) ? SPECIAL + JSON.stringify(s) : s);
  const nullable = (s: string | null) => (s === null ? SPECIAL : text(s));
  const out: string[] = [
    String(type | (active << 1)),
    text(id),
    text(actorId),
    nullable(email as string | null),
    nullable(name as string | null),
    nullable(handle as string | null),
    nullable(accountRoleName as string | null),
    String(accountRoleRank),
    nullable(identityId as string | null),
    identityName !== null && identityName === name ? `${SPECIAL}=` : nullable(identityName as string | null),
    nullable(matchedBy as string | null),
    String(shapeId),
  ];
  if (email !== null && emails.length === 1 && emails[0] === email) out.push('=');
  else out.push(String(emails.length), ...(emails as string[]).map(text));
  out.push(String(refs.length));
  for (const r of refs as unknown[]) {
    if (!Array.isArray(r) || r.length !== 4) return null;
    const [kind, key, from, to] = r as unknown[];
    if (!(isNumber(kind) || isText(kind)) || !isText(key) || !isNumber(from) || !(to === null || isNumber(to))) return null;
    out.push(typeof kind === 'number' ? String(kind) : text(kind), text(key), String(from), to === null ? SPECIAL : String(to));
  }
  return out.join(FIELD);
}
