import type { RecordKind } from '../../../shared/domain/records';
import type { FactRef } from '../fact-ref';
import type { Grant, GrantKind, PrincipalAccess, WorkspaceAccess } from '../effective-access';
import type { RoleInfo } from '../role-rank';
import type { MatchMethod } from '../identity/identity-types';
import { AT, emailsOf, encodeBody, readIdentityName, readKind, readNumber, readText, refsOf, type RefTuple } from './body-format';

/**
 * How one principal's effective access is stored (access_principals.body) and read back.
 *
 * A principal's access splits into what is its own (its membership, identity, and the facts
 * only it cites: its own fact, team memberships, direct grants) and its *shape*: workspaces,
 * resulting roles and grants, with numbered slots where its own evidence goes. Most people
 * share one of a few shapes, so shapes are stored once (access_shapes) and a body is small.
 * Evidence shared by everyone (workspace facts behind default grants, team facts, team
 * grants) is named by kind and key in the shape and resolved against the facts of the
 * collection being read, so it always carries the fact's current validTo.
 *
 * Everything that decides the engine's order of workspaces and grants (names, ranks) is in
 * the shape, so decoding reproduces the engine's answer exactly; derived-access.test.ts
 * checks that on random histories.
 */

/** The identity side of a user principal (null fields: unmatched, or a service account). */
export interface PrincipalIdentity {
  identityId: string | null;
  /** The identity's own display name (the row falls back to the principal's name). */
  identityName: string | null;
  matchedBy: MatchMethod | null;
  /** Every address of the person: accessAt's email filter finds people by any of them. */
  emails: string[];
}

/** What a diff compares of a principal: the engine's PrincipalAccess without its own fact and handle. */
export type ComparedAccess = Omit<PrincipalAccess, 'fact' | 'handle'>;

/** A decoded principal, as a diff compares it, and who it is. */
export interface DerivedPrincipal {
  access: ComparedAccess;
  identity: Pick<PrincipalIdentity, 'identityId' | 'identityName'>;
}

/**
 * The kinds a principal cites as its own evidence, by short code in stored bodies (any other
 * kind is stored by name). Their versions can close after a row citing them was written.
 */
export const OWN_KIND_CODES: readonly RecordKind[] = ['prefect_member', 'prefect_service_account', 'prefect_team_member', 'prefect_workspace_access'];
const GRANT_KINDS: readonly GrantKind[] = ['direct', 'team', 'default', 'account-admin'];

/** Evidence in a shape: a slot of the principal's own refs, or a shared fact by kind and key. */
type EvidenceSpec = number | [kind: string, key: string];
type GrantTuple = [kind: number, roleId: string, roleName: string, rank: number, team: [string, string, string | null] | null, evidence: EvidenceSpec[]];
type WorkspaceTuple = [id: string, name: string, handle: string | null, role: [string, string, number] | null, grants: GrantTuple[]];

/** Evidence shared by many principals: resolved from the collection's facts when read. */
function isShared(grant: Grant, ref: FactRef): boolean {
  return ref.kind === 'prefect_workspace' || ref.kind === 'prefect_team' || (grant.kind === 'team' && ref.kind === 'prefect_workspace_access');
}

/** The clustered order of a principal (the engine's order, see effective-access.ts). */
export { principalOrder } from '../effective-access';

