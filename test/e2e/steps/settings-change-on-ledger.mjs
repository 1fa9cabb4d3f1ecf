// A setting changed in Settings must show up as a new ledger entry, with the chain verified.
import { callApi } from './overview-helpers.mjs';

export const SETTING_KEY = 'collection.intervalMinutes';

export const settingsChangeOnLedger = {
  name: 'a settings change is recorded on the ledger',
  // The refused invalid key is logged by the browser as a failed (400) resource load.
  allowConsole: [/status of 400/],
  async run({ page, server, check, waitForPage, screenshot }) {
    await page.getByTestId('nav-settings').click();
    await waitForPage(page, 'settings');

    await page.getByTestId('setting-key').fill('Not A Key');
    await page.getByTestId('setting-value').fill('x');
    await page.getByTestId('setting-save').click();
    const keyError = page.getByTestId('setting-key-error');
    await keyError.waitFor();
    await check("the API's validation message appears beside the key field", async () => {
      const text = await keyError.innerText();
      const invalid = await page.getByTestId('setting-key').getAttribute('aria-invalid');
      if (!text.includes('lowerCamel') || invalid !== 'true') throw new Error(`message "${text}", aria-invalid=${invalid}`);
      return true;
    });

    await page.getByTestId('setting-key').fill(SETTING_KEY);
    await page.getByTestId('setting-type').selectOption('number');
    await page.getByTestId('setting-value').fill('60');
    await page.getByTestId('setting-save').click();
    await page.getByTestId('setting-saved').waitFor();
    await check('the saved setting is listed with its new value', async () => {
      const row = page.locator(`[data-testid="setting-row"][data-key="${SETTING_KEY}"]`);
      return (await row.innerText()).includes('60');
    });
    await check('the page reports ready now that a setting exists', async () => (await page.getByTestId('page').getAttribute('data-state')) === 'ready');
    await screenshot(page, 'settings-saved');

    await page.getByTestId('nav-ledger').click();
    await waitForPage(page, 'ledger', ['ready']);
    await check('the newest ledger entry is the settings change', async () => {
      const first = page.getByTestId('ledger-row').first();
      const text = await first.innerText();
      if (!text.includes('settings.changed') || !text.includes(SETTING_KEY) || !text.includes('60')) throw new Error(`first row: ${text}`);
      return true;
    });
    await check("an entry's whole details and full hashes open from the keyboard, not only on hover", async () => {
      const first = page.getByTestId('ledger-row').first();
      await first.getByTestId('ledger-toggle').focus();
      await page.keyboard.press('Enter');
      if ((await first.getByTestId('ledger-toggle').getAttribute('aria-expanded')) !== 'true') throw new Error('not expanded');
      const full = await page.getByTestId('ledger-entry-full').first().innerText();
      const api = (await callApi(server, 'listLedger', { limit: 1 })).entries[0];
      if (!full.includes(`hash      ${api.hash}`) || !full.includes(`previous  ${api.prevHash}`) || !full.includes('"to": 60')) throw new Error(full);
      return true;
    });
    await check('the chain verifies and covers every entry', async () => {
      const status = page.getByTestId('chain-status');
      const ok = await status.getAttribute('data-ok');
      const checked = Number(await status.getAttribute('data-checked'));
      const count = await page.getByTestId('ledger-count').innerText();
      if (ok !== 'true' || !count.endsWith(`of ${checked}`) || checked < 1) throw new Error(`data-ok=${ok}, checked=${checked}, "${count}"`);
      return ((await status.textContent()) ?? '').includes('Chain intact');
    });
    await screenshot(page, 'ledger-with-entry');
  },
};
