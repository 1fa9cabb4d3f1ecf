import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open-database';
import { allMigrations } from '../../../electron/db/migrations';
import { runCollection } from '../../../electron/collect/run-collection';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import { DailyOrg, SOURCES, type DailyOrgOptions } from './daily-org';
import { HistoryWriter } from './history-writer';

const noHttp = (): HttpClient => ({ requestCount: 0, request: async () => Promise.reject(new Error('no network')), close: async () => undefined });

// Far more churn than the benchmark's, so 20 days exercise hires, late offboarding, moves back and forth.
const options: DailyOrgOptions = { people: 300, groupsPerPerson: 4, seed: 11, hiresPerDay: 0.03, leaversPerDay: 0.03, moversPerDay: 0.05, loginsPerDay: 0.2 };
const START = '2026-01-05T06:00:00.000Z';
const DAYS = 20;

async function build(fast: boolean): Promise<Db> {
  const db = openDatabase(':memory:', { migrations: allMigrations });
  const clock = new ManualClock(START);
  const deps = { db, clock, logger: silentLogger, createHttpClient: noHttp };
  const org = new DailyOrg(options, START);
  const first = await runCollection(deps, org.connectors(), { trigger: 'bench', actor: 'bench' });
  expect(first.status).toBe('complete');
  const writer = fast ? new HistoryWriter(db, clock, SOURCES) : null;
  for (let day = 1; day <= DAYS; day++) {
    clock.advance(86_400_000);
    const deltas = org.advance();
    if (writer) writer.writeDay(deltas, org.state);
    else {
      const outcome = await runCollection(deps, org.connectors(), { trigger: 'bench', actor: 'bench' });
      expect(outcome.status).toBe('complete');
    }
  }
  return db;
}

const TABLES: Record<string, string> = {
  collections: 'SELECT * FROM collections ORDER BY id',
  collection_sources: 'SELECT * FROM collection_sources ORDER BY collection_id, source_id',
  facts: 'SELECT * FROM facts ORDER BY source_id, kind, bucket, key, valid_from',
  fact_streams: 'SELECT * FROM fact_streams ORDER BY id',
  fact_open: 'SELECT * FROM fact_open ORDER BY stream, slot, key',
  fact_digests: 'SELECT * FROM fact_digests ORDER BY stream, bucket',
  // Block ids follow the order streams first closed something in; the blocks themselves must match.
  fact_history: 'SELECT valid_to, stream, part, versions, packed FROM fact_history ORDER BY valid_to, stream, part',
  ledger_entries: 'SELECT * FROM ledger_entries ORDER BY seq',
};

describe('benchmark history writer', () => {
  it('writes exactly what the collection runner writes for the same daily full polls', async () => {
    const viaRunner = await build(false);
    const viaWriter = await build(true);
    for (const [table, sql] of Object.entries(TABLES)) {
      const a = viaRunner.prepare(sql).all();
      const b = viaWriter.prepare(sql).all();
      expect(b.length, table).toBe(a.length);
      expect(b, table).toEqual(a);
    }
    // The history really moved: versions were closed and opened on most days.
    const changed = viaRunner.prepare('SELECT count(DISTINCT valid_to) AS n FROM facts WHERE valid_to IS NOT NULL').get() as { n: number };
    expect(changed.n).toBeGreaterThan(DAYS - 3);
    viaRunner.close();
    viaWriter.close();
  }, 120_000);
});
