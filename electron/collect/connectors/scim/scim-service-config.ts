import { getCi, isObject } from './scim-urns';

/** What a server's /ServiceProviderConfig (RFC 7643 §5) says it supports, as far as a reader cares. */
export interface ScimServerFeatures {
  filter: boolean | null;
  /** filter.maxResults: the most resources the server returns in one response, when it says. */
  maxResults: number | null;
  patch: boolean | null;
  etag: boolean | null;
  sort: boolean | null;
  bulk: boolean | null;
  authSchemes: string[];
}

/** Reads the features leniently: an absent block is "unknown" (null), never a failure. */
export function readServiceProviderConfig(body: unknown): ScimServerFeatures {
  const obj = isObject(body) ? body : {};
  const supported = (name: string): boolean | null => {
    const block = getCi(obj, name);
    if (!isObject(block)) return null;
    const s = getCi(block, 'supported');
    return typeof s === 'boolean' ? s : null;
  };
  const filterBlock = getCi(obj, 'filter');
  const maxResults = isObject(filterBlock) ? getCi(filterBlock, 'maxResults') : undefined;
  const schemes = getCi(obj, 'authenticationSchemes');
  return {
    filter: supported('filter'),
    maxResults: typeof maxResults === 'number' && Number.isInteger(maxResults) && maxResults > 0 ? maxResults : null,
    patch: supported('patch'),
    etag: supported('etag'),
    sort: supported('sort'),
    bulk: supported('bulk'),
    authSchemes: Array.isArray(schemes)
      ? schemes.flatMap((s) => (isObject(s) && typeof getCi(s, 'type') === 'string' ? [String(getCi(s, 'type'))] : []))
      : [],
  };
}

/** One line for the verdict notes, e.g. "ServiceProviderConfig: filter yes (maxResults 200), patch yes, etag yes, ...". */
export function summarizeFeatures(f: ScimServerFeatures): string {
  const yn = (v: boolean | null) => (v === null ? 'unstated' : v ? 'yes' : 'no');
  const filter = `filter ${yn(f.filter)}${f.maxResults !== null ? ` (maxResults ${f.maxResults})` : ''}`;
  const auth = f.authSchemes.length ? `; auth ${f.authSchemes.join(', ')}` : '';
  return `ServiceProviderConfig: ${filter}, patch ${yn(f.patch)}, etag ${yn(f.etag)}, sort ${yn(f.sort)}, bulk ${yn(f.bulk)}${auth}`;
}