/** Encodes one principal: its shape JSON (to intern) and a body builder once the shape has an id. */
export function encodePrincipal(p: PrincipalAccess, identity: PrincipalIdentity): { shape: string; body: (shapeId: number) => string } {
  const refs: RefTuple[] = [];
  const slots = new Map<string, number>();
  const slotOf = (r: FactRef): number => {
    const k = `${r.kind}\u0000${r.key}\u0000${r.validFrom}`;
    let slot = slots.get(k);
    if (slot === undefined) {
      slot = refs.length;
      const code = OWN_KIND_CODES.indexOf(r.kind);
      refs.push([code >= 0 ? code : r.kind, r.key, r.validFrom, r.validTo]);
      slots.set(k, slot);
    }
    return slot;
  };
  slotOf(p.fact);
  const workspaces: WorkspaceTuple[] = p.workspaces.map((w) => [
    w.workspaceId,
    w.workspaceName,
    w.workspaceHandle,
    w.role ? [w.role.id, w.role.name, w.role.rank] : null,
    w.grants.map((g): GrantTuple => [
      GRANT_KINDS.indexOf(g.kind),
      g.roleId,
      g.roleName,
      g.rank,
      g.team ? [g.team.teamId, g.team.name, g.team.directoryGroupId] : null,
      g.evidence.map((e): EvidenceSpec => (isShared(g, e) ? [e.kind, e.key] : slotOf(e))),
    ]),
  ]);
  const shape = JSON.stringify(workspaces);
  return {
    shape,
    body: (shapeId) =>
      encodeBody([
        p.type === 'bot' ? 1 : 0,
        p.id,
        p.actorId,
        p.email,
        p.name,
        p.handle,
        p.accountRoleName,
        p.accountRoleRank,
        p.active ? 1 : 0,
        identity.identityId,
        identity.identityName,
        identity.matchedBy,
        identity.emails,
        shapeId,
        refs,
      ]),
  };
}

/** A principal's flags as stored in its body and in access_principals.flags: 1 service account, 2 active. */
export function principalFlags(p: PrincipalAccess): number {
  return (p.type === 'bot' ? 1 : 0) | (p.active ? 2 : 0);
}

/** The actor ids that name a principal in facts (a bot is named by its id and its actor id). */
export function principalActorIds(p: PrincipalAccess): string[] {
  return p.type === 'bot' && p.id !== p.actorId ? [p.id, p.actorId] : [p.actorId];
}

/** Shared facts of the collection being read: kind\0key -> its reference. */
export type SharedRefs = ReadonlyMap<string, FactRef>;

/** Closings not yet written into stored evidence: sourceId\0kind\0key\0validFrom -> validTo. */
export type PendingClosings = ReadonlyMap<string, number>;

/**
 * Decodes shapes once per read: grants without own evidence become shared objects (the engine
 * shares its default grants the same way), the rest are templates filled per principal.
 */
export class ShapeDecoder {
  private readonly decoded = new Map<number, DecodedShape>();
  private readonly roles = new Map<string, RoleInfo>();
  private readonly teams = new Map<string, Grant['team']>();

  constructor(
    private readonly sourceId: string,
    private readonly shapes: ReadonlyMap<number, string>,
    private readonly shared: SharedRefs,
  ) {}

  shape(id: number): DecodedShape {
    const done = this.decoded.get(id);
    if (done) return done;
    const json = this.shapes.get(id);
    if (json === undefined) throw new Error(`derived access: shape ${id} is missing`);
    const tuples = JSON.parse(json) as WorkspaceTuple[];
    const shape: DecodedShape = tuples.map(([workspaceId, workspaceName, workspaceHandle, role, grants]) => {
      const decoded = grants.map(([kind, roleId, roleName, rank, team, evidence]): ShapeGrant => {
        const shared = evidence.every((e) => typeof e !== 'number');
        const grant = {
          kind: GRANT_KINDS[kind]!,
          roleId,
          roleName,
          rank,
          team: team ? this.team(team) : null,
          evidence: evidence.map((e) => (typeof e === 'number' ? e : this.sharedRef(e))),
        };
        if (shared) return { shared: grant as Grant, template: null };
        return { shared: null, template: { ...grant, slots: evidence.flatMap((e, i) => (typeof e === 'number' ? [i] : [])) } };
      });
      return {
        workspaceId,
        workspaceName,
        workspaceHandle,
        role: role ? this.role(role) : null,
        grants: decoded,
        sharedGrants: decoded.every((g) => g.shared) ? decoded.map((g) => g.shared!) : null,
        workspace: this.workspace(workspaceId, workspaceName, workspaceHandle),
        access: null as WorkspaceAccess | null,
      };
    });
    // A workspace whose grants cite nothing of the principal's own is the same for everyone with the shape.
    for (const w of shape) {
      if (w.sharedGrants) w.access = { workspaceId: w.workspaceId, workspaceName: w.workspaceName, workspaceHandle: w.workspaceHandle, role: w.role, grants: w.sharedGrants };
    }
    this.decoded.set(id, shape);
    return shape;
  }

