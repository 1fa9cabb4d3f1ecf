/**
 * Okta pages by `Link` headers (RFC 8288). Several Link headers may arrive, and HTTP joins
 * them with ", " (our HttpClient does the same), so one value can hold `self` and `next`.
 * We only ever follow the URLs Okta hands us: cursors are opaque and never built.
 */
export function parseLinkHeader(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!header) return out;
  // Each link is <url> followed by ;-separated params; URLs may contain commas, so anchor on <...>.
  const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,<]+(?:=(?:"[^"]*"|[^;,<]*))?)*)/g;
  for (const match of header.matchAll(linkPattern)) {
    const url = match[1] ?? '';
    const params = match[2] ?? '';
    const relMatch = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const rels = (relMatch?.[1] ?? relMatch?.[2] ?? '').split(/\s+/).filter(Boolean);
    for (const rel of rels) {
      const key = rel.toLowerCase();
      const list = out.get(key) ?? [];
      list.push(url.trim());
      out.set(key, list);
    }
  }
  return out;
}

/** The `rel="next"` URL, if any. */
export function nextLink(header: string | undefined): string | null {
  return parseLinkHeader(header).get('next')?.[0] ?? null;
}
