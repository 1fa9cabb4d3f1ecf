// The bridge must refuse any API call that lacks the token, even from the app's own origin.
export const apiRefusesWithoutToken = {
  name: 'API refuses calls without the token',
  // The browser logs the refused fetch as a failed resource load.
  allowConsole: [/status of 401/],
  async run({ page, check }) {
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/appInfo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return response.status;
    });
    await check('fetch /api/appInfo without the token gets 401', () => {
      if (status !== 401) throw new Error(`got HTTP ${status}`);
      return true;
    });
  },
};
