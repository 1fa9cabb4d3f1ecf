// A server without --config: connections are saved in the app, so Settings > Connections
// starts empty and offers the form.
export const openSavedConnections = {
  name: 'Connections without a config file start empty and editable',
  async run({ page, server, check, waitForPage }) {
    await page.goto(server.url);
    await waitForPage(page, 'overview', ['empty']);
    await page.getByTestId('nav-settings').click();
    await waitForPage(page, 'settings');
    await page.getByTestId('settings-tab-connections').click();
    await waitForPage(page, 'connections', ['empty']);
    await check('no connections, no read-only notice, and the add form is there', async () => {
      const empty = await page.getByTestId('connections-list').innerText();
      const readOnly = await page.getByTestId('connections-readonly').count();
      const mode = await page.getByTestId('connection-form').getAttribute('data-mode');
      return empty.includes('No connections yet') && readOnly === 0 && mode === 'add';
    });
  },
};
