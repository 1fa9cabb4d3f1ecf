import { HttpError } from '../../http/http-client';
import { registerSecret } from '../../../platform/redact';
import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../connector';
import { AUDIT_CURSOR, AUDIT_WINDOW_MS, readAuditEvents } from './prefect-events';
import { filterPages, normalizePrefectApiUrl, parseJsonBody, prefectSend, type PrefectCall, type PrefectRequestSpec } from './prefect-http';
import {
  mapAccountRole,
  mapBotApiKeys,
  mapMembership,
  mapServiceAccount,
  mapTeam,
  mapTeamMember,
  mapWorkspace,
  mapWorkspaceAccess,
  mapWorkspaceRole,
  parseTeam,
  quarantineRaw,
  type AccessType,
  type Mapped,
} from './prefect-mappers';

export interface PrefectConnectorOptions {
  sourceId: string;
  /** e.g. https://api.prefect.cloud/api (a bare origin or a workspace URL is normalized). */
  apiUrl: string;
  accountId: string;
  apiKey: string;
  /** First read of audit events goes back this far (default 30), capped by the account's retention. */
  auditLookbackDays?: number;
  includeAuditEvents?: boolean;
  /** Each read re-reads this much before the stored audit cursor (default 10); events dedupe by id. */
  auditOverlapMinutes?: number;
}

interface ReadState {
  call: PrefectCall;
  pages: number;
  records: number;
  quarantined: number;
  complete: boolean;
  notes: string[];
}

/**
 * Reads a Prefect Cloud account: roles, memberships (and last logins apart), workspaces and
 * every user/bot/team grant on them, teams with their members and directory-group link,
 * service accounts with their API keys' dates (never a key value), and the audit log since
 * the stored cursor. Every list is `POST .../filter` in pages of 200 on one per-account rate
 * limit; the membership total is cross-checked against `.../count` before and after paging,
 * so a list that shifted underneath us is reported as not complete.
 */
