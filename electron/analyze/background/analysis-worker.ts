// Worker-thread entry (bundled to dist/analysis-worker.cjs): judges the findings of new
// collections and brings derived access up to date on its own database connection whenever
// asked, so the thread answering requests is not held up.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open-database';
import { COMMIT_LOCK_WAIT_MS } from '../../db/lock-wait';
import { systemClock, type Clock } from '../../platform/clock';
import { rebuildDerivedAccess } from '../derived/rebuild';
import { judgePendingCollections } from '../findings/judge-pending';
import type { RefreshRequest, WorkerReply } from './analysis-refresher';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');
const { databasePath, nativeBinding } = workerData as { databasePath: string; nativeBinding: string | null };
// A background thread can wait for a collection's commit (seconds at 100k people) rather than
// fail after the default 5 s and leave the collection unjudged until the next refresh.
const db = openDatabase(databasePath, { busyTimeoutMs: COMMIT_LOCK_WAIT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
port.on('message', (request: RefreshRequest) => {
  if (request.type !== 'refresh') return;
  // A simulated clock (the demo) cannot cross threads: its time at the request stands in for it.
  const clock: Clock = request.clockAt ? { now: () => new Date(request.clockAt!) } : systemClock;
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  // Findings first: they are what a person looks at after a collection.
  const cpu0 = process.cpuUsage();
  let judged = 0;
  try {
    judged = judgePendingCollections(db, clock, { completedSince: request.completedSince }).length;
  } catch (error) {
    port.postMessage({ type: 'findings-error', message: message(error) } satisfies WorkerReply);
  }
  const cpu = process.cpuUsage(cpu0);
  const judgeCpuMs = Math.round((cpu.user + cpu.system) / 1000);
  try {
    const outcomes = rebuildDerivedAccess(db, clock);
    port.postMessage({ type: 'done', judged, judgeCpuMs, derived: outcomes.length, cpuMs: outcomes.reduce((n, o) => n + o.cpuMs, 0) } satisfies WorkerReply);
  } catch (error) {
    port.postMessage({ type: 'error', message: message(error) } satisfies WorkerReply);
  }
});
