import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { generateOrg } from '../org/generate-org';
import { evolveOrg } from '../org/evolve-org';
import { createRng } from '../org/rng';
import type { PlantedProblem } from '../org/org-model';
import { orgPolicyHints, type OrgPolicyHints } from '../org/org-policy-hints';
import { startSimulatorSuite, type SimSystem } from '../sim-suite';

export interface SimHostOptions {
  seed: number;
  people: number;
  /** The first simulated day (ISO). */
  start: string;
  /** How many days will be collected from `start` (the planted late removal is timed to them). */
  days: number;
  systems: SimSystem[];
  dir: string;
}

/** The simulators and their organisation, wherever they run. */
export interface SimHost {
  configPath: string;
  env: Record<string, string>;
  /** The organisation's simulated now (ISO). */
  now: string;
  planted: PlantedProblem[];
  /** The mappings and thresholds the planted problems were built against. */
  policyHints: OrgPolicyHints;
  /** Moves the organisation one day on (and rewrites the HR roster). */
  evolveOneDay(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulators in a worker thread when the bundled worker is available, so that
 * serving the APIs and collecting from them use both cores; otherwise (tests running the
 * TypeScript sources) in this thread. The two behave the same.
 */
export async function startSimHost(options: SimHostOptions): Promise<SimHost> {
  const bundle = [path.join(__dirname, 'sim-worker.cjs'), path.join(__dirname, '..', 'sim-worker.cjs')].find((f) => fs.existsSync(f));
  return bundle && __filename.endsWith('.cjs') ? startInWorker(bundle, options) : startInProcess(options);
}

export async function startInProcess(options: SimHostOptions): Promise<SimHost> {
  const org = generateOrg({ seed: options.seed, people: options.people, start: options.start, days: options.days });
  const rng = createRng(options.seed ^ 0x5eed);
  const suite = await startSimulatorSuite(org, { dir: options.dir, systems: options.systems });
  const host: SimHost = {
    configPath: suite.configPath,
    env: suite.env,
    now: org.now,
    planted: org.planted,
    policyHints: orgPolicyHints(org),
    async evolveOneDay() {
      evolveOrg(org, rng, { days: 1 });
      await suite.refreshRoster();
      host.now = org.now;
      host.planted = org.planted;
    },
    close: () => suite.close(),
  };
  return host;
}

type WorkerReply =
  | { type: 'ready' | 'evolved'; configPath: string; env: Record<string, string>; now: string; planted: PlantedProblem[]; policyHints: OrgPolicyHints }
  | { type: 'error'; message: string };

async function startInWorker(bundle: string, options: SimHostOptions): Promise<SimHost> {
  const worker = new Worker(bundle, { workerData: options });
  const next = () =>
    new Promise<WorkerReply>((resolve, reject) => {
      const onMessage = (m: WorkerReply) => (cleanup(), m.type === 'error' ? reject(new Error(m.message)) : resolve(m));
      const onError = (e: Error) => (cleanup(), reject(e));
      const onExit = (code: number) => (cleanup(), reject(new Error(`simulator worker exited with code ${code}`)));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  const ready = await next();
  if (ready.type === 'error') throw new Error(ready.message);
  const host: SimHost = {
    configPath: ready.configPath,
    env: ready.env,
    now: ready.now,
    planted: ready.planted,
    policyHints: ready.policyHints,
    async evolveOneDay() {
      worker.postMessage({ type: 'evolve' });
      const reply = await next();
      if (reply.type === 'error') throw new Error(reply.message);
      host.now = reply.now;
      host.planted = reply.planted;
    },
    async close() {
      worker.postMessage({ type: 'close' });
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    },
  };
  return host;
}
