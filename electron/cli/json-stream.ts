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
    // What JSON.stringify writes for this member, indented to where it stands.
    yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
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
