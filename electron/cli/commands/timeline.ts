import type { TimelineEvent } from '../../../shared/domain/analysis';
import { openReadingCore } from '../open-reading-core';
import { createLogger } from '../../platform/logger';
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
    const core = openReadingCore({ databasePath: existingDatabasePath(values.db, io.env), logger: createLogger((l) => io.stderr(l + '\n')), env: io.env });
    try {
      const timeline = await core.service.call('personTimeline', { email });
      if (values.json) {
        io.stdout(JSON.stringify(timeline, null, 2) + '\n');
        return 0;
      }
      for (const e of timeline.events) io.stdout(`${timelineLine(e)}\n`);
      io.stdout(`${timeline.events.length} events for ${timeline.displayName ?? timeline.email}\n`);
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