  private readonly workspaces = new Map<string, DecodedShape[number]['workspace']>();

  private workspace(workspaceId: string, name: string, handle: string | null): DecodedShape[number]['workspace'] {
    const k = `${workspaceId}\u0000${name}\u0000${handle}`;
    let w = this.workspaces.get(k);
    if (!w) {
      w = { sourceId: this.sourceId, workspaceId, name, handle };
      this.workspaces.set(k, w);
    }
    return w;
  }

  private role([id, name, rank]: [string, string, number]): RoleInfo {
    const k = `${id}\u0000${name}\u0000${rank}`;
    let r = this.roles.get(k);
    if (!r) {
      r = { id, name, rank };
      this.roles.set(k, r);
    }
    return r;
  }

  private team([teamId, name, directoryGroupId]: [string, string, string | null]): Grant['team'] {
    const k = `${teamId}\u0000${name}\u0000${directoryGroupId}`;
    let t = this.teams.get(k);
    if (!t) {
      t = { teamId, name, directoryGroupId };
      this.teams.set(k, t);
    }
    return t;
  }

  private sharedRef([kind, key]: [string, string]): FactRef {
    const ref = this.shared.get(`${kind}\u0000${key}`);
    if (!ref) throw new Error(`derived access: ${this.sourceId} ${kind} ${key} is not among the collection's facts`);
    return ref;
  }
}

/** A grant of a shape: shared by everyone with the shape, or a template to fill with the principal's own evidence. */
export type ShapeGrant =
  | { shared: Grant; template: null }
  | { shared: null; template: Omit<Grant, 'evidence'> & { evidence: (number | FactRef)[]; /** Where evidence holds a slot number. */ slots: number[] } };

export type DecodedShape = {
  workspaceId: string;
  workspaceName: string;
  workspaceHandle: string | null;
  role: RoleInfo | null;
  grants: ShapeGrant[];
  /** The grants as one array when none cites the principal's own facts: shared by every row with this shape. */
  sharedGrants: Grant[] | null;
  /** The row's workspace object, one per account and workspace. */
  workspace: { sourceId: string; workspaceId: string; name: string; handle: string | null };
  /** The engine's WorkspaceAccess when sharedGrants is set: one object for every principal with the shape. */
  access: WorkspaceAccess | null;
}[];

/**
 * A body's own evidence (its `count` refs from fields[at], see body-format.ts), with closings
 * not yet written into it applied.
 */
export function decodeRefs(sourceId: string, fields: readonly string[], at: number, count: number, pending: PendingClosings | null): FactRef[] {
  const out: FactRef[] = new Array<FactRef>(count);
  for (let i = 0; i < count; i++) {
    const r = at + 4 * i;
    const code = readKind(fields[r]!);
    const kind = (typeof code === 'number' ? OWN_KIND_CODES[code] : code) as RecordKind;
    const key = readText(fields[r + 1]!)!;
    const from = Number(fields[r + 2]);
    const to = readNumber(fields[r + 3]!);
    const closedAt = to === null && pending ? pending.get(`${sourceId}\u0000${kind}\u0000${key}\u0000${from}`) : undefined;
    out[i] = { sourceId, kind, key, validFrom: from, validTo: closedAt ?? to };
  }
  return out;
}

