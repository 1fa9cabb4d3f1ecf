// The bookkeeping of an e2e run: named checks, per-step console/CSP error tracking, screenshots
// and waits on the app's own state attributes (never sleeps).
import fs from 'node:fs';
import path from 'node:path';

/** States a page container settles in; anything else means it is still loading. */
export const SETTLED = ['ready', 'empty'];

export function createHarness({ screenshotDir, log = (line) => process.stdout.write(line + '\n') }) {
  const results = [];
  const consoleErrors = [];
  let currentStep = '(setup)';

  /** Records one named check. `condition` may be a boolean, or a (possibly async) function returning truthy or throwing. */
  async function check(name, condition, detail) {
    let ok = false;
    let reason = detail ?? '';
    try {
      const value = typeof condition === 'function' ? await condition() : condition;
      ok = Boolean(value);
      if (!ok && !reason) reason = `condition was ${JSON.stringify(value)}`;
    } catch (error) {
      reason = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n    ') : String(error);
    }
    results.push({ step: currentStep, name, ok, reason });
    log(`  ${ok ? '✓' : '✗'} ${name}${ok || !reason ? '' : `\n    ${reason}`}`);
    return ok;
  }

  /** Listens to a page for console errors, uncaught exceptions and CSP reports, tagged with the step. */
  function watch(page, label = 'page') {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ step: currentStep, text: `[${label} console] ${message.text()}` });
    });
    page.on('pageerror', (error) => consoleErrors.push({ step: currentStep, text: `[${label} pageerror] ${error.message}` }));
  }

  /** Runs one step; a throw fails the step (as a check) without stopping the run. */
  async function runStep(step, t) {
    currentStep = step.name;
    log(`\n${step.name}`);
    try {
      await step.run(t);
    } catch (error) {
      await check(`${step.name}: completed`, () => {
        throw error;
      });
    }
    const allowed = step.allowConsole ?? [];
    const unexpected = consoleErrors.filter((e) => e.step === step.name && !allowed.some((pattern) => pattern.test(e.text)));
    await check(
      `${step.name}: no console errors, page errors or CSP violations`,
      unexpected.length === 0,
      unexpected.map((e) => e.text).join('\n    '),
    );
  }

  /** Waits until the page container reports a settled state; fails with the page's error text if it reports 'error'. */
  async function waitForPage(page, id, states = SETTLED) {
    const selector = `[data-testid="page"][data-page="${id}"]`;
    const handle = await page.waitForFunction(
      ({ selector, states }) => {
        const el = document.querySelector(selector);
        const state = el?.getAttribute('data-state');
        return state && (states.includes(state) || state === 'error') ? state : null;
      },
      { selector, states },
    );
    const state = await handle.jsonValue();
    if (!states.includes(state)) {
      const text = await page.locator(`${selector} [data-testid="error-state"]`).first().innerText().catch(() => '');
      throw new Error(`page "${id}" settled in state "${state}" (wanted ${states.join('/')}): ${text}`);
    }
    return state;
  }

  /** The whole page by default; `{ fullPage: false }` keeps only what is in the window (long tables). */
  async function screenshot(page, name, { fullPage = true } = {}) {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    return file;
  }

  function summary() {
    const passed = results.filter((r) => r.ok).length;
    return { passed, failed: results.length - passed, results };
  }

  return { check, watch, runStep, waitForPage, screenshot, summary };
}
