// Worker-thread entry (bundled to dist/derive-worker.cjs): brings derived access up to date
// on its own database connection whenever asked, so the thread answering requests is not held up.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open-database';
import { systemClock } from '../../platform/clock';
import { rebuildDerivedAccess } from './rebuild';

const port = parentPort;
if (!port) throw new Error('derive-worker must run in a worker thread');
const { databasePath, nativeBinding } = workerData as { databasePath: string; nativeBinding: string | null };
const db = openDatabase(databasePath, nativeBinding ? { nativeBinding } : {});
port.on('message', (message: { type: 'refresh' }) => {
  if (message.type !== 'refresh') return;
  try {
    const outcomes = rebuildDerivedAccess(db, systemClock);
    port.postMessage({ type: 'done', derived: outcomes.length, cpuMs: outcomes.reduce((n, o) => n + o.cpuMs, 0) });
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
