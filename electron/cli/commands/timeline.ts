import { openCore } from '../../api/open-core';
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
    const core = openCore({ databasePath: existingDatabasePath(values.db, io.env), logger: createLogger((l) => io.stderr(l + '\n')), env: io.env });
    try {
      const timeline = await core.service.call('personTimeline', { email });
      if (values.json) {
        io.stdout(JSON.stringify(timeline, null, 2) + '\n');
        return 0;
      }
      for (const e of timeline.events) io.stdout(`${JSON.stringify(e)}\n`);
      io.stdout(`${timeline.events.length} events for ${timeline.displayName ?? timeline.email}\n`);
      return 0;
    } finally {
      await core.close();
    }
  },
};
