#!/usr/bin/env node
// End-to-end tests: start `access-ledger serve` on a fresh database, drive Debian's Chromium
// through the app with playwright-core, keep a screenshot of every page in test-results/e2e/.
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
import { createHarness } from './lib/harness.mjs';
import { steps } from './steps/index.mjs';

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
  const dbPath = path.join(work, 'e2e.db');
  const harness = createHarness({ screenshotDir });
  let serve = null;
  let context = null;

  const cleanup = async () => {
    const closing = [];
    if (context) closing.push(context.close().catch(() => undefined));
    context = null;
    await Promise.all(closing);
    let stopped = null;
    if (serve) stopped = await serve.stop();
    serve = null;
    fs.rmSync(work, { recursive: true, force: true });
    return stopped;
  };
  const onSignal = (signal) => {
    process.stderr.write(`\ne2e: ${signal}: stopping the server and the browser\n`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    process.stdout.write(`e2e: Chromium ${browserPath.path}; database ${dbPath}\n`);
    serve = startServe({ root, dbPath });
    const server = await serve.ready;
    process.stdout.write(`e2e: serving on ${server.origin}\n`);

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
    const page = context.pages()[0] ?? (await context.newPage());
    harness.watch(page, 'main');

    const t = {
      page,
      context,
      server,
      dbPath,
      check: harness.check,
      waitForPage: harness.waitForPage,
      screenshot: harness.screenshot,
      watch: harness.watch,
    };
    for (const step of steps) await harness.runStep(step, t);
  } catch (error) {
    await harness.check('e2e setup', () => {
      throw error;
    });
  } finally {
    const stopped = await cleanup();
    if (stopped) {
      await harness.check('serve stops cleanly on SIGTERM and closes the database', () => {
        if (stopped.code !== 0 || !stopped.stdout.includes('database closed')) {
          throw new Error(`exit code ${stopped.code}, signal ${stopped.signal}; stderr: ${stopped.stderr.trim()}`);
        }
        return true;
      });
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
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
