/** The scheme the UI is served from; registered as privileged (standard, secure) before ready. */
export const APP_SCHEME = 'app';
/** The one origin the app trusts for navigation and IPC. */
export const APP_ORIGIN = 'app://app';
/** Where the main window starts. */
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * The origin of a URL as Chromium sees it, or null if it has none. Node's URL reports
 * `origin === 'null'` for schemes it does not know (app: among them), so comparing
 * `new URL(url).origin` with 'app://app' directly would refuse everything; this derives
 * scheme + host for app: itself and refuses URLs carrying credentials, which never belong
 * to the app. Compare the result with `===`: never startsWith, which `app://app.evil` passes.
 */
export function originOf(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === `${APP_SCHEME}:`) return url.host === '' ? null : `${APP_SCHEME}://${url.host}`;
  return url.origin === 'null' ? null : url.origin;
}

/** True only for URLs on the app's own origin. */
export function isAppUrl(raw: string | null | undefined): boolean {
  return typeof raw === 'string' && originOf(raw) === APP_ORIGIN;
}
