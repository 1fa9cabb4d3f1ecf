import type { OrgPerson } from '../org/org-model';
import { SCIM_URN, getCi, isObject } from '../../collect/connectors/scim/scim-urns';
import { matches, type PatchPath } from './scim-filter';
import { attrKey, expandPathless, readBoolean, readEmail, readString, type PatchOperation, type ScimDialect } from './scim-patch-ops';
import type { ScimSimState } from './scim-render';
import { ScimSimError } from './scim-sim-errors';

/**
 * Writes to Users (PATCH, PUT, DELETE) applied to the organisation model, so a correction
 * pushed here shows in every simulator. Operations apply to a draft first and are committed
 * only if all succeed (RFC 7644 §3.5.2: a failed PATCH leaves the resource unchanged).
 *
 * What the org model can hold: active, userName (the primary email), name.givenName/familyName,
 * emails (primary + aliases), externalId and employeeNumber (the employee id) and department.
 * displayName and name.formatted are derived from the name here, so writes to them are
 * accepted and have no effect. Other attributes are 400 invalidPath; id, meta and groups are
 * 400 mutability (read-only, as RFC 7643 defines them).
 *
 * active false makes an ACTIVE person SUSPENDED, true makes them ACTIVE; DELETE makes them
 * DEPROVISIONED, drops their group memberships and removes them from this server.
 */
interface UserDraft {
  active: boolean;
  email: string;
  givenName: string;
  familyName: string;
  aliases: string[];
  department: string;
  employeeId: string;
}

const IGNORED_NAME_PARTS = new Set(['formatted', 'middlename', 'honorificprefix', 'honorificsuffix']);
const READ_ONLY = new Set(['id', 'meta', 'schemas', 'groups']);

function draftOf(p: OrgPerson): UserDraft {
  return {
    active: p.idpStatus === 'ACTIVE',
    email: p.email,
    givenName: p.givenName,
    familyName: p.familyName,
    aliases: [...p.aliases],
    department: p.department,
    employeeId: p.employeeId,
  };
}

export function patchUser(state: ScimSimState, person: OrgPerson, ops: PatchOperation[], dialect: ScimDialect): void {
  const draft = draftOf(person);
  for (const op of ops) {
    const targets = op.path ? [{ path: op.path, value: op.value }] : expandPathless(op.value as Record<string, unknown>);
    for (const t of targets) applyUserAttr(draft, op.op, t.path, t.value, dialect);
  }
  commitUser(state, person, draft);
}

/** PUT replaces the resource; attributes the body leaves out keep their value here (documented simplification). */
export function putUser(state: ScimSimState, person: OrgPerson, currentId: string, body: unknown, dialect: ScimDialect): void {
  if (!isObject(body)) throw new ScimSimError(400, 'invalidSyntax', 'PUT body is not a JSON object');
  const schemas = getCi(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(SCIM_URN.user)) throw new ScimSimError(400, 'invalidSyntax', `PUT body must list ${SCIM_URN.user} in schemas`);
  const id = getCi(body, 'id');
  if (id !== undefined && id !== currentId) throw new ScimSimError(400, 'mutability', 'id is readOnly and does not match the resource');
  const draft = draftOf(person);
  const userName = readEmail(getCi(body, 'userName'), 'userName');
  const name = getCi(body, 'name');
  if (isObject(name)) applyUserAttr(draft, 'replace', { attr: { uri: null, name: 'name', sub: null }, filter: null }, name, dialect);
  const emails = getCi(body, 'emails');
  if (emails !== undefined) applyEmails(draft, 'replace', { attr: { uri: null, name: 'emails', sub: null }, filter: null }, emails);
  // userName is the primary address in this organisation; a different former primary stays on as an alias.
  if (draft.email !== userName) draft.aliases.push(draft.email);
  draft.email = userName;
  draft.aliases = [...new Set(draft.aliases.filter((a) => a !== userName))];
  const active = getCi(body, 'active');
  if (active !== undefined) draft.active = readBoolean(active, 'active', dialect);
  const externalId = getCi(body, 'externalId');
  if (typeof externalId === 'string' && externalId.trim()) draft.employeeId = externalId.trim();
  const ext = getCi(body, SCIM_URN.enterpriseUser);
  if (isObject(ext)) {
    const department = getCi(ext, 'department');
    if (typeof department === 'string') draft.department = department;
    const employeeNumber = getCi(ext, 'employeeNumber');
    if (typeof employeeNumber === 'string' && employeeNumber.trim()) draft.employeeId = employeeNumber.trim();
  }
  commitUser(state, person, draft);
}

export function deleteUser(state: ScimSimState, person: OrgPerson): void {
  person.idpStatus = 'DEPROVISIONED';
  person.groupIds = [];
  person.updatedAt = state.org.now;
  state.deleted.add(person.personId);
  state.org.version += 1;
}

