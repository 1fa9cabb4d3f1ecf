// Opens the printed URL: the page loads under the CSP, the token leaves the address bar,
// the frame shows version and database, and the Overview settles.
import { currentNavIds } from './app-pages.mjs';

export const openApp = {
  name: 'open the printed link',
  async run({ page, server, dbPath, check, waitForPage, screenshot }) {
    const response = await page.goto(server.url);
    const csp = response?.headers()['content-security-policy'] ?? '';
    await check("document is served with the strict CSP (script-src 'self', style-src 'self')", () => csp.includes("script-src 'self'") && csp.includes("style-src 'self'"));
    await waitForPage(page, 'overview');
    await check('token was removed from the address bar', () => {
      const url = page.url();
      if (url.includes('token')) throw new Error(`address bar still shows ${url}`);
      return url === `${server.origin}/`;
    });
    await check('header shows the app name and version', async () => {
      const version = await page.getByTestId('app-version').innerText();
      const name = await page.locator('.brand__name').innerText();
      return name === 'Access Ledger' && /^v\d+\.\d+\.\d+/.test(version);
    });
    await check('header shows the database path', async () => (await page.getByTestId('app-database').locator('code').getAttribute('title')) === dbPath);
    await check('navigation is a labelled nav with all eight pages', async () => (await page.locator('nav[aria-label="Main"] a').count()) === 8);
    await check('Overview is marked aria-current', async () => JSON.stringify(await currentNavIds(page)) === '["nav-overview"]');
    await check('Overview says there are no collections yet (no fake data)', async () => (await page.getByTestId('empty-state').first().innerText()).includes('No collections yet'));
    await screenshot(page, 'overview-no-collections');
  },
};
