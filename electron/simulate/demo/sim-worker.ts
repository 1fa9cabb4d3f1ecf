// Worker-thread entry (bundled to dist/sim-worker.cjs): runs the demo's simulators and
// evolves their organisation on request, so the collecting thread has a core to itself.
import { parentPort, workerData } from 'node:worker_threads';
import { startInProcess, type SimHostOptions } from './sim-host';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('sim-worker must run in a worker thread');
  const host = await startInProcess(workerData as SimHostOptions);
  const state = (type: 'ready' | 'evolved') => ({ type, configPath: host.configPath, env: host.env, now: host.now, planted: host.planted, policyHints: host.policyHints });
  port.postMessage(state('ready'));
  port.on('message', (message: { type: 'evolve' | 'close' }) => {
    if (message.type === 'evolve') {
      host.evolveOneDay().then(
        () => port.postMessage(state('evolved')),
        (error: unknown) => port.postMessage({ type: 'error', message: String(error) }),
      );
    } else {
      void host.close().then(() => process.exit(0));
    }
  });
}

main().catch((error: unknown) => parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
