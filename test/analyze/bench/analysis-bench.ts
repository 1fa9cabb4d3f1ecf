import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openDatabase, type Db } from '../../../electron/db/open-database';
import { allMigrations } from '../../../electron/db/migrations';
import { ManualClock } from '../../../electron/platform/clock';
import { accessAt, accessPageAt } from '../../../electron/analyze/point-in-time';
import { diffAccess } from '../../../electron/analyze/diff';
import { computeFindings } from '../../../electron/analyze/findings/compute-findings';
import { recordFindings, findingsOpenAt } from '../../../electron/analyze/findings/findings-store';
import { AnalysisCache, analysisContext } from '../../../electron/analyze/analysis-context';
import { parsePolicy, type Policy } from '../../../electron/analyze/policy/policy-schema';
import { completeCollections } from '../../../electron/analyze/collection-points';
import { rebuildDerivedAccess } from '../../../electron/analyze/derived/rebuild';
import { yearHistory } from './year-history';
import { requireAsOf } from '../../../electron/analyze/snapshot-view';

/**
 * Analysis benchmark (issue 4): 100k people (HR, Okta with 1M group memberships, Prefect) and a
 * year of daily complete collections with 0.5% of people hired, leaving or moving every day
 * (daily-org.ts; built fast by history-writer.ts, which writes what the runner would).
 *
 * Measured at a date in the middle of the year, each "cold" number in a fresh process (nothing
 * cached in JavaScript, SQLite's page cache empty): point-in-time access for the whole
 * organisation and for one workspace, diffs between two dates, listing the findings open at
 * that date, and computing every finding for that collection. "Warm" numbers repeat a query in
 * the same process. Also: what deriving access costs (the worker's work after each collection,
 * and a rebuild of the whole year), and the engine without derived data, for comparison.
 *
 * BENCH_PEOPLE and BENCH_DAYS make it smaller. Run by `npm run bench -- analysis`.
 */
