import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/open-database';
import { runCollection } from '../../electron/collect/run-collection';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { syntheticIdp, syntheticPrefect } from './synthetic-source';
import { deriveAccessThrough } from '../../electron/analyze/derived/derive-access';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

/**
 * A year of daily polls of 10k people (3 group memberships each, a Prefect membership each)
 * with 0.5% of people replaced every day, access derived after each one as the app does.
 * Compares the database with one full snapshot's data, with and without derived access.
 */
export async function storageBench(days = 365): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bench-'));
  const file = path.join(dir, 'year.db');
  const db = openDatabase(file);
  const clock = new ManualClock('2025-01-01T06:00:00Z');
  const people = 10_000;
  const churn = 0.005;
  const deps = { db, clock, logger: silentLogger, createHttpClient: offline };
  let statuses = new Set<string>();
  let wall = 0;
  let deriveWall = 0;
  let oneSnapshotFile = 0;
  for (let day = 0; day < days; day++) {
    const t0 = performance.now();
    const outcome = await runCollection(deps, [syntheticIdp('okta', people, people * 3, day, churn), syntheticPrefect('prefect', people, day, churn)], {
      trigger: 'bench',
      actor: 'bench',
    });
    wall += performance.now() - t0;
    statuses.add(outcome.status);
    // What the app's background worker does after each complete collection: the file a user
    // has holds derived access too.
    const t1 = performance.now();
    if (outcome.status === 'complete') deriveAccessThrough(db, clock, outcome.collectionId);
    deriveWall += performance.now() - t1;
    if (day === 0) {
      // The same file holding one snapshot: its facts, its derived access and the indexes over them.
      db.pragma('wal_checkpoint(TRUNCATE)');
      oneSnapshotFile = fs.statSync(file).size;
    }
    clock.advance(86_400_000);
  }
  // One full snapshot's data: the normalized facts of the last day, as key + JSON text.
  const lastId = (db.prepare(`SELECT max(id) AS id FROM collections`).get() as { id: number }).id;
  const snapshot = db
    .prepare(`SELECT sum(length(kind) + length(key) + length(value_json)) AS bytes, count(*) AS n FROM facts WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`)
    .get(lastId, lastId) as { bytes: number; n: number };
  const totalFacts = (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
  const derivedBytes = (db.prepare(`SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name LIKE 'access\\_%' ESCAPE '\\'`).get() as { b: number }).b;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const size = fs.statSync(file).size;
  // BENCH_KEEP_DB=path keeps the year's database there for inspection.
  if (process.env.BENCH_KEEP_DB) fs.copyFileSync(file, process.env.BENCH_KEEP_DB);
  fs.rmSync(dir, { recursive: true, force: true });
  statuses = new Set([...statuses]);
  return {
    days,
    statuses: [...statuses].join(','),
    factsInOneSnapshot: snapshot.n,
    oneSnapshotMiB: round(snapshot.bytes / 1048576),
    totalFactVersions: totalFacts,
    databaseBytes: size,
    databaseMiB: round(size / 1048576),
    databaseOverSnapshot: round(size / snapshot.bytes),
    derivedAccessMiB: round(derivedBytes / 1048576),
    withoutDerivedAccessOverSnapshot: round((size - derivedBytes) / snapshot.bytes),
    oneSnapshotDatabaseBytes: oneSnapshotFile,
    oneSnapshotDatabaseMiB: round(oneSnapshotFile / 1048576),
    // Three decimals: this ratio sits next to its target of 2, and 1.995 and 2.004 both round to 2.
    databaseOverOneSnapshotDatabase: Math.round((size / oneSnapshotFile) * 1000) / 1000,
    secondsPerDailyPoll: round(wall / 1000 / days),
    secondsPerDailyDerivation: round(deriveWall / 1000 / days),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
