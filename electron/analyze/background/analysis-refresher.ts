import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/open-database';
import { systemClock, type Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { AnalysisCache } from '../analysis-context';
import { deriveAccessThrough } from '../derived/derive-access';
import { rebuildDerivedAccess } from '../derived/rebuild';
import { derivedInputsKey, readDerivationState } from '../derived/derivation-state';
import { judgePendingCollections } from '../findings/judge-pending';

/** What the worker is asked: `clockAt` is the requester's time when its clock is not the system's (the demo's simulated days). */
export interface RefreshRequest {
  type: 'refresh';
  clockAt: string | null;
  /** The first collection this process completed: judged from there when nothing was judged yet. */
  completedSince: number | null;
}

/** What the worker answers a refresh with (analysis-worker.ts); a findings error comes before the final answer. */
export type WorkerReply =
  | { type: 'done'; judged: number; judgeCpuMs: number; derived: number; cpuMs: number }
  | { type: 'error'; message: string }
  | { type: 'findings-error'; message: string };

export interface RefresherDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The database file, for the worker's own connection (':memory:' derives in this thread). */
  databasePath: string;
  /** better-sqlite3's native module path when the app supplies its own (Electron). */
  nativeBinding?: string;
  cache?: AnalysisCache;
}

export interface AnalysisRefresher {
  /**
   * After a complete collection, or after links or the policy changed: judge the findings of
   * collections not judged yet, then bring derived access up to date.
   */
  refresh(completedCollectionId?: number): void;
  /** Resolves when nothing is running or queued (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps findings and derived access current without holding up the request path (at 100k
 * people, judging one collection takes ~30 s of CPU): refreshes run in one worker thread with
 * its own database connection (analysis-worker.cjs, next to the bundle), one at a time;
 * refreshes asked for while one runs are run once after it. The worker first judges the
 * findings of complete collections not judged yet (findings/judge-pending.ts), then derives
 * whatever access is missing: the new collection, or everything after links or match rules
 * changed. Where no worker bundle exists (tests on the TypeScript sources) or the database is
 * in memory, it does both in this thread, synchronously, reusing the analysis cache.
 */
export function startAnalysisRefresher(deps: RefresherDeps): AnalysisRefresher {
  const bundle = [path.join(__dirname, 'analysis-worker.cjs'), path.join(__dirname, '..', 'analysis-worker.cjs')].find((f) => fs.existsSync(f));
  const useWorker = !!bundle && __filename.endsWith('.cjs') && deps.databasePath !== ':memory:';
  let running: Promise<void> | null = null;
  let completedSince: number | null = null;
  let again = false;
  let closed = false;
  let worker: Worker | null = null;

  const inline = () => {
    try {
      judgePendingCollections(deps.db, deps.clock, { completedSince, ...(deps.cache ? { cache: deps.cache } : {}) });
    } catch (error) {
      deps.logger.error('findings could not be judged', { error: String(error) });
    }
    const state = readDerivationState(deps.db);
    const newest = deps.db.prepare(`SELECT max(id) AS c FROM collections WHERE status = 'complete'`).get() as { c: number | null };
    if (newest.c === null) return;
    if (state && state.inputsKey === derivedInputsKey(deps.db)) deriveAccessThrough(deps.db, deps.clock, newest.c, deps.cache ? { cache: deps.cache } : {});
    else rebuildDerivedAccess(deps.db, deps.clock);
  };

  // One worker for the life of the process (starting one costs a bundle load): each message
  // asks it to judge what is pending and bring derived access up to date, and it answers when it has.
  let pendingReply: (() => void) | null = null;
  const workerReady = (): Worker => {
    if (worker) return worker;
    const w = new Worker(bundle!, { workerData: { databasePath: deps.databasePath, nativeBinding: deps.nativeBinding ?? null } });
    w.on('message', (m: WorkerReply) => {
      if (m.type === 'findings-error') deps.logger.error('findings could not be judged', { error: m.message });
      else if (m.type === 'error') deps.logger.error('derived access could not be brought up to date', { error: m.message });
      else {
        if (m.judged > 0) deps.logger.info(`findings judged for ${m.judged} collection(s) in a worker`, { cpuMs: m.judgeCpuMs });
        if (m.derived > 0) deps.logger.info(`derived access for ${m.derived} collection(s) in a worker`, { cpuMs: m.cpuMs });
      }
      if (m.type !== 'findings-error') pendingReply?.();
    });
    w.on('error', (error) => deps.logger.error('analysis worker failed', { error: String(error) }));
    w.on('exit', () => {
      worker = null;
      pendingReply?.();
    });
    w.unref();
    worker = w;
    return w;
  };
  const inWorker = () =>
    new Promise<void>((resolve) => {
      const w = workerReady();
      // Referenced while it works: a command that awaits idle() (`collect`) has nothing else
      // keeping the process alive, and Node would exit mid-judgement with code 0. Unreferenced
      // while it waits, so an idle worker never holds a process open.
      w.ref();
      pendingReply = () => {
        pendingReply = null;
        worker?.unref();
        resolve();
      };
      const request: RefreshRequest = { type: 'refresh', clockAt: deps.clock === systemClock ? null : deps.clock.now().toISOString(), completedSince };
      w.postMessage(request);
    });

  const run = (): Promise<void> => {
    const job = async () => {
      do {
        again = false;
        if (useWorker) await inWorker();
        else {
          try {
            inline();
          } catch (error) {
            deps.logger.error('derived access could not be brought up to date', { error: String(error) });
          }
        }
      } while (again && !closed);
    };
    // Cleared when the job settles (the inline job finishes before `running` is even assigned,
    // so the job cannot clear it itself); a refresh asked for in between runs then.
    const current: Promise<void> = job().finally(() => {
      if (running === current) running = null;
      if (again && !closed) void run();
    });
    running = current;
    return current;
  };

  return {
    refresh(completedCollectionId?: number) {
      if (closed) return;
      if (completedCollectionId !== undefined && completedSince === null) completedSince = completedCollectionId;
      if (running) again = true;
      else void run();
    },
    async idle() {
      while (running) await running;
    },
    async close() {
      closed = true;
      // Stops a derivation midway: its transaction is rolled back, the next start resumes it.
      await worker?.terminate();
      await running;
    },
  };
}
