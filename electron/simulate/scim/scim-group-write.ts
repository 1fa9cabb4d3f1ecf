import type { OrgGroup } from '../org/org-model';
import { SCIM_URN, getCi, isObject } from '../../collect/connectors/scim/scim-urns';
import { matches, type PatchPath } from './scim-filter';
import { attrKey, expandPathless, readString, type PatchOperation, type ScimDialect } from './scim-patch-ops';
import { scimId, type ScimIndex, type ScimSimState } from './scim-render';
import { ScimSimError } from './scim-sim-errors';

/**
 * PATCH on Groups, applied to the organisation model: displayName, and members (users through
 * person.groupIds, nested groups through group.nestedGroupIds). Member removal comes in the
 * two shapes the field uses: `members[value eq "<id>"]` (RFC, Okta) and Entra's
 * `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`; under the 'rfc' dialect the
 * latter removes every member, exactly as RFC 7644 §3.5.2.2 reads.
 */
interface GroupDraft {
  name: string;
  /** personIds of direct user members. */
  users: string[];
  /** internal ids of nested groups. */
  groups: string[];
}

type Member = { kind: 'user'; id: string } | { kind: 'group'; id: string };

export function patchGroup(state: ScimSimState, index: ScimIndex, group: OrgGroup, ops: PatchOperation[], dialect: ScimDialect): void {
  const draft: GroupDraft = {
    name: group.name,
    users: (index.usersByGroup.get(group.groupId) ?? []).map((p) => p.personId),
    groups: [...group.nestedGroupIds],
  };
  for (const op of ops) {
    const targets = op.path ? [{ path: op.path, value: op.value }] : expandPathless(op.value as Record<string, unknown>);
    for (const t of targets) applyGroupAttr(state, index, group, draft, op.op, t.path, t.value, dialect);
  }
  commitGroup(state, index, group, draft);
}

function applyGroupAttr(
  state: ScimSimState,
  index: ScimIndex,
  group: OrgGroup,
  draft: GroupDraft,
  op: PatchOperation['op'],
  path: PatchPath,
  value: unknown,
  dialect: ScimDialect,
): void {
  const { name } = attrKey(path, SCIM_URN.group);
  if (name === 'id' || name === 'meta' || name === 'schemas') throw new ScimSimError(400, 'mutability', `${path.attr.name} is readOnly`);
  if (name === 'displayname') {
    if (op === 'remove') throw new ScimSimError(400, 'mutability', 'displayName is required');
    if (path.filter || path.attr.sub) throw new ScimSimError(400, 'invalidPath', 'displayName has no sub-attributes');
    draft.name = readString(value, 'displayName');
    return;
  }
  if (name !== 'members') throw new ScimSimError(400, 'invalidPath', `attribute "${path.attr.name}" is not supported by this simulator`);
  if (path.attr.sub) throw new ScimSimError(400, 'invalidPath', `members.${path.attr.sub} cannot be written; add or remove members instead`);

  if (path.filter) {
    if (op !== 'remove') throw new ScimSimError(400, 'invalidPath', 'a filtered members path can only be removed');
    const filter = path.filter;
    const entry = (m: Member) => ({ value: scimId(state, m.id), type: m.kind === 'user' ? 'User' : 'Group' });
    // Removing a member that is not there is a no-op: clients retry removals.
    draft.users = draft.users.filter((id) => !matches(filter, entry({ kind: 'user', id })));
    draft.groups = draft.groups.filter((id) => !matches(filter, entry({ kind: 'group', id })));
    return;
  }
  if (op === 'remove') {
    if (value !== undefined && value !== null && dialect !== 'rfc') {
      const drop = resolveMembers(index, group, value, false);
      draft.users = draft.users.filter((id) => !drop.some((m) => m.kind === 'user' && m.id === id));
      draft.groups = draft.groups.filter((id) => !drop.some((m) => m.kind === 'group' && m.id === id));
    } else {
      draft.users = [];
      draft.groups = [];
    }
    return;
  }
  const members = resolveMembers(index, group, value, true);
  if (op === 'replace') {
    draft.users = [];
    draft.groups = [];
  }
  for (const m of members) {
    const list = m.kind === 'user' ? draft.users : draft.groups;
    if (!list.includes(m.id)) list.push(m.id);
  }
  for (const gid of draft.groups) {
    if (reaches(index, gid, group.groupId)) throw new ScimSimError(400, 'invalidValue', `nesting that group in ${group.name} would create a cycle`);
  }
}

/** Member references ({value}) to org entities; an unknown id is 400 invalidValue when `strict` (adds), skipped for removals. */
function resolveMembers(index: ScimIndex, group: OrgGroup, value: unknown, strict: boolean): Member[] {
  const list = Array.isArray(value) ? value : [value];
  const out: Member[] = [];
  list.forEach((entry, i) => {
    const id = isObject(entry) ? getCi(entry, 'value') : undefined;
    if (typeof id !== 'string' || !id) throw new ScimSimError(400, 'invalidValue', `members[${i}] has no value`);
    const person = index.usersById.get(id);
    if (person) return void out.push({ kind: 'user', id: person.personId });
    const g = index.groupsById.get(id);
    if (g) {
      if (g.groupId === group.groupId) throw new ScimSimError(400, 'invalidValue', 'a group cannot be a member of itself');
      return void out.push({ kind: 'group', id: g.groupId });
    }
    if (strict) throw new ScimSimError(400, 'invalidValue', `no User or Group with id "${id}"`);
  });
  return out;
}

/** Whether `target` is `from` or nested (transitively) inside it. */
function reaches(index: ScimIndex, from: string, target: string, seen = new Set<string>()): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  const g = index.groupsByInternalId.get(from);
  return !!g && g.nestedGroupIds.some((child) => reaches(index, child, target, seen));
}

function commitGroup(state: ScimSimState, index: ScimIndex, group: OrgGroup, draft: GroupDraft): void {
  const { org } = state;
  const before = new Set((index.usersByGroup.get(group.groupId) ?? []).map((p) => p.personId));
  const after = new Set(draft.users);
  let changed = draft.name !== group.name || JSON.stringify(draft.groups) !== JSON.stringify(group.nestedGroupIds);
  for (const person of org.people) {
    const was = before.has(person.personId);
    const is = after.has(person.personId);
    if (was === is) continue;
    person.groupIds = is ? [...person.groupIds, group.groupId] : person.groupIds.filter((g) => g !== group.groupId);
    person.updatedAt = org.now;
    changed = true;
  }
  if (!changed) return;
  group.name = draft.name;
  group.nestedGroupIds = draft.groups;
  group.updatedAt = org.now;
  org.version += 1;
}
