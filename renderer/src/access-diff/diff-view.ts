import type { AccessState, ChangeGroup, ChangeKind, Grant, SnapshotPoint } from '../../../shared/domain/analysis';
import { parseTimeArg } from '../../../shared/domain/time-arg';

/**
 * What the Access diff page does with the answers: default the two ends, validate typed
 * times, filter changes by kind, describe roles and grants. Pure, so unit tested.
 */

export const CHANGE_KINDS: readonly ChangeKind[] = ['added', 'removed', 'role-up', 'role-down', 'grants-changed'];

export const CHANGE_LABELS: Record<ChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  'role-up': 'Role up',
  'role-down': 'Role down',
  'grants-changed': 'Grants changed',
};

/** The text the API takes for a time: the same pattern the contract checks, so a typo is caught before the call. */
const TIME_ARG = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Null when the text is a time the API accepts, else why not. */
export function timeProblem(text: string): string | null {
  const t = text.trim();
  if (t === '') return 'enter a date (2026-11-03) or a date-time with a zone (2026-11-03T09:00Z)';
  if (!TIME_ARG.test(t) || parseTimeArg(t) === null) return `"${t}" is not a date (2026-11-03) or a date-time with a zone (2026-11-03T09:00Z)`;
  return null;
}

/** The complete collection that answers for a time: the newest at or before it. */
export function pointAt(points: readonly SnapshotPoint[], at: string | null): SnapshotPoint | null {
  if (points.length === 0) return null;
  if (at === null) return points[points.length - 1] ?? null;
  const t = parseTimeArg(at)?.getTime();
  if (t === undefined) return null;
  let found: SnapshotPoint | null = null;
  for (const p of points) if (new Date(p.at).getTime() <= t) found = p;
  return found;
}

/**
 * The default comparison: the collection before the as-of one against the as-of time itself,
 * so the page opens on "what changed in the last poll". Null when there is nothing to compare.
 */
export function defaultRange(points: readonly SnapshotPoint[], asOf: string | null): { from: string; to: string } | null {
  const answering = pointAt(points, asOf);
  if (!answering) return null;
  const index = points.indexOf(answering);
  const before = index > 0 ? points[index - 1] : answering;
  return { from: before!.at, to: asOf ?? answering.at };
}

/** Groups keep their order; changes of other kinds are dropped, and so are groups left empty. */
export function filterGroups(groups: readonly ChangeGroup[], kind: ChangeKind | null): ChangeGroup[] {
  if (kind === null) return [...groups];
  return groups.map((g) => ({ ...g, changes: g.changes.filter((c) => c.change === kind) })).filter((g) => g.changes.length > 0);
}

export function roleText(state: AccessState | null): string {
  return state ? state.role : 'none';
}

/** One grant in words: "team prefect-analytics → Viewer", "direct → Owner", "account admin → Owner". */
export function grantText(grant: Grant): string {
  const via =
    grant.kind === 'team'
      ? `team ${grant.team?.name ?? '(unnamed)'}`
      : grant.kind === 'default'
        ? "workspace default role"
        : grant.kind === 'account-admin'
          ? 'account role (admin)'
          : 'direct grant';
  return `${via} → ${grant.roleName}`;
}

/** How a role was given, for the "Who has access" table: "team prefect-analytics (Viewer), default (Runner)". */
export function provenanceText(grants: readonly Grant[]): string {
  if (grants.length === 0) return 'none';
  return grants
    .map((g) => {
      const via = g.kind === 'team' ? `team ${g.team?.name ?? '(unnamed)'}` : g.kind === 'account-admin' ? 'account admin' : g.kind;
      return `${via} (${g.roleName})`;
    })
    .join(', ');
}

/** The person page for an address (built by the People pages). */
export function personPath(email: string): string {
  return `/people/${encodeURIComponent(email)}`;
}

/** The "Who has access" view of one workspace. */
export function workspaceAccessPath(workspaceId: string): string {
  return `/access-diff?tab=access&workspace=${encodeURIComponent(workspaceId)}`;
}

export function isChangeKind(value: string | null): value is ChangeKind {
  return value !== null && (CHANGE_KINDS as readonly string[]).includes(value);
}
