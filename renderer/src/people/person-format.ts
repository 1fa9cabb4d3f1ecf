import type { FactRef, Grant, MatchMethod, RevocationLatency, TimelineEvent, TimelineLane } from '../../../shared/domain/analysis';

/**
 * Words for the person page and the People table: how an account was matched, what a grant
 * is, how well a time is known, and how a revocation compares with the deadline. Plain
 * functions, so the wording is tested without rendering.
 */

export function matchLabel(method: MatchMethod): string {
  if (method === 'manual') return 'manual link';
  if (method === 'email') return 'email';
  return `rule ${method.slice('rule:'.length)}`;
}

/** One line on why a grant gives its role, e.g. "Team prefect-data-eng (directory group g-data)". */
export function grantSource(grant: Grant): string {
  switch (grant.kind) {
    case 'direct':
      return 'Direct grant on the workspace';
    case 'team':
      if (!grant.team) return 'A team grant';
      return grant.team.directoryGroupId
        ? `Team ${grant.team.name}, synced from directory group ${grant.team.directoryGroupId}`
        : `Team ${grant.team.name} (not synced from a directory group)`;
    case 'default':
      return 'The workspace’s default role for account members';
    case 'account-admin':
      return 'Implicit: the account role (Owner or Admin) gives full access to every workspace';
  }
}

export const GRANT_KIND_LABEL: Record<Grant['kind'], string> = {
  direct: 'direct',
  team: 'team',
  default: 'workspace default',
  'account-admin': 'account role',
};

/** "held from collection 3, gone or changed by collection 7" (the first collection that no longer saw it). */
export function factSpan(fact: Pick<FactRef, 'validFrom' | 'validTo'>): string {
  return fact.validTo === null
    ? `held from collection ${fact.validFrom}, still holds`
    : `held from collection ${fact.validFrom}, gone or changed by collection ${fact.validTo}`;
}

export const LANE_LABEL: Record<TimelineLane, string> = {
  hr: 'HR',
  idp: 'IdP account',
  group: 'IdP groups',
  prefect: 'Prefect account',
  team: 'Prefect teams',
  grant: 'Grants',
  finding: 'Findings',
  link: 'Identity links',
};

/** Lanes top to bottom: the person's life in HR, then the directory, then Prefect, then our judgements. */
export const LANES: readonly TimelineLane[] = ['hr', 'idp', 'group', 'prefect', 'team', 'grant', 'finding', 'link'];

export function precisionLabel(event: Pick<TimelineEvent, 'precision' | 'after' | 'lane'>): string {
  switch (event.precision) {
    case 'exact':
      if (event.lane === 'finding') return 'exact (when it was judged)';
      if (event.lane === 'link') return 'exact (when the link was made)';
      return 'exact (from an audit log)';
    case 'date':
      return 'a date (no time of day)';
    case 'between-polls':
      return event.after ? 'between two polls' : 'first seen by this poll';
    case 'first-seen':
      return 'already so when first read';
  }
}

function hours(h: number): string {
  if (h < 48) return `${round(h)} h`;
  return `${round(h)} h (${round(h / 24)} days)`;
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toLocaleString('en-GB');
}

/** The latency range in words: certain when min = max, a range while the removal fell between polls, open while access remains. */
export function latencyRange(latency: RevocationLatency['latencyHours']): string {
  if (latency.max === null) return `at least ${hours(latency.min)}, and counting`;
  if (latency.max === latency.min) return hours(latency.min);
  return `between ${hours(latency.min)} and ${hours(latency.max)}`;
}

export const REVOCATION_STATE_LABEL: Record<RevocationLatency['state'], string> = {
  'still-active': 'Prefect access still active',
  removed: 'Prefect access removed',
  'removed-before-termination': 'Prefect access removed before the termination',
  'never-had-access': 'No Prefect access seen by any collection or the audit log',
};

export const TERMINATION_BASIS_LABEL: Record<RevocationLatency['terminationBasis'], string> = {
  'hr-date': 'the HR termination date',
  'idp-event': 'the IdP deactivation event',
  'idp-observed': 'the first poll that saw the IdP account disabled',
};
