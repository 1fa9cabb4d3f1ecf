// A link straight to a page works, and a reload keeps working after the token left the URL.
export const deepLinkAndReload = {
  name: 'deep links and reloads',
  async run({ context, server, check, waitForPage, watch }) {
    const tab = await context.newPage();
    watch(tab, 'deep-link tab');
    try {
      await tab.goto(`${server.origin}/ledger#token=${server.token}`);
      await waitForPage(tab, 'ledger');
      await check('a deep link with the token opens that page and drops the token', () => tab.url() === `${server.origin}/ledger`);
      await tab.reload();
      await waitForPage(tab, 'ledger');
      await check('a reload without the token in the URL still works (token kept for this tab)', async () => (await tab.getByTestId('page-heading').innerText()) === 'Ledger');
      await tab.goto(`${server.origin}/no-such-page`);
      await waitForPage(tab, 'not-found');
      await check('an unknown path shows "Page not found" inside the frame', async () => (await tab.getByTestId('page-heading').innerText()) === 'Page not found');
    } finally {
      await tab.close();
    }
  },
};
