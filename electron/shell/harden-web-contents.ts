import type { Session, Shell, WebContents } from 'electron';
import type { Logger } from '../platform/logger';
import { isAppUrl } from './app-origin';
import { openExternalSafely } from './external-links';

/** A navigation event as Electron 38 delivers it (details object with the target URL). */
interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/**
 * Applies the navigation rules to one webContents (the app calls it from
 * `web-contents-created`, so every window, frame host and devtools page gets them):
 * - no new windows: window.open and target=_blank are denied; an allow-listed https link
 *   goes to the system browser instead;
 * - no leaving the app: navigation and redirects are allowed only when the target's origin
 *   is exactly app://app (compared as origins, never by prefix);
 * - no <webview>;
 * - its session denies every permission request and check.
 */
export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>, logger: Logger): void {
  const openOutside = (url: string) => {
    openExternalSafely(url, shell)
      .then((opened) => {
        if (!opened) logger.warn('refused to open a link outside the app', { url: describeUrl(url) });
      })
      .catch((error: unknown) => logger.warn('could not open an external link', { error: String(error) }));
  };

  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });

  const keepInsideApp = (kind: string) => (event: NavigationEvent) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn(`blocked ${kind} away from the app`, { url: describeUrl(event.url) });
    if (kind === 'navigation') openOutside(event.url);
  };
  contents.on('will-navigate', keepInsideApp('navigation'));
  contents.on('will-frame-navigate', keepInsideApp('frame navigation'));
  contents.on('will-redirect', keepInsideApp('redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());

  hardenSession(contents.session);
}

/** Denies every permission (camera, notifications, clipboard, geolocation, ...): the app needs none. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Scheme and host only: enough to diagnose, without logging a query string that may carry data. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparseable URL)';
  }
}
