// Deleting asks first; both saved connections go, and every change is on the ledger.
import { ROSTER_ID } from './edit-connections.mjs';

export const deleteConnections = {
  name: 'delete connections with a confirm step',
  async run({ page, check, waitForPage, screenshot }) {
    await page.getByTestId('nav-settings').click();
    await waitForPage(page, 'settings');
    await page.getByTestId('settings-tab-connections').click();
    await waitForPage(page, 'connections', ['ready']);

    const row = page.locator(`[data-testid="connection-row"][data-id="${ROSTER_ID}"]`);
    await row.getByTestId('connection-delete').click();
    const confirm = page.locator(`[data-testid="connection-detail"][data-id="${ROSTER_ID}"] [data-testid="connection-confirm"]`);
    await confirm.waitFor();
    await check('Delete asks for confirmation first, and the confirm button takes focus', async () => {
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      return (await row.count()) === 1 && focused === 'connection-confirm-delete';
    });
    await screenshot(page, 'connection-delete-confirm');
    await page.keyboard.press('Enter');
    await row.waitFor({ state: 'detached' });
    await check('after confirming, the connection is gone and the page says so, with the keyboard focus on that notice', async () => {
      const said = (await page.getByTestId('connections-notice').innerText()).includes(`Deleted ${ROSTER_ID}`);
      // Focus moves in the commit after the notice renders: wait for it (up to 2 s), do not race it.
      const focused = await page
        .waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'connections-notice', null, { timeout: 2_000 })
        .then(() => true, () => false);
      return said && focused;
    });

    const scim = page.locator('[data-testid="connection-row"][data-id="silent-scim"]');
    await scim.getByTestId('connection-delete').click();
    await page.getByTestId('connection-confirm-delete').click();
    await waitForPage(page, 'connections', ['empty']);
    await check('with both deleted the list is empty again', async () => (await page.getByTestId('connection-row').count()) === 0);

    await page.getByTestId('nav-ledger').click();
    await waitForPage(page, 'ledger', ['ready']);
    await check('the ledger holds the added, updated and removed connections', async () => {
      const actions = await page.getByTestId('ledger-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[3].innerText));
      const count = (a) => actions.filter((x) => x === a).length;
      if (count('connection.added') !== 2 || count('connection.updated') !== 1 || count('connection.removed') !== 2) throw new Error(JSON.stringify(actions));
      return actions.includes('collection.cancelled') && actions.includes('collection.completed');
    });
    await screenshot(page, 'ledger-connections', { fullPage: false });
  },
};
