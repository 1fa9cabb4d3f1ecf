// `npm test`: build, unit and integration tests (Vitest), then the end-to-end walk in
// Chromium; ends with one summary line counting every test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Every test makes databases, configs and stage files under the OS temp folder, and a killed
// child or a failed test leaves its own behind. One folder per run, as TMPDIR of everything
// run here, is removed at the end, so runs do not pile up thousands of folders (they did).
// It is kept when something failed, to look at, and its path printed.
const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'al-test-run-'));
const env = { ...process.env, TMPDIR: runTmp };
const run = (cmd, args, extra = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...extra });

const build = run(process.execPath, ['electron/build/build.mjs']);
if (build.status !== 0) process.exit(build.status ?? 1);

const report = path.join(runTmp, 'vitest-report.json');
const vitest = run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
let unitPassed = 0;
let unitFailed = 0;
try {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  unitPassed = json.numPassedTests;
  unitFailed = json.numFailedTests + (json.numRuntimeErrorTests ?? 0);
} catch {
  unitFailed += 1;
}

const e2e = spawnSync(process.execPath, ['test/e2e/run-e2e.mjs'], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8', env });
process.stdout.write(e2e.stdout ?? '');
const match = /e2e: (\d+) passed, (\d+) failed/.exec(e2e.stdout ?? '');
const e2ePassed = match ? Number(match[1]) : 0;
const e2eFailed = match ? Number(match[2]) : e2e.status === 0 ? 0 : 1;

const failed = unitFailed + e2eFailed + (vitest.status !== 0 && unitFailed === 0 ? 1 : 0) + (e2e.status !== 0 && e2eFailed === 0 ? 1 : 0);
console.log(`\nunit+integration: ${unitPassed} passed, ${unitFailed} failed; end-to-end: ${e2ePassed} passed, ${e2eFailed} failed`);
if (failed === 0) fs.rmSync(runTmp, { recursive: true, force: true });
else console.log(`the run's temporary files are kept in ${runTmp}`);
console.log(`${unitPassed + e2ePassed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