export async function analysisBench(people = Number(process.env.BENCH_PEOPLE ?? 100_000), days = Number(process.env.BENCH_DAYS ?? 365)): Promise<Record<string, number | string>> {
  const probe = process.argv.find((a) => a.startsWith('--probe='));
  if (probe) return runProbe(probe.slice('--probe='.length));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-analysis-bench-'));
  try {
    // BENCH_PREPARED_DB=path: a year an earlier run kept (BENCH_KEEP_DB), derived access and
    // findings already in it: only the probes run; derivation costs are those it recorded.
    const prepared = process.env.BENCH_PREPARED_DB;
    if (prepared) fs.copyFileSync(prepared, path.join(dir, 'year.db'));
    const history = prepared ? { file: path.join(dir, 'year.db'), buildSeconds: 0, cached: true } : await yearHistory(people, days, dir);
    const db = openDatabase(history.file, { migrations: allMigrations });
    const collections = completeCollections(db);
    const mid = collections[Math.floor(collections.length / 2)]!;
    const clock = new ManualClock(collections.at(-1)!.finishedAt);

    // Derived access for the whole year: what a rebuild (upgrade, link change) does.
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const outcomes = rebuildDerivedAccess(db, clock);
    if (prepared && outcomes.length > 0) throw new Error(`${prepared}: derived access was not complete (${outcomes.length} collections derived now)`);
    const stored = prepared ? (db.prepare('SELECT cpu_ms FROM access_derivations').pluck().all() as number[]) : [];
    const rebuildCpu = prepared ? stored.reduce((a, b) => a + b, 0) / 1000 : cpuSeconds(cpu0);
    const rebuildWall = prepared ? Number.NaN : (performance.now() - wall0) / 1000;
    const perCollection = (prepared ? stored : outcomes.map((o) => o.cpuMs)).sort((a, b) => a - b);

    // Findings recorded every 60 days up to the middle of the year, then at it: the history
    // "findings open at a date" is read from. (Every day, as the app does, would take 365 full
    // snapshot loads here.)
    const policy = benchPolicy();
    const findingsAt = collections.filter((c, i) => (i % 60 === 0 && c.id < mid.id) || c.id === mid.id);
    let findingsCpu = 0;
    let lastFindings = 0;
    for (const c of prepared ? [] : findingsAt) {
      const t = process.cpuUsage();
      const result = computeFindings(db, c.id, policy);
      recordFindings(db, clock, result, 'bench');
      findingsCpu += cpuSeconds(t);
      lastFindings = result.findings.length;
    }
    const sizes = tableSizes(db);
    const derivedRows = (db.prepare('SELECT count(*) AS n FROM access_principals').get() as { n: number }).n;
    const factRows = (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const mainRss = Math.round(process.resourceUsage().maxRSS / 1024);

    const at = new Date(mid.finishedAt).toISOString();
    const month = new Date(collections[Math.min(collections.length - 1, collections.indexOf(mid) + 30)]!.finishedAt).toISOString();
    const first = new Date(collections[1]!.finishedAt).toISOString();
    const last = new Date(collections.at(-1)!.finishedAt).toISOString();
    const p = (name: string, extra: Record<string, string> = {}) => probeChild(name, { BENCH_DB: history.file, BENCH_AT: at, ...extra });

    // The headline probes run five times, each in a fresh process: single cold runs here vary
    // by a third from one to the next, so the median is reported with the range.
    const runs = (name: string, extra: Record<string, string> = {}) => medianOf(Array.from({ length: 5 }, () => p(name, extra)));
    const pit = runs('point-in-time');
    const firstPage = runs('point-in-time-page');
    const deepPage = runs('point-in-time-page', { BENCH_OFFSET: String(Math.floor((pit.rows ?? 0) / 2)), BENCH_LIMIT: '5000' });
    const ws = p('point-in-time-workspace');
    const diffMonth = runs('diff', { BENCH_FROM: at, BENCH_TO: month });
    const diffYear = p('diff', { BENCH_FROM: first, BENCH_TO: last });
    const listing = p('findings-open-at');
    const compute = p('findings-compute');
    const engine = p('engine-point-in-time');

    return {
      people,
      'complete collections (daily)': collections.length,
      'fact versions stored': factRows,
      'history build (s; cached between runs)': prepared ? `prepared by an earlier full run (${path.basename(prepared)})` : history.cached ? 'cached' : Math.round(history.buildSeconds),
      'measured at': `${at.slice(0, 10)} (collection ${mid.id} of ${collections.length})`,
      'access rows (whole org)': pit.rows!,
      'point-in-time, whole org, as the app asks (first page of 50, total, workspace list), cold (ms): median (range of 5)': `${firstPage.coldMs!} (${firstPage.range})`,
      'point-in-time, whole org, as the app asks: CPU ms / total rows': `${firstPage.coldCpuMs!} / ${firstPage.rows!}`,
      'point-in-time, whole org, a page of 5,000 from the middle, cold (ms): median (range of 5)': `${deepPage.coldMs!} (${deepPage.range})`,
      'point-in-time, whole org, every row built (CLI --json), cold (ms): median (range of 5)': `${pit.coldMs!} (${pit.range})`,
      'point-in-time, whole org, every row built, cold (CPU ms)': pit.coldCpuMs!,
      'point-in-time, whole org, every row built again in the same process, nothing cached (ms)': pit.warmMs!,
      'point-in-time, one workspace, cold (ms)': ws.coldMs!,
      'diff, middle of the year + 30 days, cold (ms): median (range of 5)': `${diffMonth.coldMs!} (${diffMonth.range})`,
      'diff, middle of the year + 30 days: changes': diffMonth.rows!,
      'diff, first day -> last day, cold (ms)': diffYear.coldMs!,
      'diff, first day -> last day: changes': diffYear.rows!,
      'findings open at the date, listed cold (ms)': listing.coldMs!,
      'findings open at the date': listing.rows!,
      'all findings computed for that collection, cold (ms)': compute.coldMs!,
      'all findings computed again, snapshot analysed (ms)': compute.warmMs!,
      'findings computed': prepared ? compute.rows! : lastFindings,
      'findings timings, analysed (ms)': compute.detail ?? '',
      'engine without derived data: point-in-time, whole org, cold (ms)': engine.coldMs!,
      'derive all collections (rebuild), CPU s': Math.round(rebuildCpu),
      'derive all collections (rebuild), wall s': prepared ? 'not measured (prepared run)' : Math.round(rebuildWall),
      'derive one collection in the worker, CPU ms (median / max)': `${perCollection[Math.floor(perCollection.length / 2)] ?? 0} / ${perCollection.at(-1) ?? 0}`,
      'record findings at one collection, CPU s (avg of the runs above)': prepared ? 'not measured (prepared run)' : Math.round((findingsCpu / Math.max(1, findingsAt.length)) * 10) / 10,
      'derived principal versions': derivedRows,
      'database MiB: facts / derived access / everything': `${sizes.facts} / ${sizes.derived} / ${sizes.total}`,
      'peak RSS (MiB): build+derive / point-in-time probe / findings probe': `${mainRss} / ${pit.rssMiB} / ${compute.rssMiB}`,
    };
  } finally {
    // BENCH_KEEP_DB=path keeps the prepared year (derived access and recorded findings) for
    // running single probes against while working on one of them.
    const keep = process.env.BENCH_KEEP_DB;
    if (keep && fs.existsSync(path.join(dir, 'year.db'))) fs.copyFileSync(path.join(dir, 'year.db'), keep);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

function benchPolicy(): Policy {
  return parsePolicy({
    mappings: Array.from({ length: 12 }, (_, t) => ({
      idpGroup: `prefect-team-${t}`,
      prefectTeam: `prefect-team-${t}`,
      accountRole: 'Member',
      workspaceRoles: [{ workspace: 'prod', role: t === 0 ? 'Developer' : 'Runner' }, ...(t % 2 === 0 ? [{ workspace: 'analytics', role: 'Viewer' }] : [])],
    })),
    sodPairs: [{ a: { idpGroup: 'prefect-team-0' }, b: { idpGroup: 'group-50' } }],
  });
}

function tableSizes(db: Db): { facts: number; derived: number; total: number } {
  const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    const sum = (f: (n: string) => boolean) => rows.filter((r) => f(r.name)).reduce((n, r) => n + r.bytes, 0);
    return { facts: mib(sum((n) => n.startsWith('fact_') || n.startsWith('sqlite_autoindex_fact_'))), derived: mib(sum((n) => n.startsWith('access_') || n.startsWith('sqlite_autoindex_access_'))), total: mib(sum(() => true)) };
  } catch {
    const pages = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    return { facts: -1, derived: -1, total: mib(pages) };
  }
}

interface ProbeResult {
  coldMs?: number;
  coldCpuMs?: number;
  warmMs?: number;
  rows?: number;
  detail?: string;
  rssMiB?: number;
}

/** The run with the median cold time, and the range of the cold times. */
function medianOf(results: ProbeResult[]): ProbeResult & { range: string } {
  const sorted = [...results].sort((a, b) => a.coldMs! - b.coldMs!);
  return { ...sorted[Math.floor(sorted.length / 2)]!, range: `${sorted[0]!.coldMs}–${sorted.at(-1)!.coldMs}` };
}

/** Runs one measurement in a fresh process (this bench's own entry, with --probe). */
function probeChild(name: string, env: Record<string, string>): ProbeResult {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--only=analysis', `--probe=${name}`], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || !line) throw new Error(`probe ${name} failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as ProbeResult;
}

/** One measurement, in this (fresh) process. */
function runProbe(name: string): Record<string, number | string> {
  // The connection the app and serve use (its page cache sizes), opened fresh: nothing cached yet.
  const db = openDatabase(process.env.BENCH_DB!);
  const at = new Date(process.env.BENCH_AT!);
  const timed = <T>(f: () => T): { value: T; ms: number; cpuMs: number } => {
    const c = process.cpuUsage();
    const s = performance.now();
    const value = f();
    const d = process.cpuUsage(c);
    return { value, ms: Math.round(performance.now() - s), cpuMs: Math.round((d.user + d.system) / 1000) };
  };
  const out: ProbeResult = {};
  switch (name) {
    case 'point-in-time': {
      const cold = timed(() => accessAt(db, at));
      const warm = timed(() => accessAt(db, at));
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, warmMs: warm.ms, rows: cold.value.rows.length });
      break;
    }
    case 'point-in-time-page': {
      // What the app's "who had access" table asks for: one page, the total, the workspace list.
      const page = { offset: Number(process.env.BENCH_OFFSET ?? 0), limit: Number(process.env.BENCH_LIMIT ?? 50) };
      const cold = timed(() => accessPageAt(db, at, {}, page));
      const warm = timed(() => accessPageAt(db, at, {}, page));
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, warmMs: warm.ms, rows: cold.value.total, detail: `${cold.value.rows.length} rows on the page` });
      break;
    }
    case 'point-in-time-workspace': {
      const cold = timed(() => accessAt(db, at, { workspace: 'prod' }));
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, rows: cold.value.rows.length });
      break;
    }
    case 'diff': {
      const cold = timed(() => diffAccess(db, new Date(process.env.BENCH_FROM!), new Date(process.env.BENCH_TO!)));
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, rows: cold.value.changes.length });
      break;
    }
    case 'findings-open-at': {
      const collectionId = requireAsOf(db, at).collectionId;
      const cold = timed(() => findingsOpenAt(db, collectionId));
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, rows: cold.value?.length ?? -1 });
      break;
    }
    case 'findings-compute': {
      const cache = new AnalysisCache();
      const collectionId = requireAsOf(db, at).collectionId;
      const cold = timed(() => computeFindings(db, collectionId, benchPolicy(), { cache }));
      const warm = timed(() => computeFindings(db, collectionId, benchPolicy(), { cache }));
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, warmMs: warm.ms, rows: warm.value.findings.length, detail: JSON.stringify(warm.value.timings) });
      break;
    }
    case 'engine-point-in-time': {
      // What accessAt cost before derived access: the engine over the snapshot's facts.
      const collectionId = requireAsOf(db, at).collectionId;
      const cold = timed(() => analysisContext(db, collectionId, { depth: 'access' }).access.principals.length);
      Object.assign(out, { coldMs: cold.ms, coldCpuMs: cold.cpuMs, rows: cold.value });
      break;
    }
    default:
      throw new Error(`unknown probe ${name}`);
  }
  out.rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  db.close();
  return out as Record<string, number | string>;
}
