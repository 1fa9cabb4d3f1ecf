import { SCIM_URN, getCi, isObject } from '../../collect/connectors/scim/scim-urns';
import { ScimFilterError, parseAttrPath, parsePatchPath, type PatchPath } from './scim-filter';
import { ScimSimError } from './scim-sim-errors';

/**
 * Which SCIM client the simulated server was built for (apis.md "Dialects"):
 * - rfc: RFC 7644 to the letter: lower-case `op`, boolean `active`, and `remove` of `members`
 *   without a filter removes ALL members (any `value` is ignored, as §3.5.2.2 says).
 * - okta: as rfc, but an Entra-style `remove` of `members` with a `value` list removes just those.
 * - entra: `op` case-insensitive (`Replace`), `active` may be the string "True"/"False", and
 *   `remove` of `members` with a `value` list removes just those.
 */
export type ScimDialect = 'rfc' | 'okta' | 'entra';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  /** null: a path-less add/replace whose value object names the attributes. */
  path: PatchPath | null;
  value: unknown;
  /** Position in Operations, for error messages. */
  index: number;
}

const OPS = new Set(['add', 'replace', 'remove']);

/** Validates a PatchOp body (RFC 7644 §3.5.2) into operations, or throws the SCIM error the server answers. */
export function readPatchOps(body: unknown, dialect: ScimDialect): PatchOperation[] {
  if (!isObject(body)) throw new ScimSimError(400, 'invalidSyntax', 'PATCH body is not a JSON object');
  const schemas = getCi(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(SCIM_URN.patchOp)) {
    throw new ScimSimError(400, 'invalidSyntax', `PATCH body must list ${SCIM_URN.patchOp} in schemas`);
  }
  const operations = getCi(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw new ScimSimError(400, 'invalidSyntax', 'Operations must be a non-empty array');
  return operations.map((raw, index) => {
    const where = `Operations[${index}]`;
    if (!isObject(raw)) throw new ScimSimError(400, 'invalidSyntax', `${where} is not an object`);
    const opRaw = getCi(raw, 'op');
    if (typeof opRaw !== 'string') throw new ScimSimError(400, 'invalidSyntax', `${where}.op is missing`);
    const op = dialect === 'entra' ? opRaw.toLowerCase() : opRaw;
    if (!OPS.has(op)) {
      const hint = OPS.has(opRaw.toLowerCase()) ? ' (this server expects lower-case operation names)' : '';
      throw new ScimSimError(400, 'invalidSyntax', `${where}.op "${opRaw}" is not add, remove or replace${hint}`);
    }
    const pathRaw = getCi(raw, 'path');
    if (pathRaw !== undefined && pathRaw !== null && typeof pathRaw !== 'string') throw new ScimSimError(400, 'invalidPath', `${where}.path is not a string`);
    const hasPath = typeof pathRaw === 'string' && pathRaw.trim() !== '';
    if (op === 'remove' && !hasPath) throw new ScimSimError(400, 'noTarget', `${where}: remove requires a path`);
    const value = getCi(raw, 'value');
    if (op !== 'remove' && value === undefined) throw new ScimSimError(400, 'invalidSyntax', `${where}: ${op} requires a value`);
    if (op !== 'remove' && !hasPath && !isObject(value)) throw new ScimSimError(400, 'invalidSyntax', `${where}: ${op} without a path needs an object value`);
    let path: PatchPath | null = null;
    if (hasPath) path = pathOrError(pathRaw);
    return { op: op as PatchOperation['op'], path, value, index };
  });
}

/**
 * A path-less add/replace (`{"op":"replace","value":{"active":false}}`, Okta's deactivation)
 * applies each key of the value as its own path. A schema-URN key holding an object expands
 * into that extension's attributes; dotted keys such as "name.givenName" are paths too.
 */
export function expandPathless(value: Record<string, unknown>): { path: PatchPath; value: unknown }[] {
  const out: { path: PatchPath; value: unknown }[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    if (/^urn:/i.test(key) && isObject(v) && isSchemaUrn(key)) {
      for (const [sub, sv] of Object.entries(v)) out.push({ path: { attr: attrOrError(`${key}:${sub}`), filter: null }, value: sv });
    } else {
      out.push({ path: pathOrError(key), value: v });
    }
  }
  return out;
}

function isSchemaUrn(key: string): boolean {
  const lower = key.toLowerCase();
  return [SCIM_URN.user, SCIM_URN.group, SCIM_URN.enterpriseUser].some((u) => u.toLowerCase() === lower);
}

function pathOrError(text: string): PatchPath {
  try {
    return parsePatchPath(text);
  } catch (error) {
    if (error instanceof ScimFilterError) throw new ScimSimError(400, 'invalidPath', `path "${text}": ${error.message}`);
    throw error;
  }
}

function attrOrError(text: string) {
  try {
    return parseAttrPath(text);
  } catch (error) {
    if (error instanceof ScimFilterError) throw new ScimSimError(400, 'invalidPath', `path "${text}": ${error.message}`);
    throw error;
  }
}

/** Reads a boolean the way the dialect allows (Entra's "False" is accepted only when dialect is 'entra'). */
export function readBoolean(value: unknown, attr: string, dialect: ScimDialect): boolean {
  if (typeof value === 'boolean') return value;
  if (dialect === 'entra' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  const hint = typeof value === 'string' ? ` (got the string ${JSON.stringify(value)}; this server does not accept string booleans)` : '';
  throw new ScimSimError(400, 'invalidValue', `${attr} must be a boolean${hint}`);
}

export function readString(value: unknown, attr: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new ScimSimError(400, 'invalidValue', `${attr} must be a non-empty string`);
  return value.trim();
}

export function readEmail(value: unknown, attr: string): string {
  const text = readString(value, attr);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) throw new ScimSimError(400, 'invalidValue', `${attr} "${text}" is not an email address`);
  return text.toLowerCase();
}

/** An attribute name as a lower-case key, checking that its schema URN (if any) is one this resource has. */
export function attrKey(path: PatchPath, coreUrn: string, extensionUrns: string[] = []): { ext: string | null; name: string } {
  const { uri, name } = path.attr;
  if (!uri || uri.toLowerCase() === coreUrn.toLowerCase()) return { ext: null, name: name.toLowerCase() };
  const ext = extensionUrns.find((u) => u.toLowerCase() === uri.toLowerCase());
  if (!ext) throw new ScimSimError(400, 'invalidPath', `unknown schema "${uri}"`);
  return { ext, name: name.toLowerCase() };
}
