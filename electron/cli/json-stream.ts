/**
 * `JSON.stringify(value, null, 2)` in pieces, byte for byte, for answers whose text is too long
 * for one JavaScript string (V8 stops at ~512M characters: a year's access diff at 100k people
 * is longer) or too large to hold twice. Objects and arrays holding a long array are written
 * member by member; everything else goes through JSON.stringify and is indented into place.
 */
export function* jsonPieces(value: unknown): Generator<string> {
  yield* piecesOf(value, '', '');
}

/** Arrays longer than this (or objects holding one) are written member by member. */
const LONG = 256;

function* piecesOf(input: unknown, key: string, indent: string): Generator<string> {
  const value = withToJson(input, key);
  if (!isLong(value)) {
    yield indented(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item = withToJson(value[i], String(i));
      yield* omitted(item) ? ['null'] : piecesOf(item, String(i), inner);
    }
    yield `\n${indent}]`;
    return;
  }
  yield '{';
  let first = true;
  for (const [k, member] of Object.entries(value as Record<string, unknown>)) {
    const v = withToJson(member, k);
    if (omitted(v)) continue;
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(k)}: `;
    yield* piecesOf(v, k, inner);
    first = false;
  }
  yield first ? '}' : `\n${indent}}`;
}

/** What JSON.stringify(value, null, 2) writes for a member standing at `indent` (structural newlines only: it escapes those in strings). */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}

function withToJson(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(k: string): unknown }).toJSON(key) : value;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isLong(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > LONG;
  return Object.values(value).some((v) => Array.isArray(v) && v.length > LONG);
}

/**
 * Writes `value` as `JSON.stringify(value, null, 2) + '\n'`, waiting for the output to drain
 * now and then (a pipe is written asynchronously: 800 MB would otherwise queue in memory).
 */
export async function writeJson(value: unknown, write: (text: string) => void, drained?: () => Promise<void>): Promise<void> {
  let buffered = '';
  for (const piece of jsonPieces(value)) {
    buffered += piece;
    if (buffered.length > 1 << 20) {
      write(buffered);
      buffered = '';
      await drained?.();
    }
  }
  write(`${buffered}\n`);
}

/**
 * Writes `{ ...head, rows: [...], ...tail }` followed by a newline exactly as
 * `JSON.stringify(value, null, 2) + '\n'` would, with the rows given one at a time: an answer
 * too large to hold as one string (or as one array of objects) is written as it is read. The
 * array's key is `rows` unless told otherwise; the fields after it (`tail`) are given at the
 * end, when paging has found them (say where the next page would start).
 */
export class JsonRowsWriter {
  /** Up to and including `"rows": [`. */
  private opening: string | null = null;
  private head: object = {};
  private rows = 0;
  private readonly marker = JSON.stringify('\u0000rows\u0000');

  constructor(
    private readonly write: (text: string) => void,
    private readonly key = 'rows',
  ) {}

  /** The fields before `rows` (from the first call; later calls, for later pages, are ignored). */
  start(head: object): void {
    if (this.opening !== null) return;
    this.head = head;
    // `"rows": [\n    <marker>\n  ]\n}`: the text around the one row.
    const text = this.around({});
    this.opening = text.slice(0, text.indexOf(this.marker)).replace(/\n {4}$/, '');
  }

  row(value: unknown): void {
    if (this.opening === null) throw new Error('JsonRowsWriter: start() before row()');
    this.write(`${this.rows === 0 ? this.opening : ','}\n    ${indented(value, '    ')}`);
    this.rows += 1;
  }

  /** Closes the array, then writes the fields that come after it (in their order), and the closing brace. */
  end(tail: object = {}): void {
    if (this.opening === null) throw new Error('JsonRowsWriter: start() before end()');
    const text = this.around(tail);
    const closing = text.slice(text.indexOf(']', text.indexOf(this.marker) + this.marker.length) + 1);
    this.write(this.rows === 0 ? `${this.opening}]${closing}\n` : `\n  ]${closing}\n`);
  }

  /** The whole value with one marker row, as JSON.stringify writes it. */
  private around(tail: object): string {
    return JSON.stringify({ ...this.head, [this.key]: [JSON.parse(this.marker) as string], ...tail }, null, 2);
  }
}