function applyUserAttr(draft: UserDraft, op: PatchOperation['op'], path: PatchPath, value: unknown, dialect: ScimDialect): void {
  const { ext, name } = attrKey(path, SCIM_URN.user, [SCIM_URN.enterpriseUser]);
  const { sub } = path.attr;
  if (ext) {
    if (path.filter || sub) throw new ScimSimError(400, 'invalidPath', `${ext}:${path.attr.name} has no sub-attributes here`);
    if (name === 'department') draft.department = op === 'remove' ? '' : readString(value, 'department');
    else if (name === 'employeenumber') {
      if (op === 'remove') throw new ScimSimError(400, 'mutability', 'employeeNumber is required in this directory');
      draft.employeeId = readString(value, 'employeeNumber');
    } else throw new ScimSimError(400, 'invalidPath', `attribute "${path.attr.name}" of the enterprise extension is not supported by this simulator`);
    return;
  }
  if (READ_ONLY.has(name)) throw new ScimSimError(400, 'mutability', `${path.attr.name} is readOnly`);
  if (name === 'emails') return applyEmails(draft, op, path, value);
  if (path.filter) throw new ScimSimError(400, 'invalidPath', `${path.attr.name} is not multi-valued`);
  switch (name) {
    case 'active':
      if (op === 'remove') throw new ScimSimError(400, 'invalidValue', 'active cannot be removed; replace it with false');
      draft.active = readBoolean(value, 'active', dialect);
      return;
    case 'username':
      if (op === 'remove') throw new ScimSimError(400, 'mutability', 'userName is required');
      draft.email = readEmail(value, 'userName');
      draft.aliases = draft.aliases.filter((a) => a !== draft.email);
      return;
    case 'displayname':
      return; // derived from name.givenName and name.familyName in this organisation
    case 'externalid':
      if (op === 'remove') throw new ScimSimError(400, 'mutability', 'externalId is required in this directory');
      draft.employeeId = readString(value, 'externalId');
      return;
    case 'name': {
      if (op === 'remove' && !sub) throw new ScimSimError(400, 'mutability', 'name is required');
      const parts: [string, unknown][] = sub ? [[sub, value]] : isObject(value) ? Object.entries(value) : [];
      if (!sub && !isObject(value)) throw new ScimSimError(400, 'invalidValue', 'name must be an object');
      for (const [part, v] of parts) {
        const lower = part.toLowerCase();
        if (lower === 'givenname') draft.givenName = op === 'remove' ? '' : readString(v, 'name.givenName');
        else if (lower === 'familyname') draft.familyName = op === 'remove' ? '' : readString(v, 'name.familyName');
        else if (!IGNORED_NAME_PARTS.has(lower)) throw new ScimSimError(400, 'invalidPath', `name.${part} is not supported by this simulator`);
      }
      return;
    }
    default:
      throw new ScimSimError(400, 'invalidPath', `attribute "${path.attr.name}" is not supported by this simulator`);
  }
}

/** emails: the primary (type work) is the person's email, the rest are aliases (type other). */
function applyEmails(draft: UserDraft, op: PatchOperation['op'], path: PatchPath, value: unknown): void {
  const entries = [{ value: draft.email, type: 'work', primary: true }, ...draft.aliases.map((a) => ({ value: a, type: 'other', primary: false }))];
  const { sub } = path.attr;
  if (path.filter) {
    const filter = path.filter;
    const hit = entries.map((e, i) => (matches(filter, e) ? i : -1)).filter((i) => i >= 0);
    if (op === 'remove') {
      if (hit.includes(0)) throw new ScimSimError(400, 'mutability', 'the primary email cannot be removed');
      draft.aliases = draft.aliases.filter((_, i) => !hit.includes(i + 1));
      return;
    }
    if (sub && sub.toLowerCase() !== 'value') throw new ScimSimError(400, 'invalidPath', `emails[...].${sub} is not writable in this simulator`);
    if (hit.length === 0) throw new ScimSimError(400, 'noTarget', 'no email matches the filter');
    const next = readEmail(sub ? value : isObject(value) ? getCi(value, 'value') : value, 'emails.value');
    for (const i of hit) {
      if (i === 0) draft.email = next;
      else draft.aliases[i - 1] = next;
    }
    draft.aliases = [...new Set(draft.aliases.filter((a) => a !== draft.email))];
    return;
  }
  if (sub) throw new ScimSimError(400, 'invalidPath', `emails.${sub} needs a value filter, e.g. emails[type eq "work"].${sub}`);
  if (op === 'remove') throw new ScimSimError(400, 'mutability', 'the primary email cannot be removed');
  if (!Array.isArray(value)) throw new ScimSimError(400, 'invalidValue', 'emails must be an array');
  const given = value.map((e, i) => {
    if (!isObject(e)) throw new ScimSimError(400, 'invalidValue', `emails[${i}] is not an object`);
    return { value: readEmail(getCi(e, 'value'), `emails[${i}].value`), primary: getCi(e, 'primary') === true, type: getCi(e, 'type') };
  });
  if (op === 'replace') {
    const primary = given.find((e) => e.primary) ?? given.find((e) => e.type === 'work') ?? given[0];
    if (!primary) throw new ScimSimError(400, 'invalidValue', 'emails must hold at least the primary address');
    draft.email = primary.value;
    draft.aliases = given.filter((e) => e !== primary).map((e) => e.value);
  } else {
    for (const e of given) {
      if (e.primary) {
        draft.aliases.push(draft.email);
        draft.email = e.value;
      } else draft.aliases.push(e.value);
    }
  }
  draft.aliases = [...new Set(draft.aliases.filter((a) => a !== draft.email))];
}

function commitUser(state: ScimSimState, person: OrgPerson, draft: UserDraft): void {
  const before = draftOf(person);
  if (JSON.stringify(before) === JSON.stringify(draft)) return;
  person.email = draft.email;
  person.givenName = draft.givenName;
  person.familyName = draft.familyName;
  person.aliases = draft.aliases;
  person.department = draft.department;
  person.employeeId = draft.employeeId;
  if (draft.active !== before.active) {
    if (draft.active) person.idpStatus = 'ACTIVE';
    else if (person.idpStatus === 'ACTIVE') person.idpStatus = 'SUSPENDED';
  }
  person.updatedAt = state.org.now;
  state.org.version += 1;
}
