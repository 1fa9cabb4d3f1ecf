import path from 'node:path';
import { runDemo } from '../../simulate/demo/run-demo';
import { assertDemoMayWrite } from '../../simulate/demo/demo-target';
import { cliLogger } from '../cli-logger';
import { userDataDir } from '../../platform/paths';
import { UsageError, type Command } from '../command';
import { parseWholeNumber } from '../cli-options';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Build a demo history: simulated Okta, HR and Prefect, one snapshot per simulated day',
  usage: 'access-ledger demo [--db PATH] [--people 250] [--days 90] [--seed S] [--json]',
  options: { db: { type: 'string' }, people: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, io }) {
    const people = parseWholeNumber('--people', values.people, 250, 20, 200_000);
    const days = parseWholeNumber('--days', values.days, 90, 1, 3650);
    const seed = parseWholeNumber('--seed', values.seed, 42, 0, 2 ** 31 - 1);
    if (values.db !== undefined && (typeof values.db !== 'string' || !values.db.trim())) throw new UsageError('--db needs a file path');
    // The demo never writes into the real database by default.
    const databasePath = path.resolve(typeof values.db === 'string' ? values.db : path.join(userDataDir(io.env), 'demo.db'));
    const logger = cliLogger(io, values);
    // Refuse a database with anything in it before announcing a build that will not happen.
    assertDemoMayWrite(databasePath);
    io.stderr(`Building ${days} days of history for ${people} people (seed ${seed}) in ${databasePath}\n`);
    const result = await runDemo({
      databasePath,
      people,
      days,
      seed,
      logger,
      onDay: (day, of) => {
        if (!values.json && (day % 10 === 0 || day === of)) io.stderr(`  day ${day}/${of}\n`);
      },
    });
    if (values.json) {
      io.stdout(JSON.stringify({ databasePath, ...result }, null, 2) + '\n');
    } else {
      const statuses = Object.entries(result.statuses).map(([k, v]) => `${v} ${k}`).join(', ');
      io.stdout(
        [
          `Demo ready in ${result.seconds} s: ${result.collections} collections (${statuses}) from ${result.firstDay} to ${result.lastDay}, ${result.requests} requests, ${result.facts} facts.`,
          `Planted problems to find, each open as of ${result.lastDay}: ${result.planted.map((p) => p.kind).join(', ')}.`,
          `Explore it: access-ledger serve --db ${JSON.stringify(databasePath)}`,
          '',
        ].join('\n'),
      );
    }
    return result.statuses.failed ? 1 : 0;
  },
};
