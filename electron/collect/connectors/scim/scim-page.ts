import { redact } from '../../../platform/redact';
import { truncate } from './scim-errors';
import { SCIM_URN, getCi, hasCi, isObject } from './scim-urns';

/** One validated page of a SCIM list response (RFC 7644 §3.4.2). */
export interface ScimListPage {
  totalResults: number;
  /** As the server reported it; null when it left it out. */
  itemsPerPage: number | null;
  /** As the server reported it; null when it left it out. */
  startIndex: number | null;
  resources: unknown[];
}

/** A page that is not a SCIM ListResponse: the read fails with a message naming the page. */
export class ScimPageError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = 'ScimPageError';
  }
}

/** Parses a JSON body, failing with a message that names the page and shows how the body starts. */
export function parseJsonBody(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const start = text.trim() ? `; it starts "${truncate(text.trim(), 60)}"` : ' (empty body)';
    throw new ScimPageError(`${where}: body is not JSON${start}`);
  }
}

/**
 * Validates a list page: the ListResponse schema URN, a non-negative integer totalResults,
 * a Resources array (may be absent only when totalResults is 0, as the RFC allows), and, when
 * present, itemsPerPage and a startIndex that echoes what we asked for. A server that answers
 * another startIndex than requested would make us skip or repeat items, so that fails too.
 * Attribute names are matched case-insensitively (RFC 7643 §2.1).
 */
export function parseListPage(text: string, where: string, requestedStartIndex: number): ScimListPage {
  const body = parseJsonBody(text, where);
  if (!isObject(body)) throw new ScimPageError(`${where}: body is not a JSON object`);
  const schemas = getCi(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(SCIM_URN.listResponse)) {
    throw new ScimPageError(`${where}: not a SCIM ListResponse (schemas does not include ${SCIM_URN.listResponse})`);
  }
  const totalResults = getCi(body, 'totalResults');
  if (!isCount(totalResults)) {
    throw new ScimPageError(`${where}: totalResults is ${describe(totalResults)}, expected a non-negative integer`);
  }
  let resources = getCi(body, 'Resources');
  if (resources === undefined || resources === null) {
    if (totalResults !== 0 && hasCi(body, 'Resources')) throw new ScimPageError(`${where}: Resources is null although totalResults is ${totalResults}`);
    if (totalResults !== 0) throw new ScimPageError(`${where}: Resources is missing although totalResults is ${totalResults}`);
    resources = [];
  }
  if (!Array.isArray(resources)) throw new ScimPageError(`${where}: Resources is ${describe(resources)}, expected an array`);
  const itemsPerPage = getCi(body, 'itemsPerPage');
  if (itemsPerPage !== undefined && itemsPerPage !== null && !isCount(itemsPerPage)) {
    throw new ScimPageError(`${where}: itemsPerPage is ${describe(itemsPerPage)}, expected a non-negative integer`);
  }
  const startIndex = getCi(body, 'startIndex');
  if (startIndex !== undefined && startIndex !== null) {
    if (!isCount(startIndex) || startIndex < 1) throw new ScimPageError(`${where}: startIndex is ${describe(startIndex)}, expected an integer of at least 1`);
    if (startIndex !== requestedStartIndex) {
      throw new ScimPageError(`${where}: the server answered startIndex=${startIndex} to a request for startIndex=${requestedStartIndex}, so paging cannot be trusted`);
    }
  }
  return {
    totalResults,
    itemsPerPage: typeof itemsPerPage === 'number' ? itemsPerPage : null,
    startIndex: typeof startIndex === 'number' ? startIndex : null,
    resources,
  };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${truncate(value, 40)}"`;
  if (Array.isArray(value)) return 'an array';
  return `${typeof value} ${truncate(JSON.stringify(value) ?? '', 40)}`;
}
