import { randomBytes } from 'node:crypto';
import type { SimResponse } from '../sim-server';
import { fingerprint, groupProperties, project, userProperties, type EntraView, type MemberRef } from './entra-render';
import { graphError } from './graph-responses';

/**
 * Graph delta queries for users and groups, faithfully enough that a client's bookkeeping is
 * really tested: each deltaLink token remembers a snapshot of what the client has been shown
 * (a fingerprint of every object's selected properties, and each group's member set), so the
 * next round returns exactly what changed since then: changed objects with all their selected
 * properties, deleted objects as `@removed`, and member additions and removals in
 * `members@delta`.
 *
 * Quirks reproduced (Microsoft's delta-query docs): page size from `Prefer: odata.maxpagesize`
 * (capped; `$top` ignored); state carried in opaque `$skiptoken`/`$deltatoken` with `$select`
 * encoded in the token; optional empty pages that still carry a nextLink; large groups split
 * over several entries, each with a share of `members@delta`; properties never set left out;
 * optional replays (the same change returned twice); tokens expire after 7 days (410
 * syncStateNotFound); a "maintenance reset" answers every old token with 410 resyncRequired
 * and a Location to start over; `$deltatoken=latest` starts from now with no data.
 */
export type DeltaResource = 'users' | 'groups';

export interface DeltaStoreOptions {
  /** Objects per page when the client does not ask (Graph: 200 for directory objects), and the cap when it does. */
  maxObjectsPerPage: number;
  /** Members per group entry before the group is split over several entries. */
  maxMembersPerObject: number;
  /** Empty pages (value [] with a nextLink) at the start of every round. */
  emptyPages: number;
  /** Return every change of a deltaLink round twice. */
  replayChanges: boolean;
  tokenTtlDays: number;
  /** Delta tokens kept; older ones are forgotten (410 on use), as Graph's own cache does. */
  maxTokens: number;
  now: () => number;
}

interface Snapshot {
  fps: Map<string, string>;
  /** Groups only, when members are tracked: group id -> "type:id" of each direct member. */
  members: Map<string, Set<string>> | null;
}

interface MemberChange {
  ref: MemberRef;
  removed: boolean;
}

type DeltaEntry = { t: 'object'; id: string; members: MemberChange[] } | { t: 'removed'; id: string };

interface Session {
  resource: DeltaResource;
  select: string[] | null;
  withMembers: boolean;
  entries: DeltaEntry[];
  pageSize: number;
  emptyPages: number;
  next: Snapshot;
  deltaToken?: string;
}

interface TokenState {
  resource: DeltaResource;
  select: string[] | null;
  withMembers: boolean;
  snapshot: Snapshot;
  issuedAtMs: number;
  reset: boolean;
}

export interface DeltaRequest {
  resource: DeltaResource;
  origin: string;
  /** $select of an initial request (null: all properties). */
  select: string[] | null;
  deltaToken?: string;
  skipToken?: string;
  /** From `Prefer: odata.maxpagesize=N`. */
  preferPageSize?: number;
}

export class EntraDeltaStore {
  private readonly sessions = new Map<string, Session>();
  private readonly tokens = new Map<string, TokenState>();

  constructor(
    private readonly view: () => EntraView,
    private readonly options: DeltaStoreOptions,
  ) {}

  /** Answers one delta request: a page, or Graph's error. */
  handle(req: DeltaRequest): SimResponse | { body: Record<string, unknown>; headers: Record<string, string> } {
    let session: Session | undefined;
    let sessionId: string;
    let pageIndex = 0;
    if (req.skipToken !== undefined) {
      const decoded = decodeSkip(req.skipToken);
      session = decoded ? this.sessions.get(decoded.sessionId) : undefined;
      if (!decoded || !session || session.resource !== req.resource) {
        return graphError(410, 'syncStateNotFound', 'The sync state is not found: the skip token is unknown or has expired. Restart the synchronization.');
      }
      sessionId = decoded.sessionId;
      pageIndex = decoded.page;
    } else {
      const started = this.begin(req);
      if ('status' in started) return started;
      session = started;
      sessionId = randomBytes(18).toString('base64url');
      this.sessions.set(sessionId, session);
      trim(this.sessions, 64);
    }
    const headers: Record<string, string> = req.preferPageSize ? { 'preference-applied': `odata.maxpagesize=${session.pageSize}` } : {};
    return { body: this.renderPage(session, sessionId, pageIndex, req.origin), headers };
  }

