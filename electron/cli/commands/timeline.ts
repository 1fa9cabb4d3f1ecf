import type { RevocationLatency, TimelineEvent } from '../../../shared/domain/analysis';
import { openReadingCore } from '../open-reading-core';
import { cliLogger } from '../cli-logger';
import { existingDatabasePath } from '../cli-options';
import type { Command } from '../command';
import { requireString } from '../analysis-options';

export const timelineCommand: Command = {
  name: 'timeline',
  summary: "One person's HR, IdP and Prefect history on one axis, with revocation latency",
  usage: 'access-ledger timeline --person EMAIL [--db PATH] [--json]',
  options: { db: { type: 'string' }, person: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const email = requireString('timeline: --person', values.person);
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: cliLogger(io, values), env: io.env });
    try {
      const timeline = await core.service.call('personTimeline', { email });
      if (values.json) {
        io.stdout(JSON.stringify(timeline, null, 2) + '\n');
        return 0;
      }
      // The collection that answers: the person and "now" (for an open latency) are taken from it.
      const answering = (await core.service.call('snapshotTimes', {})).find((p) => p.collectionId === timeline.asOfCollectionId);
      for (const e of timeline.events) io.stdout(`${timelineLine(e)}\n`);
      io.stdout(
        `${timeline.events.length} events for ${timeline.displayName ?? timeline.email} as of collection ${timeline.asOfCollectionId}${answering ? ` (${answering.at})` : ''}\n`,
      );
      for (const line of revocationLines(timeline.revocation)) io.stdout(`${line}\n`);
      return 0;
    } finally {
      await core.close();
    }
  },
};

/** One event as a terminal line: when (and how exactly that is known), which lane, what happened. */
export function timelineLine(e: TimelineEvent): string {
  const when = e.precision === 'between-polls' && e.after ? `${e.after.slice(0, 16)}..${e.at.slice(0, 16)}` : e.at.slice(0, 16);
  const how = e.precision === 'between-polls' ? 'between polls' : e.precision === 'first-seen' ? 'first seen' : e.precision;
  return `${when.replace(/T/g, ' ').padEnd(33)} ${how.padEnd(13)} ${e.lane.padEnd(9)} ${e.summary}${e.sourceId ? ` [${e.sourceId}]` : ''}`;
}

const STATE: Record<RevocationLatency['state'], string> = {
  'still-active': 'Prefect access still active',
  removed: 'Prefect access removed',
  'removed-before-termination': 'Prefect access removed before the termination',
  'never-had-access': 'no Prefect access seen by any collection or the audit log',
};

const BASIS: Record<RevocationLatency['terminationBasis'], string> = {
  'hr-date': 'the HR termination date',
  'idp-event': 'the IdP deactivation event',
  'idp-observed': 'the first poll that saw the IdP account disabled',
};

/**
 * The revocation latency as --json gives it (`revocation`), in words: a range (the removal
 * happened somewhere between two polls unless the audit log dates it), open while access
 * remains, with the collections that bound it.
 */
export function revocationLines(r: RevocationLatency | null): string[] {
  if (!r) return ['Revocation latency: none (no termination known for this person)'];
  const outlived = r.state === 'removed' || r.state === 'still-active';
  const lines = [
    outlived ? `Revocation latency: ${latencyRange(r.latencyHours)} (${STATE[r.state]})` : `Revocation latency: none, ${STATE[r.state]}`,
    `  left ${r.terminatedAt} (from ${BASIS[r.terminationBasis]})`,
  ];
  if (r.lastSeenWithAccess) lines.push(`  last seen with access by collection ${r.lastSeenWithAccess.collectionId} (${r.lastSeenWithAccess.at})`);
  if (r.firstSeenWithout) lines.push(`  first seen without access by collection ${r.firstSeenWithout.collectionId} (${r.firstSeenWithout.at})`);
  if (r.removedAt) lines.push(`  removed at ${r.removedAt} (from the audit log: exact)`);
  else if (r.state === 'removed') lines.push('  no audit event: the removal is known only to the window between those polls');
  return lines;
}

function latencyRange(h: RevocationLatency['latencyHours']): string {
  const hours = (n: number) => `${Math.round(n * 10) / 10} h${n >= 48 ? ` (${Math.round((n / 24) * 10) / 10} days)` : ''}`;
  if (h.max === null) return `at least ${hours(h.min)} after leaving, and counting`;
  if (h.max === h.min) return `${hours(h.min)} after leaving`;
  return `between ${hours(h.min)} and ${hours(h.max)} after leaving`;
}