/** The fields of a stored body the whole-organisation read picks without decoding the rest. */
export { AT as BODY, emailsOf, readIdentityName, readText, refsOf };

/** Where a principal's own evidence comes from when its grants are filled in: by slot. */
export interface OwnRefs {
  ref(slot: number): FactRef;
}

/**
 * The own evidence of the principal being read, decoded slot by slot when a grant cites it
 * (most principals' own membership fact is cited by none), each slot once. One per read,
 * moved from principal to principal with `of`.
 */
export class OwnEvidence implements OwnRefs {
  private fields: readonly string[] = [];
  private at = 0;
  private readonly cache: (FactRef | undefined)[] = [];

  constructor(
    private readonly sourceId: string,
    private readonly pending: PendingClosings | null,
  ) {}

  /** The principal whose `count` refs start at fields[at] (see body-format.ts). */
  of(fields: readonly string[], at: number, count: number): this {
    this.fields = fields;
    this.at = at;
    this.cache.length = count;
    this.cache.fill(undefined);
    return this;
  }

  ref(slot: number): FactRef {
    let ref = this.cache[slot];
    if (ref === undefined) {
      if (slot >= this.cache.length) throw new Error(`derived access: a shape cites evidence slot ${slot} of a body with ${this.cache.length}`);
      ref = decodeRefs(this.sourceId, this.fields, this.at + 4 * slot, 1, this.pending)[0]!;
      this.cache[slot] = ref;
    }
    return ref;
  }
}

/** A principal's grants on one workspace, with its own evidence filled in. */
export function instantiateGrants(grants: readonly ShapeGrant[], own: OwnRefs): Grant[] {
  const out: Grant[] = [];
  for (const g of grants) {
    if (g.shared) {
      out.push(g.shared);
      continue;
    }
    const t = g.template;
    const evidence = t.evidence.slice();
    for (const i of t.slots) evidence[i] = own.ref(t.evidence[i] as number);
    out.push({ kind: t.kind, roleId: t.roleId, roleName: t.roleName, rank: t.rank, team: t.team, evidence: evidence as FactRef[] });
  }
  return out;
}

/**
 * One stored body (its fields from fields[at]) as a diff compares it, and who it is. Its own
 * evidence is decoded only where a grant cites it, and a workspace whose grants cite none is
 * the shape's shared object: a diff decodes tens of thousands of these, and most of their cost
 * was objects (what it does not read, the membership fact, handle and addresses, is left out).
 */
export function decodePrincipal(sourceId: string, fields: readonly string[], at: number, decoder: ShapeDecoder, own: OwnEvidence): DerivedPrincipal {
  const flags = Number(fields[at + AT.flags]);
  const name = readText(fields[at + AT.name]!);
  const refs = refsOf(fields, at + AT.emails);
  own.of(fields, refs.at, refs.count);
  const shape = decoder.shape(Number(fields[at + AT.shapeId]));
  const workspaces = new Array<WorkspaceAccess>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const w = shape[i]!;
    workspaces[i] = w.access ?? { workspaceId: w.workspaceId, workspaceName: w.workspaceName, workspaceHandle: w.workspaceHandle, role: w.role, grants: instantiateGrants(w.grants, own) };
  }
  return {
    access: {
      type: (flags & 1) !== 0 ? 'bot' : 'user',
      sourceId,
      id: readText(fields[at + AT.id]!)!,
      actorId: readText(fields[at + AT.actorId]!)!,
      email: readText(fields[at + AT.email]!),
      name,
      accountRoleName: readText(fields[at + AT.accountRoleName]!),
      accountRoleRank: Number(fields[at + AT.accountRoleRank]),
      active: (flags & 2) !== 0,
      workspaces,
    },
    identity: {
      identityId: readText(fields[at + AT.identityId]!),
      identityName: readIdentityName(fields[at + AT.identityName]!, name),
    },
  };
}
