// Without a (valid) token the app shows one clear full-page message instead of a broken frame.
const MESSAGE = 'This page needs the link printed by access-ledger serve';

export const needsTheLink = {
  name: 'pages opened without the printed link',
  // The wrong-token case makes one API call that the bridge refuses with 401.
  allowConsole: [/status of 401/],
  async run({ context, server, check, screenshot, watch }) {
    const tab = await context.newPage(); // a new tab has its own, empty sessionStorage
    watch(tab, 'no-token tab');
    try {
      await tab.goto(`${server.origin}/`);
      await tab.getByTestId('unauthorized').waitFor();
      await check('no token: the full-page "needs the link" message, and no app frame', async () => {
        const heading = await tab.getByRole('heading', { level: 1 }).innerText();
        return heading === MESSAGE && (await tab.locator('nav').count()) === 0;
      });
      await screenshot(tab, 'needs-the-link');

      await tab.goto(`${server.origin}/settings#token=${'A'.repeat(32)}`);
      await tab.getByTestId('unauthorized').waitFor();
      await check('wrong token: the API refuses it and the page shows the same message', async () => {
        const heading = await tab.getByRole('heading', { level: 1 }).innerText();
        const stored = await tab.evaluate(() => sessionStorage.getItem('access-ledger.token'));
        if (stored !== null) throw new Error('the refused token is still in sessionStorage');
        return heading === MESSAGE && !tab.url().includes('token');
      });
    } finally {
      await tab.close();
    }
  },
};
