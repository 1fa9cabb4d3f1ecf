// A source read by `collect --config` but missing from the config the server runs with (the
// simulators' file): Connections lists it as no longer configured, "Collect now" is degraded
// naming it, Retire (with a reason) takes it out of service on the ledger, and the next
// "Collect now" is complete again.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { apiCall, openPath } from '../lib/api-call.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const EXTRA = 'contractors';
const REASON = 'contractor roster merged into the HR system';

function collectWith({ configPath, dbPath, env }) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'electron/cli/bin.cjs'), 'collect', '--config', configPath, '--db', dbPath, '--json'],
      { cwd: root, timeout: 60_000, env: { ...process.env, ...env, NO_COLOR: '1' } },
      // Exit 0 for complete and degraded runs; the JSON says which.
      (error, stdout, stderr) => (error ? reject(new Error(`collect failed: ${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

async function collectNowOutcome(page, waitForPage) {
  await page.getByTestId('nav-settings').click();
  await waitForPage(page, 'settings');
  await page.getByTestId('settings-tab-collections').click();
  await waitForPage(page, 'collections', ['ready']);
  const before = await page.getByTestId('collection-outcome').getAttribute('data-id').catch(() => null);
  await page.getByTestId('collect-now-button').click();
  const outcome = page.locator(`[data-testid="collection-outcome"]:not([data-id="${before}"])`);
  await outcome.waitFor({ timeout: 30_000 });
  return { status: await outcome.getAttribute('data-status'), id: Number(await outcome.getAttribute('data-id')), text: await outcome.innerText() };
}

export const retireUnconfiguredSource = {
  name: 'a source no longer configured is listed in Connections and retired from there',
  async run({ page, server, dbPath, work, simulators, check, waitForPage, screenshot }) {
    // The simulators' sources plus an HR roster the server's config does not have.
    const roster = path.join(work, 'contractors.csv');
    fs.writeFileSync(roster, 'employee_id,email,name,status,hire_date,termination_date,department\nC-1,cleo@contractors.example,Cleo,active,2025-01-06,,Data\n');
    const config = YAML.parse(fs.readFileSync(simulators.configPath, 'utf8'));
    config.sources.push({ id: EXTRA, kind: 'hr_csv', path: roster });
    const withExtra = path.join(work, 'with-contractors.yaml');
    fs.writeFileSync(withExtra, YAML.stringify(config));
    const read = await collectWith({ configPath: withExtra, dbPath, env: simulators.env });
    await check(`\`collect --config\` with the extra roster is complete (collection ${read.id})`, async () => read.status === 'complete');

    // The page left open (the Ledger) notices a collection it did not start, and offers the newest data.
    const notice = page.locator(`[data-testid="newer-collection"][data-id="${read.id}"]`);
    await notice.waitFor({ timeout: 20_000 });
    await check('an open page says a collection completed after it loaded, and "Show the newest data" reloads it', async () => {
      const text = await notice.innerText();
      if (!text.includes(`Collection ${read.id} (cli) completed`)) throw new Error(text);
      await page.getByTestId('newer-collection-reload').click();
      await waitForPage(page, 'ledger', ['ready']);
      const entries = await page.locator('[data-testid="ledger-row"]', { hasText: `collection ${read.id}` }).count();
      return entries > 0 && (await page.getByTestId('newer-collection').count()) === 0;
    });

    const degraded = await collectNowOutcome(page, waitForPage);
    await check('"Collect now" without it is degraded and names the missing source', async () => {
      if (degraded.status !== 'degraded') throw new Error(`${degraded.status}: ${degraded.text}`);
      return degraded.text.includes(`"${EXTRA}" (last read by collection ${read.id})`) && degraded.text.includes('Retire');
    });

    await page.getByTestId('settings-tab-connections').click();
    await waitForPage(page, 'connections', ['ready']);
    const item = page.locator(`[data-testid="unconfigured-source"][data-source="${EXTRA}"]`);
    await check('Connections lists it as no longer configured, last read by that collection', async () => {
      const items = await page.getByTestId('unconfigured-source').count();
      const text = await item.innerText();
      return items === 1 && text.includes(`collection ${read.id}`) && (await page.getByTestId('unconfigured-panel').innerText()).includes('degraded');
    });
    await screenshot(page, 'connections-unconfigured-source');

    await item.getByTestId('retire-source').click();
    await check('Retire without a reason is refused in the page: the ledger needs one', async () => {
      const error = await item.locator('[role="alert"]').innerText();
      const { entries } = await apiCall(server, 'listLedger', {});
      return error.includes('Say why') && !entries.some((e) => e.action === 'source.retired');
    });
    await item.getByTestId('retire-reason').fill(REASON);
    await item.getByTestId('retire-source').click();
    await page.getByTestId('connections-notice').filter({ hasText: `Retired ${EXTRA}` }).waitFor();
    await check('after Retire the list is gone, the notice has the focus, and the ledger holds the retirement with its reason', async () => {
      if ((await page.getByTestId('unconfigured-panel').count()) !== 0) throw new Error('the panel is still there beside the notice');
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'connections-notice', null, { timeout: 5_000 });
      const { entries } = await apiCall(server, 'listLedger', {});
      const entry = entries.find((e) => e.action === 'source.retired');
      if (!entry) throw new Error(`no source.retired entry in ${entries.map((e) => e.action)}`);
      return entry.subject === EXTRA && entry.details.reason === REASON && entry.details.lastReadIn === read.id;
    });

    const complete = await collectNowOutcome(page, waitForPage);
    await check('the next "Collect now" is complete again', async () => {
      if (complete.status !== 'complete') throw new Error(`${complete.status}: ${complete.text}`);
      return complete.id > degraded.id;
    });

    // The roster read again with an impossible date: degraded, and the detail page says which line and why.
    fs.appendFileSync(roster, 'C-2,dan@contractors.example,Dan,active,2025-02-30,,Data\n');
    const refused = await collectWith({ configPath: withExtra, dbPath, env: simulators.env });
    await openPath(page, server, `/settings/collections/${refused.id}`);
    await waitForPage(page, 'collection', ['ready']);
    const row = page.getByTestId('quarantine-row');
    await row.first().waitFor();
    await check('a degraded collection lists what it quarantined, with the file and line and the reason', async () => {
      if (refused.status !== 'degraded') throw new Error(`collect was ${refused.status}`);
      const cells = await row.locator('td').allInnerTexts();
      if ((await row.count()) !== 1) throw new Error(`${await row.count()} rows`);
      return cells[0] === EXTRA && cells[2].endsWith('contractors.csv:3') && cells[3] === 'hire_date "2025-02-30" is not a real calendar date';
    });
    await screenshot(page, 'collection-quarantine');
  },
};
