import { getCi, hasCi, isObject } from '../../collect/connectors/scim/scim-urns';

/**
 * A small SCIM filter and PATCH-path parser (RFC 7644 §3.4.2.2 and §3.5.2), written for the
 * simulator instead of pulling in scim2-parse-filter. It covers the grammar clients send in the
 * field: comparisons (eq ne co sw ew gt ge lt le), pr, and/or/not with parentheses, value paths
 * such as emails[type eq "work"] and the emails[type eq "work"].value eq "x" form Entra sends,
 * and URN-qualified attributes. Anything else is a ScimFilterError, which the simulator
 * answers with 400 invalidFilter (filters) or invalidPath (PATCH paths).
 */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;

export interface AttrPath {
  /** Schema URN for extension attributes, e.g. the enterprise User extension; null for core. */
  uri: string | null;
  name: string;
  sub: string | null;
}

export type Filter =
  | { t: 'cmp'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { t: 'pr'; path: AttrPath }
  | { t: 'and' | 'or'; left: Filter; right: Filter }
  | { t: 'not'; inner: Filter }
  /** Some element of the multi-valued attribute `path` matches `inner` (paths inside are relative to the element). */
  | { t: 'vp'; path: AttrPath; inner: Filter };

/** A PATCH operation's target: attribute, optional value filter, optional sub-attribute after the filter. */
export interface PatchPath {
  attr: AttrPath;
  filter: Filter | null;
}

export class ScimFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScimFilterError';
  }
}

type Token = { k: '(' | ')' | '[' | ']' } | { k: 'str'; v: string } | { k: 'word'; v: string };

const COMPARE_OPS = new Set<CompareOp>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ATTR_NAME = /^(\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      out.push({ k: c });
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new ScimFilterError(`unterminated string starting at position ${i + 1}`);
      try {
        out.push({ k: 'str', v: JSON.parse(text.slice(i, j + 1)) as string });
      } catch {
        throw new ScimFilterError(`bad string literal at position ${i + 1}`);
      }
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j] as string)) j += 1;
      out.push({ k: 'word', v: text.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** "name.givenName", "emails", "urn:...:enterprise:2.0:User:department" -> AttrPath. */
export function parseAttrPath(word: string): AttrPath {
  let uri: string | null = null;
  let rest = word;
  if (/^urn:/i.test(word)) {
    const idx = word.lastIndexOf(':');
    uri = word.slice(0, idx);
    rest = word.slice(idx + 1);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => !ATTR_NAME.test(p))) throw new ScimFilterError(`"${word}" is not an attribute path`);
  return { uri, name: parts[0] as string, sub: parts[1] ?? null };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw new ScimFilterError('unexpected end of expression');
    this.pos += 1;
    return t;
  }
  expect(k: '(' | ')' | '[' | ']'): void {
    const t = this.next();
    if (t.k !== k) throw new ScimFilterError(`expected "${k}"`);
  }
  isWord(word: string): boolean {
    const t = this.peek();
    return t?.k === 'word' && t.v.toLowerCase() === word;
  }

  or(): Filter {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos += 1;
      left = { t: 'or', left, right: this.and() };
    }
    return left;
  }
  and(): Filter {
    let left = this.unary();
    while (this.isWord('and')) {
      this.pos += 1;
      left = { t: 'and', left, right: this.unary() };
    }
    return left;
  }
  unary(): Filter {
    if (this.isWord('not')) {
      this.pos += 1;
      this.expect('(');
      const inner = this.or();
      this.expect(')');
      return { t: 'not', inner };
    }
    if (this.peek()?.k === '(') {
      this.pos += 1;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.attrExpr();
  }
  attrExpr(): Filter {
    const t = this.next();
    if (t.k !== 'word') throw new ScimFilterError('expected an attribute name');
    const path = parseAttrPath(t.v);
    if (this.peek()?.k === '[') {
      if (path.sub) throw new ScimFilterError(`"${t.v}[" : a value filter cannot follow a sub-attribute`);
      this.pos += 1;
      const inner = this.or();
      this.expect(']');
      const after = this.peek();
      if (after?.k === 'word' && after.v.startsWith('.')) {
        // emails[type eq "work"].value eq "x": compare the sub-attribute of the matching elements
        this.pos += 1;
        const sub = parseAttrPath(after.v.slice(1));
        return { t: 'vp', path, inner: { t: 'and', left: inner, right: this.comparison(sub) } };
      }
      return { t: 'vp', path, inner };
    }
    return this.comparison(path);
  }
  comparison(path: AttrPath): Filter {
    const opTok = this.next();
    if (opTok.k !== 'word') throw new ScimFilterError('expected an operator');
    const op = opTok.v.toLowerCase();
    if (op === 'pr') return { t: 'pr', path };
    if (!COMPARE_OPS.has(op as CompareOp)) throw new ScimFilterError(`unsupported operator "${opTok.v}"`);
    const v = this.next();
    let value: FilterValue;
    if (v.k === 'str') value = v.v;
    else if (v.k === 'word') {
      const w = v.v.toLowerCase();
      if (w === 'true' || w === 'false') value = w === 'true';
      else if (w === 'null') value = null;
      else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v.v)) value = Number(v.v);
      else throw new ScimFilterError(`"${v.v}" is not a value (strings need double quotes)`);
    } else throw new ScimFilterError('expected a value');
    return { t: 'cmp', path, op: op as CompareOp, value };
  }
}

