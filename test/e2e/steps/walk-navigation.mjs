// Visits every page through the navigation (clicks, and the keyboard for one), waits for each
// to settle, and keeps a screenshot of each.
import { APP_PAGES, currentNavIds } from './app-pages.mjs';

export const walkNavigation = {
  name: 'visit every page through the navigation',
  async run(t) {
    const { page, check, waitForPage, screenshot, server } = t;
    for (const target of APP_PAGES.filter((p) => p.id !== 'overview')) {
      if (target.keyboard) await followLinkByKeyboard(page, target.id);
      else await page.getByTestId(`nav-${target.id}`).click();
      const state = await waitForPage(page, target.id);
      await check(`${target.label}: settles (${state}) at ${target.path}`, () => new URL(page.url()).pathname === target.path && page.url().startsWith(server.origin));
      await check(`${target.label}: heading and aria-current match`, async () => {
        const heading = await page.getByTestId('page-heading').innerText();
        const current = await currentNavIds(page);
        if (heading !== target.label || current.length !== 1 || current[0] !== `nav-${target.id}`) {
          throw new Error(`heading "${heading}", aria-current on ${JSON.stringify(current)}`);
        }
        return true;
      });
      if (target.keyboard) {
        await check(`${target.label}: heading takes focus after keyboard navigation`, () =>
          page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'page-heading'),
        );
      }
      await screenshot(page, target.id);
    }
  },
};

/**
 * Clicks the (non-focusable) app name, which moves the browser's sequential-focus starting
 * point to the header, then Tabs to the nav link and presses Enter: proves it is reachable.
 */
async function followLinkByKeyboard(page, id) {
  await page.locator('.brand__name').click();
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    if (focused === `nav-${id}`) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`nav-${id} was not reached within 30 Tab presses`);
}
