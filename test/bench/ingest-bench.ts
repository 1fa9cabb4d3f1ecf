import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/open-database';
import { runCollection } from '../../electron/collect/run-collection';
import { systemClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { syntheticIdp, syntheticPrefect } from './synthetic-source';

/** Churn polls measured after the unchanged one; the median is reported. */
const CHURN_DAYS = 3;

const offline = () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined });

/** 100k people, 100k Prefect memberships, 1M group memberships into an empty store, then an unchanged re-poll, then three days of 0.5% churn. */
export async function ingestBench(scale = 1): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bench-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  const people = 100_000 * scale;
  const deps = { db, clock: systemClock, logger: silentLogger, createHttpClient: offline };
  const connectors = () => [syntheticIdp('okta', people, 1_000_000 * scale), syntheticPrefect('prefect', 100_000 * scale)];

  const rssAtStart = process.resourceUsage().maxRSS / 1024;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const first = await runCollection(deps, connectors(), { trigger: 'bench', actor: 'bench' });
  const wall1 = performance.now() - t0;
  const cpu1 = process.cpuUsage(cpu0);
  const facts = (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
  // Peak RSS only grows: read after each phase, it says which phase set it.
  const rssAfterFirst = process.resourceUsage().maxRSS / 1024;

  const cpu2start = process.cpuUsage();
  const t1 = performance.now();
  const second = await runCollection(deps, connectors(), { trigger: 'bench', actor: 'bench' });
  const wall2 = performance.now() - t1;
  const cpu2 = process.cpuUsage(cpu2start);
  const factsAfter = (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
  const rssAfterUnchanged = process.resourceUsage().maxRSS / 1024;

  // Realistic next days: each replaces another 0.5% of people with new hires. Three of them,
  // because the same poll's CPU time varies by a quarter from run to run on this machine:
  // the median is the figure, the three are all shown.
  const churnSeconds: number[] = [];
  const churnCounts: { opened: number; closed: number }[] = [];
  const churnStatus: string[] = [];
  for (let day = 1; day <= CHURN_DAYS; day++) {
    const cpu3start = process.cpuUsage();
    const churned = await runCollection(
      deps,
      [syntheticIdp('okta', people, 1_000_000 * scale, day, 0.005), syntheticPrefect('prefect', 100_000 * scale, day, 0.005)],
      { trigger: 'bench', actor: 'bench' },
    );
    const cpu3 = process.cpuUsage(cpu3start);
    churnSeconds.push((cpu3.user + cpu3.system) / 1e6);
    churnStatus.push(churned.status);
    churnCounts.push(
      db.prepare('SELECT sum(facts_opened) AS opened, sum(facts_closed) AS closed FROM collection_sources WHERE collection_id = ?').get(churned.collectionId) as {
        opened: number;
        closed: number;
      },
    );
  }
  const churnMedian = [...churnSeconds].sort((a, b) => a - b)[Math.floor(CHURN_DAYS / 2)]!;
  db.close();
  const size = fs.statSync(path.join(dir, 'bench.db')).size;
  fs.rmSync(dir, { recursive: true, force: true });
  const cpuSeconds1 = (cpu1.user + cpu1.system) / 1e6;
  const cpuSeconds2 = (cpu2.user + cpu2.system) / 1e6;
  return {
    status: `${first.status}/${second.status}/${churnStatus.join('/')}`,
    facts,
    firstPollCpuSeconds: round(cpuSeconds1),
    firstPollWallSeconds: round(wall1 / 1000),
    factsPerCpuSecond: Math.round(facts / cpuSeconds1),
    unchangedPollCpuSeconds: round(cpuSeconds2),
    unchangedPollFactsPerCpuSecond: Math.round(facts / cpuSeconds2),
    unchangedPollWallSeconds: round(wall2 / 1000),
    factsAddedByUnchangedPoll: factsAfter - facts,
    churnPollCpuSeconds: round(churnMedian),
    churnPollFactsPerCpuSecond: Math.round(facts / churnMedian),
    churnPollsCpuSeconds: churnSeconds.map(round).join(' / '),
    churnPollFactsOpened: churnCounts.map((c) => c.opened).join(' / '),
    churnPollFactsClosed: churnCounts.map((c) => c.closed).join(' / '),
    databaseMiB: round(size / 1048576),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
    peakRssMiBBeforeAndAfterFirstAndUnchangedPolls: `${round(rssAtStart)} / ${round(rssAfterFirst)} / ${round(rssAfterUnchanged)}`,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
