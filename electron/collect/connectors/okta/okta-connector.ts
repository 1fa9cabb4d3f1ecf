import { AppError } from '../../../../shared/api/result';
import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../connector';
import { createOktaAuth, DEFAULT_OKTA_SCOPES, type OktaAuthOptions } from './okta-auth';
import { OKTA_MAX_PAGE, readOktaAppUsers, readOktaGroups, readOktaUsers } from './okta-read-directory';
import { readOktaSystemLog } from './okta-read-log';
import { OktaSession, oktaRateLimitKey, type OktaFamily, type OktaReadState } from './okta-session';

export interface OktaConnectorOptions {
  sourceId: string;
  /** The org's URL, e.g. https://acme.okta.com (no path). */
  baseUrl: string;
  auth: OktaAuthOptions;
  /** The Okta app id of Prefect Cloud; when set, its user assignments are read too. */
  prefectAppId?: string;
  /** Users, groups and group members per page (Okta caps at 200). */
  pageSize?: number;
  /** First read of the System Log: how many days back (default 90, capped at 180). */
  logLookbackDays?: number;
  /** Safety stop for the System Log per read (default 10,000 pages of 1,000). */
  maxLogPages?: number;
}

/**
 * Okta as a source: every user (including the DEPROVISIONED ones the plain list hides),
 * groups and their direct members, optionally the Prefect app's assignments, and the
 * System Log lifecycle/membership events since the stored cursor. Users and groups are
 * full reads every time; events are incremental by nature.
 */
export function createOktaConnector(options: OktaConnectorOptions): Connector {
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  // A token request is all or nothing: asking for okta.apps.read without a Prefect app to read
  // would fail an app whose admin (rightly) granted only what is read.
  const authOptions: OktaAuthOptions =
    options.auth.type === 'oauth' && !options.auth.scopes?.length && !options.prefectAppId
      ? { ...options.auth, scopes: DEFAULT_OKTA_SCOPES.filter((s) => s !== 'okta.apps.read') }
      : options.auth;
  const auth = createOktaAuth(baseUrl, authOptions, oktaRateLimitKey(baseUrl, '/oauth2/v1/token'));
  const pageSize = Math.min(OKTA_MAX_PAGE, Math.max(1, Math.floor(options.pageSize ?? OKTA_MAX_PAGE)));
  const lookbackDays = options.logLookbackDays ?? 90;
  const maxLogPages = Math.max(1, options.maxLogPages ?? 10_000);

  return {
    sourceId: options.sourceId,
    kind: 'okta',
    async probe(ctx: ConnectorContext): Promise<string> {
      // One item from each endpoint family a read uses; each has its own scope.
      const state: OktaReadState = { phase: 'probe', pages: 0, records: 0, events: 0, notes: [], complete: true };
      const session = new OktaSession(ctx, baseUrl, auth, state);
      const since = new Date(ctx.clock.now().getTime() - 3_600_000).toISOString();
      const endpoints: [string, OktaFamily][] = [
        [`${baseUrl}/api/v1/users?limit=1`, '/api/v1/users'],
        [`${baseUrl}/api/v1/groups?limit=1`, '/api/v1/groups'],
        [`${baseUrl}/api/v1/logs?limit=1&since=${encodeURIComponent(since)}`, '/api/v1/logs'],
      ];
      if (options.prefectAppId) endpoints.push([`${baseUrl}/api/v1/apps/${encodeURIComponent(options.prefectAppId)}/users?limit=1`, '/api/v1/apps']);
      for (const [url, family] of endpoints) {
        const pages = session.fetchPage(url, `Okta ${family} page 1`, family);
        for (let step = await pages.next(); !step.done; step = await pages.next());
      }
      return options.prefectAppId ? 'users, groups, the System Log and the Prefect app are readable' : 'users, groups and the System Log are readable';
    },
    async *read(ctx: ConnectorContext): AsyncGenerator<SourceItem, SourceVerdict, void> {
      const state: OktaReadState = { phase: 'users', pages: 0, records: 0, events: 0, notes: [], complete: true };
      const session = new OktaSession(ctx, baseUrl, auth, state);
      yield* readOktaUsers(session, pageSize);
      yield* readOktaGroups(session, pageSize);
      if (options.prefectAppId) yield* readOktaAppUsers(session, options.prefectAppId);
      yield* readOktaSystemLog(session, { lookbackDays, maxPages: maxLogPages });
      state.phase = 'done';
      yield session.progress({ message: `Okta: ${state.records} records and ${state.events} events in ${state.pages} pages` });
      return { complete: state.complete, mode: 'full', pages: state.pages, records: state.records, events: state.events, notes: state.notes };
    },
  };
}

/** https://acme.okta.com/, https://acme.okta.com/admin or https://acme-admin.okta.com -> https://acme.okta.com (Okta APIs live at the org's root). */
export function normalizeBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError('INVALID_ARGUMENT', `Okta: baseUrl "${raw}" is not a URL (expected e.g. https://acme.okta.com)`);
  }
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  // Plain http would send the token in clear: allowed only to a simulator on this machine.
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new AppError('INVALID_ARGUMENT', `Okta: baseUrl must be https (got ${u.protocol}//${u.host})`);
  }
  if (u.username || u.password) throw new AppError('INVALID_ARGUMENT', 'Okta: baseUrl must not contain credentials');
  // The Admin Console's address (acme-admin.okta.com) is not the org's API domain: the APIs,
  // the token endpoint and so the assertion's audience live at acme.okta.com.
  const admin = /^([a-z0-9-]+)-admin(\.(?:okta|oktapreview|okta-emea|okta-gov|okta-mil|trexcloud)\.com)$/i.exec(u.hostname);
  if (admin) u.hostname = `${admin[1]}${admin[2]}`;
  return u.origin;
}