/** Parses a `filter` query parameter. */
export function parseFilter(text: string): Filter {
  const parser = new Parser(tokenize(text));
  const filter = parser.or();
  if (!parser.done()) throw new ScimFilterError('unexpected text after the filter');
  return filter;
}

/** Parses a PATCH `path`: attrPath, or attr[valFilter] optionally followed by .subAttr. */
export function parsePatchPath(text: string): PatchPath {
  const tokens = tokenize(text);
  const first = tokens[0];
  if (!first || first.k !== 'word') throw new ScimFilterError(`"${text}" is not a PATCH path`);
  const attr = parseAttrPath(first.v);
  if (tokens.length === 1) return { attr, filter: null };
  if (tokens[1]?.k !== '[' || attr.sub) throw new ScimFilterError(`"${text}" is not a PATCH path`);
  let close = -1;
  tokens.forEach((t, i) => {
    if (t.k === ']') close = i;
  });
  if (close < 0) throw new ScimFilterError(`"${text}": missing "]"`);
  const parser = new Parser(tokens.slice(2, close));
  const filter = parser.or();
  if (!parser.done()) throw new ScimFilterError(`"${text}": bad value filter`);
  const tail = tokens.slice(close + 1);
  if (tail.length === 0) return { attr, filter };
  const subTok = tail[0];
  if (tail.length !== 1 || subTok?.k !== 'word' || !subTok.v.startsWith('.')) throw new ScimFilterError(`"${text}" is not a PATCH path`);
  const sub = parseAttrPath(subTok.v.slice(1));
  if (sub.sub) throw new ScimFilterError(`"${text}" is not a PATCH path`);
  return { attr: { ...attr, sub: sub.name }, filter };
}

/** The container an attribute lives in: the resource itself for core attributes, else the extension object. */
function baseOf(resource: Record<string, unknown>, path: AttrPath): Record<string, unknown> | null {
  if (!path.uri || /^urn:ietf:params:scim:schemas:core:2\.0:/i.test(path.uri)) return resource;
  const ext = getCi(resource, path.uri);
  return isObject(ext) ? ext : null;
}

/** The raw values at a path (array elements flattened), without the implicit `.value`. */
export function resolveRaw(resource: Record<string, unknown>, path: AttrPath): unknown[] {
  const base = baseOf(resource, path);
  if (!base || !hasCi(base, path.name)) return [];
  const v = getCi(base, path.name);
  if (v === undefined || v === null) return [];
  let values = Array.isArray(v) ? v : [v];
  if (path.sub) values = values.flatMap((x) => (isObject(x) ? [getCi(x, path.sub as string)] : []));
  return values.filter((x) => x !== undefined && x !== null);
}

/** Values for comparison: a complex multi-valued attribute without a sub-attribute compares on its `value`. */
function resolveForCompare(resource: Record<string, unknown>, path: AttrPath): unknown[] {
  return resolveRaw(resource, path).map((x) => (isObject(x) && !path.sub && hasCi(x, 'value') ? getCi(x, 'value') : x));
}

/** Evaluates a filter against a rendered resource (or a multi-valued element, inside a value path). */
export function matches(filter: Filter, resource: Record<string, unknown>): boolean {
  switch (filter.t) {
    case 'and':
      return matches(filter.left, resource) && matches(filter.right, resource);
    case 'or':
      return matches(filter.left, resource) || matches(filter.right, resource);
    case 'not':
      return !matches(filter.inner, resource);
    case 'pr':
      return resolveForCompare(resource, filter.path).some((v) => v !== '' && !(Array.isArray(v) && v.length === 0));
    case 'vp':
      return resolveRaw(resource, filter.path).some((el) => isObject(el) && matches(filter.inner, el));
    case 'cmp': {
      const values = resolveForCompare(resource, filter.path);
      if (filter.op === 'ne') return !values.some((v) => compare('eq', v, filter.value));
      if (filter.value === null) {
        if (filter.op !== 'eq') throw new ScimFilterError(`"${filter.op} null" is not meaningful`);
        return values.length === 0;
      }
      return values.some((v) => compare(filter.op, v, filter.value));
    }
  }
}

function compare(op: CompareOp, actual: unknown, expected: FilterValue): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'boolean') {
    if (op !== 'eq' && op !== 'ne') throw new ScimFilterError(`"${op}" does not apply to booleans`);
    return actual === expected;
  }
  if (typeof expected === 'number') {
    if (op === 'co' || op === 'sw' || op === 'ew') throw new ScimFilterError(`"${op}" does not apply to numbers`);
    return typeof actual === 'number' && ordered(op, actual - expected);
  }
  if (typeof actual !== 'string') return false;
  // Most SCIM string attributes (userName, emails, displayName) are caseExact=false.
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  switch (op) {
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    default:
      return ordered(op, a < e ? -1 : a > e ? 1 : 0);
  }
}

function ordered(op: CompareOp, diff: number): boolean {
  switch (op) {
    case 'eq':
      return diff === 0;
    case 'ne':
      return diff !== 0;
    case 'gt':
      return diff > 0;
    case 'ge':
      return diff >= 0;
    case 'lt':
      return diff < 0;
    case 'le':
      return diff <= 0;
    default:
      throw new ScimFilterError(`"${op}" does not apply here`);
  }
}