export function createPrefectConnector(options: PrefectConnectorOptions): Connector {
  registerSecret(options.apiKey);
  const base = normalizePrefectApiUrl(options.apiUrl);
  const accountId = options.accountId.trim();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(accountId)) throw new Error(`Prefect account id "${options.accountId}" is not an id (expected a UUID)`);
  if (!options.apiKey) throw new Error('Prefect API key is empty');
  const acct = `/accounts/${accountId}`;

  async function* read(ctx: ConnectorContext): AsyncGenerator<SourceItem, SourceVerdict, void> {
    const state: ReadState = {
      call: { http: ctx.http, signal: ctx.signal, base, apiKey: options.apiKey, rateLimitKey: `prefect:${accountId}`, waitedMs: 0 },
      pages: 0,
      records: 0,
      quarantined: 0,
      complete: true,
      notes: [],
    };

    yield* list(state, `${acct}/account_roles/filter`, 'account roles', (raw) => [mapAccountRole(raw)]);
    yield* list(state, `${acct}/workspace_roles/filter`, 'workspace roles', (raw) => [mapWorkspaceRole(raw)]);
    const workspaceIds: string[] = [];
    yield* list(state, `${acct}/workspaces/filter`, 'workspaces', (raw) => {
      const mapped = mapWorkspace(raw);
      if (mapped.ok) workspaceIds.push(mapped.record.key);
      return [mapped];
    });

    const before = await countMemberships(state);
    const seenMembers = yield* list(state, `${acct}/account_memberships/filter`, 'account memberships', mapMembership);
    if (before !== undefined) {
      const after = await countMemberships(state);
      if (after !== undefined && (after !== before || after !== seenMembers)) {
        state.complete = false;
        state.notes.push(`account memberships: count said ${before} before paging and ${after} after, paging returned ${seenMembers}; the list changed or was cut short, so removals are not inferred`);
      }
    }

    for (const workspaceId of workspaceIds) {
      for (const type of ['user', 'bot', 'team'] as AccessType[]) {
        yield* list(
          state,
          `${acct}/workspaces/${workspaceId}/${type}_access/filter`,
          `${type} access to workspace ${workspaceId}`,
          (raw) => [mapWorkspaceAccess(type, workspaceId, raw)],
          (raw) => field(raw, type === 'user' ? 'actor_id' : `${type}_id`),
        );
      }
    }

    yield* readTeams(state);
    yield* readServiceAccounts(state);

    if (state.quarantined > 0) {
      // A quarantined item has no record, so its absence must not read as a removal.
      state.complete = false;
      state.notes.push(`${state.quarantined} item(s) could not be normalized and were quarantined; removals are not inferred from this read`);
    }

    let events = 0;
    if (options.includeAuditEvents !== false) {
      const audit = yield* readAuditEvents(state.call, {
        accountId,
        now: ctx.clock.now(),
        cursor: ctx.cursors.get(AUDIT_CURSOR),
        lookbackDays: options.auditLookbackDays ?? 30,
        overlapMs: (options.auditOverlapMinutes ?? 10) * 60_000,
        windowMs: AUDIT_WINDOW_MS,
      });
      events = audit.events;
      state.pages += audit.pages;
      state.notes.push(...audit.notes);
    }
    return { complete: state.complete, mode: 'full', pages: state.pages, records: state.records, events, notes: state.notes };
  }

  /** Pages one filter collection, maps each item, and returns how many distinct items it saw. */
  async function* list(
    state: ReadState,
    path: string,
    what: string,
    map: (raw: unknown) => Mapped[],
    idOf: (raw: unknown) => string | undefined = (raw) => field(raw, 'id'),
  ): AsyncGenerator<SourceItem, number, void> {
    const seen = new Set<string>();
    let duplicates = 0;
    for await (const page of filterPages(state.call, { path, what })) {
      state.pages += 1;
      for (const raw of page.items) {
        const id = idOf(raw);
        if (id !== undefined) {
          if (seen.has(id)) {
            duplicates += 1;
            continue;
          }
          seen.add(id);
        }
        yield* emit(state, map(raw), raw, `Prefect POST ${path} (offset ${page.offset})`);
      }
      yield progress(state, what);
    }
    if (duplicates > 0) {
      state.complete = false;
      state.notes.push(`${what}: ${duplicates} item(s) came back twice while paging (the list shifted), so items may also have been skipped`);
    }
    return seen.size;
  }

  async function* readTeams(state: ReadState): AsyncGenerator<SourceItem, void, void> {
    const needDetail: string[] = [];
    yield* list(state, `${acct}/teams/filter`, 'teams', (raw) => {
      const parsed = parseTeam(raw);
      if (!parsed.ok) return [{ ok: false, kind: 'prefect_team', reason: parsed.reason }];
      const team = parsed.team;
      // Prefect's Terraform provider reads members from GET /teams/{id}; use the list's if it has them.
      if (!Array.isArray(team.memberships)) {
        needDetail.push(team.id);
        return [mapTeam(team)];
      }
      return [mapTeam(team), ...team.memberships.map((m) => mapTeamMember(team.id, m))];
    });
    for (const teamId of needDetail) {
      const spec: PrefectRequestSpec = { method: 'GET', path: `${acct}/teams/${teamId}`, retry: true, what: 'team members' };
      const body = yield* getOrNote(state, spec, `team ${teamId} disappeared between the list and its detail`);
      if (body === undefined) continue;
      const memberships = (body as { memberships?: unknown } | null)?.memberships;
      if (!Array.isArray(memberships)) throw new HttpError(`Prefect GET ${spec.path}: expected a team with a memberships array`, 'other');
      const where = `Prefect GET ${spec.path}`;
      for (const m of memberships) yield* emit(state, [mapTeamMember(teamId, m)], m, where);
      yield progress(state, 'team members');
    }
  }

  async function* readServiceAccounts(state: ReadState): AsyncGenerator<SourceItem, void, void> {
    const botIds: string[] = [];
    yield* list(state, `${acct}/bots/filter`, 'service accounts', (raw) => {
      const mapped = mapServiceAccount(raw);
      if (mapped.ok) botIds.push(mapped.record.key);
      return [mapped];
    });
    for (const botId of botIds) {
      const spec: PrefectRequestSpec = { method: 'GET', path: `${acct}/bots/${botId}/read_bot_api_keys`, retry: true, what: 'service account API keys' };
      const body = yield* getOrNote(state, spec, `service account ${botId} disappeared before its keys were read`);
      if (body === undefined) continue;
      const keys = mapBotApiKeys(botId, body);
      if (keys.shapeError) throw new HttpError(`Prefect GET ${spec.path}: ${keys.shapeError}`, 'other');
      yield* emit(state, keys.mapped, body, `Prefect GET ${spec.path}`);
      yield progress(state, 'service account keys');
    }
  }

  /** A GET whose 404 means "deleted while we read": noted, and the read is then not complete. */
  async function* getOrNote(state: ReadState, spec: PrefectRequestSpec, goneNote: string): AsyncGenerator<SourceItem, unknown, void> {
    try {
      const body = parseJsonBody(await prefectSend(state.call, spec), spec);
      state.pages += 1;
      return body;
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        state.complete = false;
        state.notes.push(goneNote);
        yield progress(state, spec.what);
        return undefined;
      }
      throw error;
    }
  }

  /** POST .../account_memberships/count; undefined when it cannot be used (noted, never fatal except 401). */
  async function countMemberships(state: ReadState): Promise<number | undefined> {
    const spec: PrefectRequestSpec = { method: 'POST', path: `${acct}/account_memberships/count`, body: {}, retry: true, what: 'the membership count' };
    try {
      const body = parseJsonBody(await prefectSend(state.call, spec), spec);
      const n = typeof body === 'number' ? body : (body as { count?: unknown } | null)?.count;
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
      state.notes.push(`POST ${spec.path} answered ${JSON.stringify(body).slice(0, 40)}, not a count; memberships were not cross-checked`);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) throw error;
      const why = error instanceof HttpError && (error.status === 404 || error.status === 405) ? `not available (${error.status})` : `failed (${error instanceof Error ? error.message : String(error)})`;
      state.notes.push(`membership count endpoint ${why}; memberships were not cross-checked against a total`);
    }
    return undefined;
  }

  return { sourceId: options.sourceId, kind: 'prefect', read };
}

function* emit(state: ReadState, mapped: Mapped[], raw: unknown, where: string): Generator<SourceItem, void, void> {
  for (const m of mapped) {
    if (m.ok) {
      state.records += 1;
      yield { type: 'record', record: m.record };
    } else {
      state.quarantined += 1;
      yield { type: 'quarantine', kind: m.kind, reason: m.reason, raw: quarantineRaw(raw), where };
    }
  }
}

function progress(state: ReadState, phase: string): SourceItem {
  const waitingMs = state.call.waitedMs;
  state.call.waitedMs = 0;
  return { type: 'progress', progress: { phase, pages: state.pages, records: state.records, ...(waitingMs > 0 ? { waitingMs } : {}) } };
}

function field(raw: unknown, name: string): string | undefined {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}
