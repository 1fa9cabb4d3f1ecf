// Settings > Connections on a server started with `--config` (the simulators' file): the
// sources are listed read-only with where they come from, every credential they name is
// present (serve got the simulators' exports), and "Test connection" on prefect diagnoses ok.
const SOURCES = ['entra', 'hr', 'okta', 'prefect', 'scim'];

export const connectionsFromConfig = {
  name: 'Settings > Connections lists the config-file sources read-only',
  async run({ page, simulators, check, waitForPage, screenshot }) {
    await page.getByTestId('nav-settings').click();
    await waitForPage(page, 'settings');
    await page.getByTestId('settings-tab-connections').click();
    await waitForPage(page, 'connections', ['ready']);

    await check('the Settings tab stays current in the main navigation, and the Connections section is marked', async () => {
      const main = await page.$$eval('nav[aria-label="Main"] a[aria-current="page"]', (l) => l.map((a) => a.getAttribute('data-testid')));
      const section = await page.$$eval('nav[aria-label="Settings sections"] a[aria-current="page"]', (l) => l.map((a) => a.textContent));
      if (JSON.stringify(main) !== '["nav-settings"]' || JSON.stringify(section) !== '["Connections"]') throw new Error(`${main} / ${section}`);
      return new URL(page.url()).pathname === '/settings/connections';
    });
    await check('a read-only notice names the config file the sources come from', async () => {
      const text = await page.getByTestId('connections-readonly').innerText();
      if (!text.includes(simulators.configPath)) throw new Error(`notice: ${text}`);
      return text.includes('access-ledger serve --config');
    });
    await check('all five simulator sources are listed, with kind and endpoint', async () => {
      const ids = await page.getByTestId('connection-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')).sort());
      if (JSON.stringify(ids) !== JSON.stringify(SOURCES)) throw new Error(`rows: ${ids}`);
      const prefect = await page.locator('[data-testid="connection-row"][data-id="prefect"]').innerText();
      return prefect.includes('Prefect Cloud') && prefect.includes('http://127.0.0.1:');
    });
    await check('editing is disabled: no Edit or Delete buttons and no connection form', async () => {
      const edits = await page.getByTestId('connection-edit').count();
      const deletes = await page.getByTestId('connection-delete').count();
      const forms = await page.getByTestId('connection-form').count();
      return edits === 0 && deletes === 0 && forms === 0;
    });
    await check('every credential the sources name is present (from the simulators\' exports), values never shown', async () => {
      const rows = await page.getByTestId('credential-row').evaluateAll((r) => r.map((x) => [x.getAttribute('data-name'), x.getAttribute('data-present')]));
      const names = rows.map(([n]) => n).sort();
      if (JSON.stringify(names) !== JSON.stringify(Object.keys(simulators.env).sort())) throw new Error(`credential rows ${JSON.stringify(rows)}`);
      if (rows.some(([, present]) => present !== 'true')) throw new Error(`missing: ${JSON.stringify(rows)}`);
      const body = await page.locator('main').innerText();
      const leaked = Object.values(simulators.env).filter((value) => body.includes(value));
      if (leaked.length) throw new Error('a credential value is on the page');
      return (await page.getByTestId('credentials-table').innerText()).includes('before starting access-ledger serve');
    });

    const prefectRow = page.locator('[data-testid="connection-row"][data-id="prefect"]');
    await prefectRow.getByTestId('connection-test').click();
    const diagnosis = page.locator('[data-testid="connection-detail"][data-id="prefect"] [data-testid="diagnosis"]');
    await diagnosis.waitFor();
    await check('"Test connection" on prefect shows an OK diagnosis with what it read', async () => {
      const ok = await diagnosis.getAttribute('data-ok');
      const text = await diagnosis.innerText();
      if (ok !== 'true' || !text.includes('prefect')) throw new Error(`data-ok=${ok}: ${text}`);
      return text.includes('Connection works');
    });
    await screenshot(page, 'connections-from-config');
  },
};
