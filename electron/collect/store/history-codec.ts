import zlib from 'node:zlib';
import type { Db } from '../../db/open-database';

/**
 * Closed fact versions never change again, and they are most of a long history (a year of
 * 0.5% daily churn closes 1.8 versions per open fact). They are kept as blocks: the versions
 * one collection closed in one (source, kind) stream, as lines of text, deflated with a
 * preset dictionary of the record kinds' property names so that even a one-line block is
 * small. The `facts` view unpacks them through the `fact_history_rows` table-valued function
 * registered on every connection (registerFactHistory).
 *
 * Block format, byte 0 = format version (1), then raw deflate (dictionary DICTIONARY_V1) of
 * lines `slot \t valid_from \t JSON key \t value_json \n`. Neither a JSON key nor a value
 * written by JSON.stringify holds a raw tab or newline.
 */
const FORMAT_V1 = 1;

/**
 * Never edit: blocks written with it must stay readable. A new dictionary needs a new
 * format byte. Common substrings last (deflate reaches nearer bytes more cheaply).
 */
const DICTIONARY_V1 = Buffer.from(
  [
    '"scopes":[],"inheritedRoleId":null,"builtIn":false}',
    '"permissions":[],"isSystemRole":false}',
    '{"membershipId":"","lastLogin":null}',
    '{"teamId":"","memberId":"","actorId":""}',
    '{"id":"","name":"","description":null,"directoryGroupId":null}',
    '{"id":null,"workspaceId":"","actorType":"user","actorId":"","userId":"","email":"","name":"","workspaceRoleId":""}',
    '{"id":"","name":"","handle":"","defaultWorkspaceRoleId":null,"isPublic":false}',
    '{"appId":"","userId":"","status":"ACTIVE"}',
    '{"employeeId":"","email":"","name":"","status":"active","hireDate":"","terminationDate":null,"department":""}',
    '{"id":"","actorId":"","userId":"","email":"","handle":"","firstName":"","lastName":"","accountRoleId":"","accountRoleName":"Member","active":true}',
    '{"id":"","userName":"","email":"","emails":[""],"displayName":"","rawStatus":"ACTIVE","lifecycle":"active","employeeId":"","department":""}',
    '{"groupId":"","memberId":"","memberType":"user"}',
  ].join('\n'),
  'utf8',
);

export interface HistoryRow {
  slot: number;
  validFrom: number;
  key: string;
  valueJson: string;
}

/** Versions per block: large enough to compress well, small enough to unpack one cheaply. */
export const HISTORY_BLOCK_ROWS = 2000;

export function packHistory(rows: readonly HistoryRow[]): Buffer {
  let text = '';
  for (const r of rows) text += `${r.slot}\t${r.validFrom}\t${JSON.stringify(r.key)}\t${r.valueJson}\n`;
  const body = zlib.deflateRawSync(Buffer.from(text, 'utf8'), { level: 9, dictionary: DICTIONARY_V1 });
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = FORMAT_V1;
  body.copy(out, 1);
  return out;
}

export function unpackHistory(block: Uint8Array): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const [slot, validFrom, key, valueJson] of unpackRaw(block)) rows.push({ slot, validFrom, key, valueJson });
  return rows;
}

/**
 * A block's lines as UTF-8 bytes, exactly as packHistory wrote them: what the ledger's hash of
 * a collection's closed versions covers (see closed-versions-hash.ts).
 */
export function historyBlockText(block: Uint8Array): Buffer {
  if (!(block instanceof Uint8Array) || block.length < 1 || block[0] !== FORMAT_V1) {
    throw new Error(`fact history block has an unknown format (${block instanceof Uint8Array ? `byte ${block[0]}` : typeof block})`);
  }
  return zlib.inflateRawSync(block.subarray(1), { dictionary: DICTIONARY_V1 });
}

function unpackRaw(block: Uint8Array): [number, number, string, string][] {
  const text = historyBlockText(block).toString('utf8');
  const out: [number, number, string, string][] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const t1 = text.indexOf('\t', start);
    const t2 = text.indexOf('\t', t1 + 1);
    const t3 = text.indexOf('\t', t2 + 1);
    if (end < 0 || t1 < 0 || t2 < 0 || t3 < 0 || t3 > end) throw new Error('fact history block is damaged (a line without its four fields)');
    out.push([Number(text.slice(start, t1)), Number(text.slice(t1 + 1, t2)), JSON.parse(text.slice(t2 + 1, t3)) as string, text.slice(t3 + 1, end)]);
    start = end + 1;
  }
  return out;
}

/**
 * Unpacked blocks by their bytes (content-addressed, so it can never serve a stale block),
 * least recently used first: analysing collection after collection reads the same history.
 */
const unpacked = new Map<string, [number, number, string, string][]>();
let unpackedRows = 0;
const UNPACKED_ROWS = 200_000;

function unpackCached(block: Uint8Array): [number, number, string, string][] {
  const id = Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('latin1');
  const hit = unpacked.get(id);
  if (hit) {
    unpacked.delete(id);
    unpacked.set(id, hit);
    return hit;
  }
  const rows = unpackRaw(block);
  unpacked.set(id, rows);
  unpackedRows += rows.length;
  for (const [oldest, oldRows] of unpacked) {
    if (unpackedRows <= UNPACKED_ROWS) break;
    unpacked.delete(oldest);
    unpackedRows -= oldRows.length;
  }
  return rows;
}

const registered = new WeakSet<Db>();
let blocksRead = 0;

/** How many history blocks the facts view has read so far in this process: a query that skips blocks shows it here (tests). */
export const historyBlocksRead = (): number => blocksRead;

/**
 * Makes `fact_history_rows(packed)` available on this connection: the `facts` view needs it
 * to read closed versions. Idempotent per connection.
 */
export function registerFactHistory(db: Db): void {
  if (registered.has(db)) return;
  db.table('fact_history_rows', {
    parameters: ['packed'],
    columns: ['slot', 'valid_from', 'key', 'value_json'],
    *rows(packed: unknown) {
      if (!(packed instanceof Uint8Array)) throw new Error('fact_history_rows needs a packed history block');
      blocksRead += 1;
      yield* unpackCached(packed);
    },
  });
  registered.add(db);
}
