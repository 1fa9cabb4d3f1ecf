import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/open-database';
import { runCollection } from '../../electron/collect/run-collection';
import { systemClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { syntheticIdp, syntheticPrefect } from './synthetic-source';

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

/** 100k people, 100k Prefect memberships, 1M group memberships into an empty store, then an unchanged re-poll. */
export async function ingestBench(scale = 1): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bench-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  const people = 100_000 * scale;
  const deps = { db, clock: systemClock, logger: silentLogger, createHttpClient: offline };
  const connectors = () => [syntheticIdp('okta', people, 1_000_000 * scale), syntheticPrefect('prefect', 100_000 * scale)];

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const first = await runCollection(deps, connectors(), { trigger: 'bench', actor: 'bench' });
  const wall1 = performance.now() - t0;
  const cpu1 = process.cpuUsage(cpu0);
  const facts = (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;

  const cpu2start = process.cpuUsage();
  const t1 = performance.now();
  const second = await runCollection(deps, connectors(), { trigger: 'bench', actor: 'bench' });
  const wall2 = performance.now() - t1;
  const cpu2 = process.cpuUsage(cpu2start);
  const factsAfter = (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;

  // A realistic next day: 0.5% of people replaced by new hires.
  const cpu3start = process.cpuUsage();
  const churned = await runCollection(deps, [syntheticIdp('okta', people, 1_000_000 * scale, 1, 0.005), syntheticPrefect('prefect', 100_000 * scale, 1, 0.005)], {
    trigger: 'bench',
    actor: 'bench',
  });
  const cpu3 = process.cpuUsage(cpu3start);
  const churn = db.prepare('SELECT sum(facts_opened) AS opened, sum(facts_closed) AS closed FROM collection_sources WHERE collection_id = ?').get(churned.collectionId) as {
    opened: number;
    closed: number;
  };
  db.close();
  const size = fs.statSync(path.join(dir, 'bench.db')).size;
  fs.rmSync(dir, { recursive: true, force: true });
  const cpuSeconds1 = (cpu1.user + cpu1.system) / 1e6;
  const cpuSeconds2 = (cpu2.user + cpu2.system) / 1e6;
  return {
    status: `${first.status}/${second.status}/${churned.status}`,
    facts,
    firstPollCpuSeconds: round(cpuSeconds1),
    firstPollWallSeconds: round(wall1 / 1000),
    factsPerCpuSecond: Math.round(facts / cpuSeconds1),
    unchangedPollCpuSeconds: round(cpuSeconds2),
    unchangedPollFactsPerCpuSecond: Math.round(facts / cpuSeconds2),
    unchangedPollWallSeconds: round(wall2 / 1000),
    factsAddedByUnchangedPoll: factsAfter - facts,
    churnPollCpuSeconds: round((cpu3.user + cpu3.system) / 1e6),
    churnPollFactsPerCpuSecond: Math.round(facts / ((cpu3.user + cpu3.system) / 1e6)),
    churnPollFactsOpened: churn.opened,
    churnPollFactsClosed: churn.closed,
    databaseMiB: round(size / 1048576),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
