// Builds everything the app and the CLI run: the main-side bundles (CLI, Electron main,
// preload) with esbuild, and the renderer with Vite. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'dist');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Native and Electron-provided modules stay outside the bundle.
  external: ['better-sqlite3', 'electron'],
};

const steps = [];
if (want('main')) {
  steps.push(
    build({ ...nodeBundle, entryPoints: [path.join(root, 'electron/cli/main.ts')], outfile: path.join(out, 'cli.cjs') }),
    // The demo's simulators run in a worker thread beside the CLI.
    build({ ...nodeBundle, entryPoints: [path.join(root, 'electron/simulate/demo/sim-worker.ts')], outfile: path.join(out, 'sim-worker.cjs') }),
    // Derived access is brought up to date in a worker thread beside the app, serve and the CLI.
    build({ ...nodeBundle, entryPoints: [path.join(root, 'electron/analyze/background/analysis-worker.ts')], outfile: path.join(out, 'analysis-worker.cjs') }),
    build({ ...nodeBundle, entryPoints: [path.join(root, 'electron/shell/main.ts')], outfile: path.join(out, 'electron/main.cjs') }),
    // A sandboxed preload must be one CommonJS file whose only import is `electron`.
    build({ ...nodeBundle, platform: 'browser', entryPoints: [path.join(root, 'electron/shell/preload.ts')], outfile: path.join(out, 'electron/preload.cjs') }),
  );
  if (fs.existsSync(path.join(root, 'test/bench/run.ts'))) {
    // playwright-core (the People page benchmark drives Chromium) stays a runtime require.
    steps.push(
      build({ ...nodeBundle, external: [...nodeBundle.external, 'playwright-core'], entryPoints: [path.join(root, 'test/bench/run.ts')], outfile: path.join(out, 'bench/run.cjs') }),
    );
  }
}
await Promise.all(steps);
if (want('renderer')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}
