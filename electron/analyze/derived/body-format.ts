/**
 * The text of a stored principal body (access_principals.body, schema 8): its fields joined
 * by U+0001, so that a read joins every body valid at a collection with the same separator
 * in SQLite and splits the result once (String#split, native) instead of parsing JSON. Parsing
 * a year's 100k bodies as JSON arrays took most of a whole-organisation read, largely in
 * building the nested arrays; split makes one flat list of strings and the reader walks it.
 *
 * A field is a string as it is, a number in decimal, or, starting with U+0002: null (U+0002
 * alone), "same as the principal's name" (U+0002 '=', identity names only) or a JSON string
 * (a string holding U+0001 or U+0002, which then cannot appear raw: JSON escapes controls).
 *
 * Layout (BodyTuple's fields, in order; see access-codec.ts for what they mean):
 *   flags (1 bot, 2 active), id, actorId, email, name, handle, accountRoleName,
 *   accountRoleRank, identityId, identityName, matchedBy, shapeId,
 *   emails: a count n then n addresses, or '=' for exactly [email],
 *   refs: a count m then m × (kind: a one-digit code or a kind name, key, validFrom, validTo).
 */

export const FIELD = '\u0001';
const SPECIAL = '\u0002';
const NULL = SPECIAL;
const SAME_AS_NAME = `${SPECIAL}=`;

/** A body in memory: what encodePrincipal builds and patchClosings edits. */
export type RefTuple = [kind: number | string, key: string, from: number, to: number | null];
export type BodyTuple = [
  type: 0 | 1,
  id: string,
  actorId: string,
  email: string | null,
  name: string | null,
  handle: string | null,
  accountRoleName: string | null,
  accountRoleRank: number,
  active: 0 | 1,
  identityId: string | null,
  identityName: string | null,
  matchedBy: string | null,
  emails: string[],
  shapeId: number,
  refs: RefTuple[],
];

function text(s: string): string {
  return s.includes(FIELD) || s.includes(SPECIAL) ? SPECIAL + JSON.stringify(s) : s;
}

function nullable(s: string | null): string {
  return s === null ? NULL : text(s);
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`derived access: ${n} cannot be stored as a number`);
  return String(n);
}

/** A string field as stored, back to its value (null included). */
export function readText(f: string): string | null {
  if (f.charCodeAt(0) !== 2) return f;
  if (f.length === 1) return null;
  return JSON.parse(f.slice(1)) as string;
}

/** The identity name field: its value, given the principal's name it may stand for. */
export function readIdentityName(f: string, name: string | null): string | null {
  return f === SAME_AS_NAME ? name : readText(f);
}

export function readNumber(f: string): number | null {
  return f === NULL ? null : Number(f);
}

export function encodeBody(t: BodyTuple): string {
  const [type, id, actorId, email, name, handle, accountRoleName, accountRoleRank, active, identityId, identityName, matchedBy, emails, shapeId, refs] = t;
  const out: string[] = [
    String(type | (active << 1)),
    text(id),
    text(actorId),
    nullable(email),
    nullable(name),
    nullable(handle),
    nullable(accountRoleName),
    num(accountRoleRank),
    nullable(identityId),
    identityName !== null && identityName === name ? SAME_AS_NAME : nullable(identityName),
    nullable(matchedBy),
    num(shapeId),
  ];
  if (email !== null && emails.length === 1 && emails[0] === email) out.push('=');
  else out.push(String(emails.length), ...emails.map(text));
  out.push(String(refs.length));
  for (const [kind, key, from, to] of refs) out.push(typeof kind === 'number' ? num(kind) : text(kind), text(key), num(from), to === null ? NULL : num(to));
  return out.join(FIELD);
}

/** Positions in a body's fields (see the layout above). */
export const AT = { flags: 0, id: 1, actorId: 2, email: 3, name: 4, handle: 5, accountRoleName: 6, accountRoleRank: 7, identityId: 8, identityName: 9, matchedBy: 10, shapeId: 11, emails: 12 } as const;

/** Where the refs' count field is, given the emails' count field (the refs follow it). */
export function refCountAt(fields: readonly string[], emailsAt: number): number {
  const n = fields[emailsAt]!;
  return emailsAt + (n === '=' ? 1 : 1 + Number(n));
}

/** Where a body's refs start (after their count) and how many there are; `emailsAt` is the emails' count field. */
export function refsOf(fields: readonly string[], emailsAt: number): { at: number; count: number } {
  const countAt = refCountAt(fields, emailsAt);
  return { at: countAt + 1, count: Number(fields[countAt]) };
}

/** The addresses of a body whose emails field is at `emailsAt`. */
export function emailsOf(fields: readonly string[], emailsAt: number, email: string | null): string[] {
  const n = fields[emailsAt]!;
  if (n === '=') return [email!];
  const out: string[] = [];
  for (let i = 0; i < Number(n); i++) out.push(readText(fields[emailsAt + 1 + i]!)!);
  return out;
}

/** How many fields the body starting at `at` has. */
export function bodyLength(fields: readonly string[], at: number): number {
  const refs = refsOf(fields, at + AT.emails);
  return refs.at + 4 * refs.count - at;
}

/** A ref's kind field: a code, or the kind's name. */
export function readKind(f: string): number | string {
  return f.length === 1 && f >= '0' && f <= '9' ? Number(f) : readText(f)!;
}

/** The whole tuple of one body's fields (fields[at..]). */
export function decodeBodyTuple(fields: readonly string[], at = 0): BodyTuple {
  const f = (i: number) => fields[at + i]!;
  const flags = Number(f(AT.flags));
  const name = readText(f(AT.name));
  const email = readText(f(AT.email));
  const refs = refsOf(fields, at + AT.emails);
  const refTuples: RefTuple[] = [];
  for (let i = 0; i < refs.count; i++) {
    const r = refs.at + 4 * i;
    refTuples.push([readKind(fields[r]!), readText(fields[r + 1]!)!, Number(fields[r + 2]), readNumber(fields[r + 3]!)]);
  }
  return [
    (flags & 1) as 0 | 1,
    readText(f(AT.id))!,
    readText(f(AT.actorId))!,
    email,
    name,
    readText(f(AT.handle)),
    readText(f(AT.accountRoleName)),
    Number(f(AT.accountRoleRank)),
    ((flags >> 1) & 1) as 0 | 1,
    readText(f(AT.identityId)),
    readIdentityName(f(AT.identityName), name),
    readText(f(AT.matchedBy)),
    emailsOf(fields, at + AT.emails, email),
    Number(f(AT.shapeId)),
    refTuples,
  ];
}

export function parseBody(body: string): BodyTuple {
  return decodeBodyTuple(body.split(FIELD));
}
