import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { syntheticPeopleAnswer } from './synthetic-people';
import { filterPeople, indexPeople, NO_FILTERS, sortPeople } from '../../renderer/src/people/people-model';

const PEOPLE = 100_000;
const LOADS = 5;
const KEYSTROKES = 5;
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * The People page with 100k people, in Chromium, against the built renderer served by
 * `access-ledger serve` on an empty database. listPeople (and snapshotTimes) are answered by the
 * benchmark with synthetic rows, so this measures the page (fetch of the prepared JSON, parse,
 * index, sort, first render) and not the analysis engine (the `analysis` benchmark times that).
 *
 * Times come from the page's own marks: `people:answer` (the answer parsed), and
 * `people:rows-painted` (set in a task after the frame that committed the rows). A keystroke
 * is timed from its keydown to the next rows-painted mark, so it includes the search box's
 * debounce (120 ms); the main-thread time it cost is reported beside it.
 */
export async function peoplePageBench(): Promise<Record<string, number | string>> {
  const root = path.resolve(__dirname, '..', '..');
  const browserPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && fs.existsSync(p));
  if (!browserPath) throw new Error('people-page: no Chromium found (set CHROMIUM_PATH)');
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) throw new Error('people-page: dist/renderer is missing; run npm run build');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-bench-people-'));
  const serve = await startServe(root, path.join(dir, 'empty.db'));
  const body = JSON.stringify({ ok: true, value: syntheticPeopleAnswer(PEOPLE) });
  const times = JSON.stringify({ ok: true, value: [{ collectionId: 1, at: '2026-11-28T06:00:00.000Z' }] });
  // Loaded here, not at the top: every benchmark runs in a process of this bundle, and
  // playwright-core alone is 68 MiB of RSS that would count against the ingest's peak memory.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: browserPath, args: BROWSER_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/api/listPeople', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.route('**/api/snapshotTimes', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: times }));
    await page.goto(serve.url);
    await page.waitForSelector('[data-testid="page"][data-page="overview"]');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i += 1) loads.push(await measureLoad(page, cdp));
    const keys: Keystroke[] = [];
    for (let i = 0; i < KEYSTROKES; i += 1) keys.push(await measureKeystroke(page, cdp, 'abcde'[i]!));
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

    const model = modelCpu(PEOPLE);
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return Math.round(s[Math.floor(s.length / 2)]!);
    };
    return {
      people: PEOPLE,
      listPeopleJsonMiB: Math.round((body.length / 2 ** 20) * 10) / 10,
      pageLoads: LOADS,
      answerToRowsPaintedMsMedian: median(loads.map((l) => l.answerToPainted)),
      answerToRowsPaintedMsMax: Math.round(Math.max(...loads.map((l) => l.answerToPainted))),
      responseToRowsPaintedMsMedian: median(loads.map((l) => l.responseToPainted)),
      responseToRowsPaintedMsMax: Math.round(Math.max(...loads.map((l) => l.responseToPainted))),
      navigationToRowsPaintedMsMedian: median(loads.map((l) => l.navigationToPainted)),
      mainThreadCpuMsPerWholeLoadMedian: median(loads.map((l) => l.mainThreadMs)),
      rowsInDomAfterLoad: loads[0]!.rowsInDom,
      keystrokes: KEYSTROKES,
      keystrokeToRowsPaintedMsMedian: median(keys.map((k) => k.toPainted)),
      keystrokeToRowsPaintedMsMax: Math.round(Math.max(...keys.map((k) => k.toPainted))),
      keystrokeDebounceMs: 120,
      keystrokeMainThreadCpuMsMedian: median(keys.map((k) => k.mainThreadMs)),
      keystrokeLongestTaskMs: Math.round(Math.max(...keys.map((k) => k.longestTask))),
      modelIndexCpuMs: model.index,
      modelSortByEmailCpuMs: model.sort,
      modelFilterOneLetterCpuMs: model.filter,
      loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
      browser: (await browser.version()).split(' ')[0] ?? 'chromium',
    };
  } finally {
    await browser.close();
    await serve.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Load {
  answerToPainted: number;
  responseToPainted: number;
  navigationToPainted: number;
  mainThreadMs: number;
  rowsInDom: number;
}

interface Keystroke {
  toPainted: number;
  mainThreadMs: number;
  longestTask: number;
}

/**
 * The page's own search/sort code (renderer/src/people/people-model.ts) run here in Node, same
 * engine (V8), timed in CPU time: index (fold the search keys, rank the names), a sort by
 * another column, and the filter a one-letter search runs. Best of three.
 */
function modelCpu(count: number): { index: number; sort: number; filter: number } {
  const rows = syntheticPeopleAnswer(count).rows;
  const cpu = () => process.cpuUsage().user / 1000;
  const best = { index: Infinity, sort: Infinity, filter: Infinity };
  for (let i = 0; i < 3; i += 1) {
    let t = cpu();
    const indexed = indexPeople(rows);
    best.index = Math.min(best.index, cpu() - t);
    t = cpu();
    const sorted = sortPeople(indexed, { key: 'email', dir: 'asc' });
    best.sort = Math.min(best.sort, cpu() - t);
    t = cpu();
    filterPeople(sorted, { ...NO_FILTERS, query: 'e' });
    best.filter = Math.min(best.filter, cpu() - t);
  }
  return { index: Math.round(best.index), sort: Math.round(best.sort), filter: Math.round(best.filter) };
}

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

/**
 * CPU time of the page's main thread so far (CDP TaskDuration measured in thread ticks,
 * seconds; it restarts with each document): what the page cost, whoever else shares the CPU.
 */
async function taskSeconds(cdp: Cdp): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/** A full page load of /people: the app starts, asks listPeople, and paints the first rows. */
async function measureLoad(page: Page, cdp: Cdp): Promise<Load> {
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/people`);
  await page.waitForFunction(() => performance.getEntriesByName('people:rows-painted').length > 0, undefined, { timeout: 60_000 });
  const after = await taskSeconds(cdp);
  const marks = await page.evaluate(() => {
    const painted = performance.getEntriesByName('people:rows-painted')[0]!.startTime;
    const answer = performance.getEntriesByName('people:answer')[0]!.startTime;
    const request = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/listPeople')) as PerformanceResourceTiming | undefined;
    return { painted, answer, responseEnd: request?.responseEnd ?? Number.NaN, rows: document.querySelectorAll('[data-testid="people-row"]').length };
  });
  if (!Number.isFinite(marks.responseEnd)) throw new Error('people-page: no resource timing for /api/listPeople');
  if (marks.rows === 0) throw new Error('people-page: no rows were rendered');
  return {
    answerToPainted: marks.painted - marks.answer,
    responseToPainted: marks.painted - marks.responseEnd,
    navigationToPainted: marks.painted,
    // The metrics restart with the new document: this is the whole load (boot, JSON parse, index, render).
    mainThreadMs: after * 1000,
    rowsInDom: marks.rows,
  };
}

/** One character typed into the search box (after clearing it), until the filtered rows are painted. */
async function measureKeystroke(page: Page, cdp: Cdp, char: string): Promise<Keystroke> {
  const search = page.getByTestId('people-search');
  await search.fill('');
  await page.waitForFunction((total) => document.querySelector('[data-testid="people-count"]')?.getAttribute('data-shown') === String(total), PEOPLE);
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { keydown: number; tasks: number[] } };
    w.__bench = { keydown: Number.NaN, tasks: [] };
    const box = document.querySelector('[data-testid="people-search"]')!;
    box.addEventListener('keydown', () => (w.__bench.keydown = performance.now()), { once: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.tasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const before = await taskSeconds(cdp);
  await search.press(char);
  const result = await page.waitForFunction(
    () => {
      const w = window as unknown as { __bench: { keydown: number; tasks: number[] } };
      const shown = document.querySelector('[data-testid="people-count"]')?.getAttribute('data-shown');
      const painted = performance.getEntriesByName('people:rows-painted').filter((m) => m.startTime > w.__bench.keydown);
      return painted.length > 0 && shown !== null ? { keydown: w.__bench.keydown, painted: painted[0]!.startTime, tasks: w.__bench.tasks } : null;
    },
    undefined,
    { timeout: 30_000 },
  );
  const { keydown, painted, tasks } = (await result.jsonValue())!;
  const after = await taskSeconds(cdp);
  return { toPainted: painted - keydown, mainThreadMs: (after - before) * 1000, longestTask: tasks.length ? Math.max(...tasks) : 0 };
}

/** `access-ledger serve` on an empty database; resolves with its URL once it prints it. */
function startServe(root: string, dbPath: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(root, 'electron', 'cli', 'bin.cjs'), 'serve', '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve did not print its URL: ${out}`));
    }, 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /^Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)\s*$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its URL: ${out}`));
    });
  });
}
