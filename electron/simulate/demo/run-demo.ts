import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../api/open-core';
import { ManualClock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { appendLedger } from '../../evidence/ledger';
import { createHttpClient } from '../../collect/http/undici-client';
import type { PlantedProblem } from '../org/org-model';
import type { SimSystem } from '../sim-suite';
import { startSimHost } from './sim-host';
import { savePolicy } from '../../analyze/policy/policy-store';
import { demoPolicy } from '../../analyze/policy/demo-policy';
import { assertDemoMayWrite } from './demo-target';

export interface DemoOptions {
  databasePath: string;
  people: number;
  days: number;
  seed: number;
  /** The last simulated day; default today. */
  endDate?: Date;
  systems?: SimSystem[];
  logger: Logger;
  onDay?: (day: number, of: number, status: string) => void;
}

export interface DemoResult {
  collections: number;
  statuses: Record<string, number>;
  requests: number;
  facts: number;
  planted: PlantedProblem[];
  seconds: number;
  firstDay: string;
  lastDay: string;
}

/** Collection time within each simulated day: the poll runs at 06:00 UTC. */
const POLL_OFFSET_MS = 6 * 3600_000;

/**
 * Builds a demo history: simulators over a seeded organisation, one real collection per
 * simulated day through the same connectors and store a customer uses, with the clock moved
 * day by day. Refuses a database that holds anything the demo did not write itself (see
 * demo-target.ts), before opening it: simulated history never lands in a real ledger.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  assertDemoMayWrite(options.databasePath);
  const end = options.endDate ?? new Date();
  // The last simulated day is the newest whose 06:00 poll is not in the future: before 06:00
  // UTC that is yesterday (a collection dated after "now" would not answer "as of now").
  const lastPoll = new Date(end.getTime() - POLL_OFFSET_MS);
  const startMs = Date.UTC(lastPoll.getUTCFullYear(), lastPoll.getUTCMonth(), lastPoll.getUTCDate()) - (options.days - 1) * 86_400_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-ledger-demo-'));
  const sims = await startSimHost({
    seed: options.seed,
    people: options.people,
    start: new Date(startMs).toISOString(),
    days: options.days,
    systems: options.systems ?? ['okta', 'hr', 'prefect'],
    dir,
  });
  const clock = new ManualClock(new Date(Date.parse(sims.now) + POLL_OFFSET_MS));
  let core: ReturnType<typeof openCore> | null = null;
  try {
    core = openCore({
      databasePath: options.databasePath,
      clock,
      logger: options.logger,
      configFile: sims.configPath,
      env: { ...process.env, ...sims.env },
      // Loopback simulators: no proxy from the environment may get in the way.
      createHttpClient: () => createHttpClient({ proxy: 'none', maxRetries: 2, backoffBaseMs: 50 }),
    });
    // The demo organisation's mappings and thresholds, so its planted problems are judged as intended.
    savePolicy(core.db, clock, demoPolicy(sims.policyHints), 'demo', { note: 'policy of the demo organisation' });
    appendLedger(core.db, clock, {
      actor: 'demo',
      action: 'demo.started',
      subject: options.databasePath,
      details: { people: options.people, days: options.days, seed: options.seed, sources: options.systems ?? ['okta', 'hr', 'prefect'] },
    });
    const statuses: Record<string, number> = {};
    let requests = 0;
    const firstDay = sims.now.slice(0, 10);
    for (let day = 1; day <= options.days; day++) {
      clock.set(new Date(Date.parse(sims.now) + POLL_OFFSET_MS));
      const outcome = await core.collection.runToEnd('demo', 'demo');
      statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
      const row = core.db.prepare('SELECT request_count FROM collections WHERE id = ?').get(outcome.collectionId) as { request_count: number };
      requests += row.request_count;
      if (outcome.status === 'failed') options.logger.warn(`demo day ${day}: collection failed`, { error: outcome.error });
      options.onDay?.(day, options.days, outcome.status);
      if (day < options.days) await sims.evolveOneDay();
    }
    // Findings are judged and access derived in a worker as collections complete: the demo is
    // ready when it has caught up.
    await core.analysisRefresher.idle();
    const facts = (core.db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
    return {
      collections: options.days,
      statuses,
      requests,
      facts,
      planted: sims.planted,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      firstDay,
      lastDay: sims.now.slice(0, 10),
    };
  } finally {
    await core?.close();
    await sims.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
