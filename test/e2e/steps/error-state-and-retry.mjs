// When the API fails, a page shows the API's own message and code and recovers on Retry.
// The failure is injected in the browser (page.route), so the server stays untouched.
export const errorStateAndRetry = {
  name: 'error state shows the API message and retries',
  allowConsole: [/status of 500/],
  async run({ page, check, waitForPage, screenshot }) {
    const failOnce = async (route) => {
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'DATABASE', message: 'The database is locked by another process (e2e fault).' } }),
      });
    };
    await page.route('**/api/getSettings', failOnce);
    try {
      await page.getByTestId('nav-overview').click();
      await waitForPage(page, 'overview');
      await page.getByTestId('nav-settings').click();
      await waitForPage(page, 'settings', ['error']);
      await check('the error state shows the message and the code', async () => {
        const text = await page.getByTestId('error-state').innerText();
        if (!text.includes('locked by another process') || !text.includes('DATABASE')) throw new Error(text);
        return (await page.getByTestId('page').getAttribute('aria-busy')) === 'false';
      });
      await screenshot(page, 'settings-error');
    } finally {
      await page.unroute('**/api/getSettings', failOnce);
    }
    await page.getByRole('button', { name: 'Retry' }).click();
    const state = await waitForPage(page, 'settings');
    await check('Retry loads the page once the API answers again', () => state === 'ready');
  },
};
