#!/usr/bin/env node
// End-to-end tests: for each flow (steps/index.mjs), start `access-ledger serve` on a fresh
// database (the first flow against `access-ledger simulate`, so real collections run), drive
// Debian's Chromium through the app with playwright-core, keep screenshots in test-results/e2e/.
// Run by `npm test` after `npm run build` and vitest. Prints `e2e: N passed, M failed`.
//
// No Chromium: locally a loud SKIPPED banner and exit 0; with CI=true a failure (exit 1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from './lib/find-chromium.mjs';
import { startServe } from './lib/serve.mjs';
import { startSimulators } from './lib/simulators.mjs';
import { buildDemo } from './lib/demo.mjs';
import { createHarness } from './lib/harness.mjs';
import { flows } from './steps/index.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const screenshotDir = path.join(root, 'test-results', 'e2e');
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 6;
  const bar = '!'.repeat(width);
  return ['', bar, ...lines.map((l) => `!!  ${l.padEnd(width - 6)}  !!`), bar, ''].join('\n');
}

async function main() {
  const browserPath = findChromium();
  if (!browserPath.path) {
    const details = [
      `Looked for: CHROMIUM_PATH (${process.env.CHROMIUM_PATH || 'unset'}), ${browserPath.tried.filter((p) => p !== process.env.CHROMIUM_PATH).join(', ')}`,
      'Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
    ];
    if (process.env.CI === 'true') {
      process.stderr.write(banner(['END-TO-END TESTS FAILED: no Chromium found, and CI=true makes that a failure.', ...details]) + '\n');
      process.stdout.write('e2e: 0 passed, 1 failed\n');
      return 1;
    }
    process.stdout.write(banner(['END-TO-END TESTS SKIPPED: no Chromium found.', ...details]) + '\ne2e: SKIPPED (no Chromium)\n');
    return 0;
  }
  for (const built of ['dist/cli.cjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(root, built))) {
      process.stderr.write(`e2e: ${built} is missing; run \`npm run build\` first.\ne2e: 0 passed, 1 failed\n`);
      return 1;
    }
  }

  fs.rmSync(screenshotDir, { recursive: true, force: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'access-ledger-e2e-'));
  const harness = createHarness({ screenshotDir });
  // The processes of the flow now running, so a signal or a failure stops them.
  const running = { serve: null, simulators: null };
  let context = null;

  const stopFlowProcesses = async () => {
    const stopped = { serve: null, simulators: null };
    if (running.serve) stopped.serve = await running.serve.stop();
    running.serve = null;
    if (running.simulators) stopped.simulators = await running.simulators.stop();
    running.simulators = null;
    return stopped;
  };
  const cleanup = async () => {
    if (context) await context.close().catch(() => undefined);
    context = null;
    await stopFlowProcesses();
    fs.rmSync(work, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    process.stderr.write(`\ne2e: ${signal}: stopping the servers and the browser\n`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    process.stdout.write(`e2e: Chromium ${browserPath.path}\n`);
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
      executablePath: browserPath.path,
      headless: true,
      args: BROWSER_ARGS,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    context.setDefaultTimeout(15_000);
    // Report CSP violations explicitly, on top of Chromium's own console message.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
      });
    });
    for (const [index, flow] of flows.entries()) await runFlow(flow, index);
  } catch (error) {
    await harness.check('e2e setup', () => {
      throw error;
    });
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  /**
   * One flow: its own database and server (with simulators when it asks for them), a fresh tab,
   * its steps in order, then a clean shutdown that is itself checked.
   */
  async function runFlow(flow, index) {
    process.stdout.write(`\n=== ${flow.name}\n`);
    const flowDir = path.join(work, `flow-${index + 1}`);
    fs.mkdirSync(flowDir, { recursive: true });
    const dbPath = path.join(flowDir, 'e2e.db');
    let page = null;
    try {
      let simulators = null;
      if (flow.server.simulators) {
        running.simulators = startSimulators({ root, ...flow.server.simulators });
        simulators = await running.simulators.ready;
        process.stdout.write(`e2e: simulators up; config ${simulators.configPath} (${Object.keys(simulators.env).join(', ')})\n`);
      }
      let demo = null;
      if (flow.server.demo) {
        // A demo history built by the real CLI before serving it: the analysis pages need days of snapshots.
        demo = await buildDemo({ root, dbPath, ...flow.server.demo });
        process.stdout.write(`e2e: demo history ${demo.collections} collections (${demo.firstDay} .. ${demo.lastDay})\n`);
      }
      running.serve = startServe({
        root,
        dbPath,
        configPath: simulators?.configPath ?? null,
        env: { ...(simulators?.env ?? {}), ...(flow.server.env ?? {}) },
      });
      const server = await running.serve.ready;
      process.stdout.write(`e2e: serving ${dbPath} on ${server.origin}\n`);

      page = index === 0 ? (context.pages()[0] ?? (await context.newPage())) : await context.newPage();
      harness.watch(page, `flow ${index + 1}`);
      const t = {
        page,
        context,
        server,
        dbPath,
        work: flowDir,
        simulators,
        demo,
        check: harness.check,
        waitForPage: harness.waitForPage,
        screenshot: harness.screenshot,
        watch: harness.watch,
      };
      for (const step of flow.steps) await harness.runStep(step, t);
    } catch (error) {
      await harness.check(`${flow.name}: setup`, () => {
        throw error;
      });
    } finally {
      if (page) await page.close().catch(() => undefined);
      const hadServe = running.serve !== null;
      const stopped = await stopFlowProcesses();
      if (hadServe && stopped.serve) {
        await harness.check(`${flow.name}: serve stops cleanly on SIGTERM and closes the database`, () => {
          const s = stopped.serve;
          if (s.code !== 0 || !s.stdout.includes('database closed')) throw new Error(`exit code ${s.code}, signal ${s.signal}; stderr: ${s.stderr.trim()}`);
          return true;
        });
      }
      if (stopped.simulators) {
        await harness.check(`${flow.name}: the simulators stop cleanly on SIGTERM`, () => {
          const s = stopped.simulators;
          if (s.code !== 0 || !s.stdout.includes('Simulators stopped')) throw new Error(`exit code ${s.code}, signal ${s.signal}; stderr: ${s.stderr.trim()}`);
          return true;
        });
      }
    }
  }

  const { passed, failed, results } = harness.summary();
  if (failed > 0) {
    process.stdout.write('\nFailed checks:\n');
    for (const r of results.filter((r) => !r.ok)) process.stdout.write(`  ✗ [${r.step}] ${r.name}\n`);
  }
  if (fs.existsSync(screenshotDir)) process.stdout.write(`\nScreenshots: ${path.relative(root, screenshotDir)}/\n`);
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.stdout.write('e2e: 0 passed, 1 failed\n');
    process.exitCode = 1;
  },
);
