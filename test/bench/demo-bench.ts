import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runDemo } from '../../electron/simulate/demo/run-demo';
import { silentLogger } from '../../electron/platform/logger';

/** `access-ledger demo` at its defaults: 250 people, 90 simulated days, all through real HTTP. */
export async function demoBench(): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bench-demo-'));
  const file = path.join(dir, 'demo.db');
  const result = await runDemo({ databasePath: file, people: 250, days: 90, seed: 42, logger: silentLogger, endDate: new Date('2026-11-28T12:00:00Z') });
  const db = new Database(file, { readonly: true });
  const perSource = db
    .prepare(`SELECT source_id, avg(requests) AS requests, avg(pages) AS pages FROM collection_sources WHERE source_id <> 'hr' GROUP BY source_id ORDER BY source_id`)
    .all() as { source_id: string; requests: number; pages: number }[];
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const out: Record<string, number | string> = {
    seconds: result.seconds,
    collections: result.collections,
    statuses: Object.entries(result.statuses).map(([k, v]) => `${v} ${k}`).join(', '),
    requestsTotal: result.requests,
    facts: result.facts,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  for (const s of perSource) {
    out[`${s.source_id}RequestsPerCollection`] = Math.round(s.requests * 10) / 10;
    out[`${s.source_id}PagesPerCollection`] = Math.round(s.pages * 10) / 10;
    out[`${s.source_id}RequestsOverPages`] = Math.round((s.requests / s.pages) * 100) / 100;
  }
  return out;
}
