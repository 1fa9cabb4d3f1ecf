import type { Fact } from '../snapshot-view';
import type { Identity } from './identity-types';
import type { MatchRule } from '../../../shared/domain/policy';

export { matchRuleSchema, DEFAULT_MATCH_RULES, type MatchRule } from '../../../shared/domain/policy';

export function normalizeValue(value: string | null | undefined, mode: MatchRule['normalize']): string | null {
  if (!value) return null;
  const lower = value.trim().toLowerCase();
  const out = mode === 'alnum' ? lower.replace(/[^\p{L}\p{N}]/gu, '') : lower;
  return out.length > 0 ? out : null;
}

const localPart = (s: string | null | undefined): string | null => {
  if (!s) return null;
  const at = s.indexOf('@');
  return at < 0 ? s : s.slice(0, at);
};

/** The values of one identity attribute (a person may have several IdP accounts). */
function identityValues(identity: Identity, field: MatchRule['identity']): (string | null)[] {
  switch (field) {
    case 'userNameLocalPart':
      return identity.idp.map((a) => localPart(a.userName));
    case 'emailLocalPart':
      return identity.emails.map(localPart);
    case 'displayName':
      return [identity.displayName, identity.hr?.name ?? null];
    case 'employeeId':
      return [identity.employeeId];
  }
}

/** The Prefect side of a rule for one membership. */
export function prefectValue(member: Fact<'prefect_member'>['value'], rule: MatchRule): string | null {
  switch (rule.prefect) {
    case 'handle':
      return normalizeValue(member.handle, rule.normalize);
    case 'emailLocalPart':
      return normalizeValue(localPart(member.email), rule.normalize);
    case 'fullName':
      return normalizeValue([member.firstName, member.lastName].filter(Boolean).join(' '), rule.normalize);
  }
}

/** value -> the identities that carry it, built once per rule. */
export function indexRule(identities: readonly Identity[], rule: MatchRule): Map<string, Identity[]> {
  const index = new Map<string, Identity[]>();
  for (const identity of identities) {
    const seen = new Set<string>();
    for (const raw of identityValues(identity, rule.identity)) {
      const v = normalizeValue(raw, rule.normalize);
      if (!v || seen.has(v)) continue;
      seen.add(v);
      const list = index.get(v);
      if (list) list.push(identity);
      else index.set(v, [identity]);
    }
  }
  return index;
}