  /** Graph's "internal maintenance": every outstanding token now answers 410 resyncRequired. */
  resetAll(): void {
    for (const state of this.tokens.values()) state.reset = true;
    this.sessions.clear();
  }

  private begin(req: DeltaRequest): Session | SimResponse {
    const cap = this.options.maxObjectsPerPage;
    const pageSize = Math.max(1, Math.min(req.preferPageSize ?? cap, cap));
    let prior: TokenState | undefined;
    let select = req.select;
    const latest = req.deltaToken === 'latest';
    if (req.deltaToken && !latest) {
      prior = this.tokens.get(req.deltaToken);
      if (!prior || prior.resource !== req.resource) {
        return graphError(410, 'syncStateNotFound', 'The sync state generation is not found. Restart the synchronization with a full read.');
      }
      if (prior.reset) {
        return graphError(410, 'resyncRequired', 'The sync state was reset by the service. Restart the synchronization with a full read.', {
          location: `${req.origin}/v1.0/${req.resource}/delta?$deltatoken=`,
        });
      }
      if (this.options.now() - prior.issuedAtMs > this.options.tokenTtlDays * 86_400_000) {
        return graphError(410, 'syncStateNotFound', `The delta token has expired (older than ${this.options.tokenTtlDays} days). Restart the synchronization with a full read.`);
      }
      select = prior.select;
    }
    const withMembers = req.resource === 'groups' && (select === null || select.some((s) => s.toLowerCase() === 'members'));
    const propertySelect = select?.filter((s) => s.toLowerCase() !== 'members') ?? null;
    const { entries, next } = this.diff(req.resource, propertySelect, withMembers, prior?.snapshot);
    const changes = latest ? [] : entries;
    if (prior && this.options.replayChanges) changes.push(...changes.map((e) => ({ ...e })));
    return { resource: req.resource, select, withMembers, entries: changes, pageSize, emptyPages: this.options.emptyPages, next };
  }

  /** What changed between the snapshot a token remembers and the organisation now. */
  private diff(resource: DeltaResource, select: string[] | null, withMembers: boolean, prev: Snapshot | undefined) {
    const view = this.view();
    const next: Snapshot = { fps: new Map(), members: withMembers ? new Map() : null };
    const entries: DeltaEntry[] = [];
    if (resource === 'users') {
      for (const user of view.users) {
        const fp = fingerprint(project(userProperties(user), select, true));
        next.fps.set(user.id, fp);
        if (prev?.fps.get(user.id) !== fp) entries.push({ t: 'object', id: user.id, members: [] });
      }
      for (const id of prev?.fps.keys() ?? []) if (!view.usersById.has(id)) entries.push({ t: 'removed', id });
      return { entries, next };
    }
    for (const group of view.groups) {
      const fp = fingerprint(project(groupProperties(group), select, true));
      next.fps.set(group.id, fp);
      const changes: MemberChange[] = [];
      if (withMembers) {
        const now = new Set(group.members.map(memberKey));
        next.members?.set(group.id, now);
        const before = prev?.members?.get(group.id);
        for (const key of now) if (!before?.has(key)) changes.push({ ref: parseMemberKey(key), removed: false });
        for (const key of before ?? []) if (!now.has(key)) changes.push({ ref: parseMemberKey(key), removed: true });
      }
      if (prev?.fps.get(group.id) === fp && changes.length === 0) continue;
      const chunk = this.options.maxMembersPerObject;
      if (changes.length === 0) entries.push({ t: 'object', id: group.id, members: [] });
      for (let i = 0; i < changes.length; i += chunk) entries.push({ t: 'object', id: group.id, members: changes.slice(i, i + chunk) });
    }
    for (const id of prev?.fps.keys() ?? []) if (!view.groupsById.has(id)) entries.push({ t: 'removed', id });
    return { entries, next };
  }

