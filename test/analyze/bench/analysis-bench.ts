import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../electron/db/open-database';
import { allMigrations } from '../../../electron/db/migrations';
import { runCollection } from '../../../electron/collect/run-collection';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import { accessAt } from '../../../electron/analyze/point-in-time';
import { diffAccess } from '../../../electron/analyze/diff';
import { computeFindings } from '../../../electron/analyze/findings/compute-findings';
import { AnalysisCache } from '../../../electron/analyze/analysis-context';
import { parsePolicy } from '../../../electron/analyze/policy/policy-schema';
import { syntheticHr, syntheticIdp, syntheticPrefect, type SyntheticOrgOptions } from './synthetic-org';

/**
 * Analysis benchmark (issue 4): 100k identities (HR + IdP + Prefect), 1M group memberships,
 * two daily collections with 0.5% churn. Measures point-in-time access for the whole
 * organisation (cold: loaded from the store; warm: the per-collection cache the API keeps),
 * all findings, and a diff between the two dates. Run by `npm run bench -- analysis`.
 */
export async function analysisBench(people = Number(process.env.BENCH_PEOPLE ?? 100_000)): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-analysis-bench-'));
  const file = path.join(dir, 'bench.db');
  const db = openDatabase(file, { migrations: allMigrations });
  const clock = new ManualClock('2026-06-01T06:00:00.000Z');
  const noHttp = (): HttpClient => ({ requestCount: 0, request: async () => Promise.reject(new Error('no network')), close: async () => undefined });
  const deps = { db, clock, logger: silentLogger, createHttpClient: noHttp };
  const ids: number[] = [];
  const t0 = performance.now();
  for (let day = 0; day < 2; day++) {
    const o: SyntheticOrgOptions = { people, groupsPerPerson: 10, day, churnPerDay: 0.005 };
    const outcome = await runCollection(deps, [syntheticHr(o), syntheticIdp(o), syntheticPrefect(o, clock.now().toISOString())], { trigger: 'bench', actor: 'bench' });
    if (outcome.status !== 'complete') throw new Error(`bench collection ${outcome.status}: ${outcome.error}`);
    ids.push(outcome.collectionId);
    clock.advance(86_400_000);
  }
  const ingestS = (performance.now() - t0) / 1000;
  const at = new Date('2026-06-02T12:00:00.000Z');
  const policy = parsePolicy({
    mappings: Array.from({ length: 12 }, (_, t) => ({
      idpGroup: `prefect-team-${t}`,
      prefectTeam: `prefect-team-${t}`,
      accountRole: 'Member',
      workspaceRoles: [{ workspace: 'prod', role: t === 0 ? 'Developer' : 'Runner' }, ...(t % 2 === 0 ? [{ workspace: 'analytics', role: 'Viewer' }] : [])],
    })),
    sodPairs: [{ a: { idpGroup: 'prefect-team-0' }, b: { idpGroup: 'group-50' } }],
  });

  const time = <T>(f: () => T): [T, number] => {
    const s = performance.now();
    const r = f();
    return [r, Math.round(performance.now() - s)];
  };
  const cache = new AnalysisCache();
  const from = new Date('2026-06-01T12:00:00.000Z');
  const [diff, diffColdMs] = time(() => diffAccess(db, from, at));
  const [cold, coldMs] = time(() => accessAt(db, at, {}, { cache }));
  const [, warmMs] = time(() => accessAt(db, at, {}, { cache }));
  const [, workspaceMs] = time(() => accessAt(db, at, { workspace: 'prod' }, { cache }));
  accessAt(db, from, {}, { cache });
  const [, diffWarmMs] = time(() => diffAccess(db, from, at, { cache }));
  const [findings, findingsMs] = time(() => computeFindings(db, ids[1]!, policy, { cache }));
  const [, findingsWarmMs] = time(() => computeFindings(db, ids[1]!, policy, { cache }));
  const heapMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    people,
    'setup: two collections (s)': Math.round(ingestS * 10) / 10,
    'access rows (whole org)': cold.rows.length,
    'point-in-time, whole org, cold (ms)': coldMs,
    'point-in-time, whole org, cached (ms)': warmMs,
    'point-in-time, one workspace, cached (ms)': workspaceMs,
    'diff two dates, nothing cached: changed facts only (ms)': diffColdMs,
    'diff two dates, both analysed already (ms)': diffWarmMs,
    'diff changes': diff.changes.length,
    'all findings, cold: snapshot loaded from the store (ms)': findingsMs,
    'all findings, snapshot already analysed (ms)': findingsWarmMs,
    findings: findings.findings.length,
    'findings timings': JSON.stringify(findings.timings),
    'peak RSS (MiB)': heapMb,
  };
}
