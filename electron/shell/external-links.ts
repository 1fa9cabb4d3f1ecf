import type { Shell } from 'electron';

/**
 * The only hosts the app will ever open in the system browser: vendor documentation it
 * links to. Anything else (another host, http:, file:, javascript:, custom schemes) is
 * refused, so a compromised or confused renderer cannot make the OS open arbitrary things.
 * Add a host here deliberately, with a reason.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze([
  'docs.prefect.io', // Prefect Cloud access model: the platform this app audits
  'developer.okta.com', // Okta API scopes and setup
  'learn.microsoft.com', // Entra ID app registration and Graph permissions
]);

/**
 * Returns the URL the app may open, rebuilt from its parsed parts, or null. Only https on
 * the default port, an allow-listed host and no credentials pass.
 */
export function checkExternalUrl(raw: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  if (!hosts.includes(url.hostname)) return null;
  return url.href;
}

/** Builds a link to an allow-listed host; throws for any other host so mistakes show in tests. */
export function externalLink(host: string, pathname: string): string {
  const url = new URL(`https://${host}`);
  url.pathname = pathname;
  const checked = checkExternalUrl(url.href);
  if (!checked) throw new Error(`${host} is not an allow-listed external link host`);
  return checked;
}

/**
 * The one way the app hands a URL to the operating system. Returns whether it was opened.
 * Lint forbids `openExternal` anywhere else.
 */
export async function openExternalSafely(url: string, shell: Pick<Shell, 'openExternal'>): Promise<boolean> {
  const checked = checkExternalUrl(url);
  if (!checked) return false;
  await shell.openExternal(checked);
  return true;
}
