import { recordSchemas, type RecordKind, type SourceRecord } from '../../../../shared/domain/records';
import type { SourceItem } from '../../connector';

/**
 * Graph user and group objects (as delta pages return them) into normalized records. Pure
 * functions over parsed JSON, so the contract tests can replay Microsoft's documented
 * examples through exactly the code the connector runs.
 */

export type ReadMode = 'full' | 'delta';

/** What the mapping saw but did not turn into records; the read reports it in its notes. */
export interface MappingStats {
  /** `@removed` entries in a full read: the object is already absent, so nothing to do. */
  removalsInFullRead: number;
  /** Members of kinds the record model has no place for (service principals, devices, contacts). */
  skippedMemberTypes: Map<string, number>;
}

export function createMappingStats(): MappingStats {
  return { removalsInFullRead: 0, skippedMemberTypes: new Map() };
}

const MEMBER_TYPES: Record<string, 'user' | 'group'> = {
  '#microsoft.graph.user': 'user',
  '#microsoft.graph.group': 'group',
};

/** Maps one entry of `/users/delta` to the items the store needs. */
export function mapUserEntry(raw: unknown, mode: ReadMode, where: string, stats: MappingStats): SourceItem[] {
  if (!isObject(raw)) return [quarantine('idp_user', 'user entry is not a JSON object', raw, where)];
  const id = raw.id;
  if (typeof id !== 'string' || !id) return [quarantine('idp_user', 'user entry has no id', raw, where)];
  if (raw['@removed'] !== undefined) {
    // "changed" (soft-deleted, restorable) and "deleted" (gone for good) both mean: no longer an account.
    if (mode === 'full') {
      stats.removalsInFullRead += 1;
      return [];
    }
    return [{ type: 'removed', kind: 'idp_user', key: id }];
  }
  if (typeof raw.accountEnabled !== 'boolean') {
    // Never guess whether someone can sign in.
    return [quarantine('idp_user', `user ${id} came without accountEnabled (was it in $select?); its lifecycle cannot be known`, raw, where)];
  }
  const upn = stringOrNull(raw.userPrincipalName);
  const mail = stringOrNull(raw.mail);
  const upnIsAddress = upn !== null && upn.includes('@') && !upn.includes('#EXT#');
  const value = {
    id,
    userName: upn,
    email: (mail ?? (upnIsAddress ? upn : null))?.toLowerCase() ?? null,
    emails: collectEmails(mail, upnIsAddress ? upn : null, raw.otherMails, raw.proxyAddresses),
    displayName: stringOrNull(raw.displayName),
    rawStatus: `accountEnabled=${raw.accountEnabled}`,
    // Entra has no deprovisioned state short of deletion, which arrives as @removed.
    lifecycle: raw.accountEnabled ? ('active' as const) : ('suspended' as const),
    employeeId: stringOrNull(raw.employeeId),
    department: stringOrNull(raw.department),
  };
  return [checked({ kind: 'idp_user', key: id, value }, raw, where)];
}

/** A group entry mapped: its items, and whether it lacked a name (a fragment of a large group, or a bad select). */
export interface MappedGroup {
  items: SourceItem[];
  groupId: string | null;
  named: boolean;
}

/**
 * Maps one entry of `/groups/delta`. Large groups arrive as several entries for the same
 * group, each with a share of `members@delta`; each entry's members are mapped as they come.
 */
export function mapGroupEntry(raw: unknown, mode: ReadMode, where: string, stats: MappingStats): MappedGroup {
  if (!isObject(raw)) return { items: [quarantine('idp_group', 'group entry is not a JSON object', raw, where)], groupId: null, named: false };
  const id = raw.id;
  if (typeof id !== 'string' || !id) return { items: [quarantine('idp_group', 'group entry has no id', raw, where)], groupId: null, named: false };
  if (raw['@removed'] !== undefined) {
    if (mode === 'full') {
      stats.removalsInFullRead += 1;
      return { items: [], groupId: id, named: true };
    }
    // The group's memberships go with it: the store drops them (Graph does not list them again).
    return { items: [{ type: 'removed', kind: 'idp_group', key: id }], groupId: id, named: true };
  }
  const items: SourceItem[] = [];
  const name = stringOrNull(raw.displayName);
  if (name) items.push(checked({ kind: 'idp_group', key: id, value: { id, name, description: stringOrNull(raw.description) } }, raw, where));
  const members = raw['members@delta'];
  if (members !== undefined && members !== null) {
    if (!Array.isArray(members)) {
      items.push(quarantine('idp_group_member', `group ${id}: members@delta is not a list`, members, where));
    } else {
      members.forEach((member, index) => items.push(...mapMemberEntry(id, member, mode, `${where} member ${index + 1}`, stats)));
    }
  }
  return { items, groupId: id, named: name !== null };
}

function mapMemberEntry(groupId: string, raw: unknown, mode: ReadMode, where: string, stats: MappingStats): SourceItem[] {
  if (!isObject(raw) || typeof raw.id !== 'string' || !raw.id) {
    return [quarantine('idp_group_member', `group ${groupId}: member entry has no id`, raw, where)];
  }
  const key = `${groupId}:${raw.id}`;
  if (raw['@removed'] !== undefined) {
    // Whatever the member's type: a removal of something we never stored is harmless.
    if (mode === 'full') {
      stats.removalsInFullRead += 1;
      return [];
    }
    return [{ type: 'removed', kind: 'idp_group_member', key }];
  }
  const odataType = typeof raw['@odata.type'] === 'string' ? raw['@odata.type'] : '(no @odata.type)';
  const memberType = MEMBER_TYPES[odataType];
  if (!memberType) {
    stats.skippedMemberTypes.set(odataType, (stats.skippedMemberTypes.get(odataType) ?? 0) + 1);
    return [];
  }
  return [checked({ kind: 'idp_group_member', key, value: { groupId, memberId: raw.id, memberType } }, raw, where)];
}

/** Every address Entra knows for the user, lower-cased, once each: mail, UPN, otherMails, SMTP proxy addresses. */
export function collectEmails(mail: string | null, upn: string | null, otherMails: unknown, proxyAddresses: unknown): string[] {
  const out = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    const address = value.trim().toLowerCase();
    if (address.includes('@')) out.add(address);
  };
  add(mail);
  add(upn);
  if (Array.isArray(otherMails)) otherMails.forEach(add);
  if (Array.isArray(proxyAddresses)) {
    for (const proxy of proxyAddresses) {
      // "SMTP:" marks the primary, "smtp:" an alias; other prefixes (SIP:, X500:) are not mail addresses.
      if (typeof proxy === 'string' && /^smtp:/i.test(proxy)) add(proxy.slice(5));
    }
  }
  return [...out];
}

/** Validates a record against its schema, so a bad value is quarantined here with the reason rather than later. */
function checked(record: SourceRecord, raw: unknown, where: string): SourceItem {
  const result = recordSchemas[record.kind].safeParse(record.value);
  if (result.success) return { type: 'record', record };
  const reason = result.error.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`).join('; ');
  return quarantine(record.kind, `${record.kind} ${record.key}: ${reason}`, raw, where);
}

function quarantine(kind: RecordKind, reason: string, raw: unknown, where: string): SourceItem {
  return { type: 'quarantine', kind, reason, raw, where: `Entra ${where}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
