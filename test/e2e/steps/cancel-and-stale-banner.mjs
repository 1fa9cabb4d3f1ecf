// A complete collection, then one that cannot finish (a SCIM source that never answers) and
// is cancelled from the progress view: it is recorded as cancelled, collection 1 stays current,
// and every page warns that the data is not from the latest run.
import { startSilentServer } from '../lib/silent-server.mjs';
import { fillConnection } from './edit-connections.mjs';

/** The credential name the silent SCIM source uses; the flow passes it to serve. */
export const SILENT_SCIM_TOKEN_ENV = 'E2E_SCIM_TOKEN';
const SILENT_ID = 'silent-scim';

export const cancelAndStaleBanner = {
  name: 'cancel a running collection; the stale-data banner says so',
  async run({ page, check, waitForPage, screenshot }) {
    await page.getByTestId('settings-tab-collections').click();
    await waitForPage(page, 'collections', ['empty']);
    await page.getByTestId('collect-now-button').click();
    await page.getByTestId('collection-outcome').waitFor({ timeout: 30_000 });
    await check('collection 1 (the roster alone) completes', async () => (await page.getByTestId('collection-outcome').getAttribute('data-status')) === 'complete');

    const silent = await startSilentServer();
    try {
      await page.getByTestId('settings-tab-connections').click();
      await waitForPage(page, 'connections', ['ready']);
      await fillConnection(page, 'SCIM 2.0 directory', {
        'Connection id': SILENT_ID,
        'SCIM base URL': `${silent.url}/scim/v2`,
        'Bearer token: credential name': SILENT_SCIM_TOKEN_ENV,
      });
      await page.getByTestId('connection-save').click();
      const credential = page.locator(`[data-testid="connection-row"][data-id="${SILENT_ID}"] [data-testid="connection-credential"]`);
      await credential.waitFor();
      await check('the SCIM connection is listed and its credential is present (set in serve\'s environment)', async () => (await credential.getAttribute('data-present')) === 'true');

      await page.getByTestId('settings-tab-collections').click();
      await waitForPage(page, 'collections', ['ready']);
      await page.getByTestId('collect-now-button').click();
      await silent.firstRequest;
      const scimRow = page.locator(`[data-testid="progress-row"][data-source="${SILENT_ID}"]`);
      await scimRow.waitFor();
      await page.locator('[data-testid="progress-row"][data-source="hr-roster"][data-status="complete"]').waitFor();
      await check('progress shows the roster read and the SCIM source still reading', async () => (await scimRow.getAttribute('data-status')) === 'reading');
      await screenshot(page, 'collection-running');

      await page.getByTestId('collect-cancel').click();
      const outcome = page.getByTestId('collection-outcome');
      await page.locator('[data-testid="collection-outcome"][data-id="2"]').waitFor({ timeout: 15_000 });
      await check('Cancel ends collection 2 as cancelled, and says the previous snapshot stays current', async () => {
        const text = await outcome.innerText();
        if ((await outcome.getAttribute('data-status')) !== 'cancelled') throw new Error(text);
        return text.includes('Cancelled by the user') && text.includes('previous complete collection stays current');
      });
      await page.locator('[data-testid="collection-row"][data-id="2"][data-status="cancelled"]').waitFor();
      await check('the history shows 2 cancelled above 1, which is still marked current', async () => {
        const first = await page.getByTestId('collection-row').first().getAttribute('data-id');
        const current = await page.locator('[data-testid="collection-row"][data-id="1"]').innerText();
        return first === '2' && /current/i.test(current);
      });
      const banner = page.getByTestId('stale-banner');
      await banner.waitFor();
      await check('a banner says the data is from collection 1 and that the latest run 2 was cancelled', async () => {
        const text = await page.getByTestId('stale-banner-text').innerText();
        if (!/^Data is from collection 1 \(.+ UTC\); the latest run 2 \(.+ UTC\) was cancelled: Cancelled by the user\.$/.test(text)) throw new Error(text);
        return true;
      });
      await screenshot(page, 'collection-cancelled');

      await page.getByTestId('nav-overview').click();
      await waitForPage(page, 'overview', ['ready']);
      await check('the Overview shows the banner too, and the last collection as cancelled with collection 1 current', async () => {
        const status = await page.getByTestId('last-collection-status').getAttribute('data-status');
        const text = await page.getByTestId('last-collection').innerText();
        return (await banner.isVisible()) && status === 'cancelled' && text.includes('The current snapshot is collection 1');
      });
      await screenshot(page, 'overview-stale');
    } finally {
      await silent.close();
    }
  },
};
