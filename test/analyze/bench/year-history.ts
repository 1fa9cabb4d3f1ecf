import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../electron/db/open-database';
import { allMigrations } from '../../../electron/db/migrations';
import { runCollection } from '../../../electron/collect/run-collection';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import { BENCH_DAILY, DailyOrg, SOURCES } from './daily-org';
import { HistoryWriter } from './history-writer';

export const YEAR_START = '2026-01-05T06:00:00.000Z';
/** Bump when daily-org.ts or history-writer.ts change what they write: cached histories are then rebuilt. */
const HISTORY_VERSION = 1;

export interface YearHistory {
  file: string;
  buildSeconds: number;
  cached: boolean;
}

/**
 * A year of daily complete collections of the benchmark organisation: day 0 through the real
 * runner (a full first poll), every later day through HistoryWriter. Nothing is derived
 * from it yet (the benchmark times that). A history cached by an older build is migrated
 * when opened (HISTORY_VERSION 1 was written under schema 4); cached under the OS temp directory by its parameters, because building
 * it takes minutes (delete the file to rebuild). Returns a private copy to work on.
 */
export async function yearHistory(people: number, days: number, workDir: string): Promise<YearHistory> {
  const cacheDir = path.join(os.tmpdir(), 'access-ledger-bench-cache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const cached = path.join(cacheDir, `year-v${HISTORY_VERSION}-${people}-${days}.db`);
  let buildSeconds = 0;
  const hit = fs.existsSync(cached);
  if (!hit) {
    const t0 = performance.now();
    const building = `${cached}.building-${process.pid}`;
    const db = openDatabase(building, { migrations: allMigrations });
    const clock = new ManualClock(YEAR_START);
    const noHttp = (): HttpClient => ({ requestCount: 0, request: async () => Promise.reject(new Error('no network')), close: async () => undefined });
    const org = new DailyOrg({ people, ...BENCH_DAILY }, YEAR_START);
    const first = await runCollection({ db, clock, logger: silentLogger, createHttpClient: noHttp }, org.connectors(), { trigger: 'bench', actor: 'bench' });
    if (first.status !== 'complete') throw new Error(`first collection ${first.status}: ${first.error}`);
    const writer = new HistoryWriter(db, clock, SOURCES);
    for (let day = 1; day < days; day++) {
      clock.advance(86_400_000);
      writer.writeDay(org.advance(), org.state);
      if (process.env.BENCH_VERBOSE && day % 30 === 0) process.stderr.write(`  history day ${day}: ${Math.round((performance.now() - t0) / 1000)} s\n`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    fs.renameSync(building, cached);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${building}${suffix}`, { force: true });
    buildSeconds = (performance.now() - t0) / 1000;
  }
  const file = path.join(workDir, 'year.db');
  fs.copyFileSync(cached, file);
  return { file, buildSeconds, cached: hit };
}
