import { recordSchemas } from '../../shared/domain/records';

/**
 * A fast path for the one thing the runner does with every record: check it against its
 * kind's zod schema and serialize what zod returns. zod builds a fresh object per record and
 * JSON.stringify walks it again, which together were most of the per-record cost of a poll.
 *
 * Each kind's schema is compiled once, by reading its zod definition, into a function that
 * returns the value's JSON, exactly as `JSON.stringify(schema.parse(value))` would write it
 * (keys in schema order, unknown keys dropped), when the value certainly passes, and
 * `null` otherwise. `null` never means "invalid": the runner then asks zod itself, which
 * decides and words the error. So the fast path can only accept what zod accepts, and a
 * schema using anything this compiler does not know (refinements, transforms, optional or
 * defaulted fields, coercion, numbers) gets no fast path at all.
 */
export type RecordEncoder = (value: unknown) => string | null;

type FieldEncoder = (value: unknown) => string | null;

/** Thrown while compiling: the schema uses something the fast path does not cover. */
class Unsupported extends Error {}

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string } };
}

const encoders = new Map<string, RecordEncoder | null>();

/** The kind's compiled encoder, or null when the kind is unknown or has no fast path. */
export function recordEncoder(kind: string): RecordEncoder | null {
  let encoder = encoders.get(kind);
  if (encoder === undefined) {
    const schema = Object.hasOwn(recordSchemas, kind) ? (recordSchemas as Record<string, unknown>)[kind] : undefined;
    encoder = schema ? compileRecordSchema(schema) : null;
    encoders.set(kind, encoder);
  }
  return encoder;
}

/** Compiles a zod object schema; null when it uses something the fast path does not cover. */
export function compileRecordSchema(schema: unknown): RecordEncoder | null {
  try {
    return objectEncoder(schema as ZodLike);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

function objectEncoder(schema: ZodLike): RecordEncoder {
  const def = schema._zod.def;
  // A catchall would keep unknown keys; checks on the object would need running.
  if (def.type !== 'object' || def.catchall !== undefined || hasChecks(def)) throw new Unsupported();
  const shape = def.shape as Record<string, ZodLike>;
  const fields = Object.keys(shape).map((name, i) => ({
    name,
    prefix: `${i === 0 ? '{' : ','}${JSON.stringify(name)}:`,
    encode: fieldEncoder(shape[name]!),
  }));
  if (fields.length === 0) throw new Unsupported();
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const object = value as Record<string, unknown>;
    let json = '';
    for (const field of fields) {
      const encoded = field.encode(object[field.name]);
      if (encoded === null) return null;
      json += field.prefix + encoded;
    }
    return `${json}}`;
  };
}

function fieldEncoder(schema: ZodLike): FieldEncoder {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return stringEncoder(def);
    case 'boolean':
      if (hasChecks(def) || def.coerce) throw new Unsupported();
      return (v) => (v === true ? 'true' : v === false ? 'false' : null);
    case 'enum': {
      if (hasChecks(def)) throw new Unsupported();
      const entries = Object.values(def.entries as Record<string, unknown>);
      if (!entries.every((e) => typeof e === 'string')) throw new Unsupported();
      const allowed = new Map((entries as string[]).map((e) => [e, JSON.stringify(e)]));
      return (v) => (typeof v === 'string' ? (allowed.get(v) ?? null) : null);
    }
    case 'nullable': {
      if (hasChecks(def)) throw new Unsupported();
      const inner = fieldEncoder(def.innerType as ZodLike);
      return (v) => (v === null ? 'null' : inner(v));
    }
    case 'array': {
      if (hasChecks(def)) throw new Unsupported();
      const element = fieldEncoder(def.element as ZodLike);
      return (v) => {
        if (!Array.isArray(v)) return null;
        let json = '[';
        for (let i = 0; i < v.length; i++) {
          // A hole reads as undefined, which no element encoder accepts.
          const encoded = element(v[i]);
          if (encoded === null) return null;
          json += i === 0 ? encoded : `,${encoded}`;
        }
        return `${json}]`;
      };
    }
    default:
      throw new Unsupported();
  }
}

/** A string with at most a minimum and maximum length and regex formats, as zod checks them. */
function stringEncoder(def: Record<string, unknown>): FieldEncoder {
  if (def.coerce) throw new Unsupported();
  let min = 0;
  let max = Infinity;
  const patterns: RegExp[] = [];
  for (const check of (def.checks as ZodLike[] | undefined) ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) patterns.push(c.pattern);
    else throw new Unsupported();
  }
  return (v) => {
    if (typeof v !== 'string' || v.length < min || v.length > max) return null;
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(v)) return null;
    }
    return quote(v);
  };
}

/** What JSON.stringify escapes in a string: quote, backslash, control characters, lone surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(s), without its cost for the usual string that needs no escaping. */
export function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

function hasChecks(def: Record<string, unknown>): boolean {
  return Array.isArray(def.checks) && def.checks.length > 0;
}