  private renderPage(session: Session, sessionId: string, pageIndex: number, origin: string): Record<string, unknown> {
    const dataPages = Math.max(1, Math.ceil(session.entries.length / session.pageSize));
    const total = session.emptyPages + dataPages;
    const index = Math.min(pageIndex, total - 1);
    const dataIndex = index - session.emptyPages;
    const slice = dataIndex < 0 ? [] : session.entries.slice(dataIndex * session.pageSize, (dataIndex + 1) * session.pageSize);
    const view = this.view();
    const value = slice.map((entry) => this.renderEntry(session, entry, view));
    const selectText = session.select ? `(${session.select.join(',')})` : '';
    const body: Record<string, unknown> = { '@odata.context': `${origin}/v1.0/$metadata#${session.resource}${index === 0 ? selectText : ''}` };
    if (index < total - 1) {
      body['@odata.nextLink'] = `${origin}/v1.0/${session.resource}/delta?$skiptoken=${encodeSkip(sessionId, index + 1)}`;
    } else {
      if (!session.deltaToken) {
        session.deltaToken = randomBytes(48).toString('base64url');
        this.tokens.set(session.deltaToken, {
          resource: session.resource,
          select: session.select,
          withMembers: session.withMembers,
          snapshot: session.next,
          issuedAtMs: this.options.now(),
          reset: false,
        });
        trim(this.tokens, this.options.maxTokens);
      }
      body['@odata.deltaLink'] = `${origin}/v1.0/${session.resource}/delta?$deltatoken=${session.deltaToken}`;
    }
    body.value = value;
    return body;
  }

  /** Renders an entry from the organisation as it is now (it may have changed since the round began). */
  private renderEntry(session: Session, entry: DeltaEntry, view: EntraView): Record<string, unknown> {
    const select = session.select?.filter((s) => s.toLowerCase() !== 'members') ?? null;
    // A deleted user is soft-deleted first ("changed"); a security group is deleted for good ("deleted").
    const reason = session.resource === 'users' ? 'changed' : 'deleted';
    if (entry.t === 'object') {
      const user = session.resource === 'users' ? view.usersById.get(entry.id) : undefined;
      const group = session.resource === 'groups' ? view.groupsById.get(entry.id) : undefined;
      const all = user ? userProperties(user) : group ? groupProperties(group) : undefined;
      if (all) {
        const object = project(all, select, true);
        session.next.fps.set(entry.id, fingerprint(object));
        if (entry.members.length) {
          object['members@delta'] = entry.members.map((m) => ({
            '@odata.type': `#microsoft.graph.${m.ref.type}`,
            id: m.ref.id,
            ...(m.removed ? { '@removed': { reason: 'deleted' } } : {}),
          }));
        }
        return object;
      }
      // Deleted while the client was paging: tell it so, as Graph may even in an initial round.
      session.next.fps.delete(entry.id);
      session.next.members?.delete(entry.id);
    }
    return { id: entry.id, '@removed': { reason } };
  }
}

function memberKey(ref: MemberRef): string {
  return `${ref.type}:${ref.id}`;
}

function parseMemberKey(key: string): MemberRef {
  const at = key.indexOf(':');
  return { type: key.slice(0, at) === 'group' ? 'group' : 'user', id: key.slice(at + 1) };
}

function encodeSkip(sessionId: string, page: number): string {
  return Buffer.from(`${sessionId}.${page}`).toString('base64url');
}

function decodeSkip(token: string): { sessionId: string; page: number } | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const dot = text.lastIndexOf('.');
  const page = Number(text.slice(dot + 1));
  if (dot <= 0 || !Number.isInteger(page) || page < 0) return undefined;
  return { sessionId: text.slice(0, dot), page };
}

function trim<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
