// The directory against Prefect at the as-of time: the four lists are the API's, and the
// planted unknown account is listed as active in Prefect with no person behind it.
import { apiCall, openPath } from '../lib/api-call.mjs';

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;

export const idpVsPrefectTab = {
  name: 'access diff: IdP vs Prefect',
  async run({ page, server, demo, check, waitForPage, screenshot }) {
    await openPath(page, server, '/access-diff');
    await waitForPage(page, 'access-diff', ['ready']);
    await page.getByTestId('access-diff-tab-idp').click();
    await page.waitForURL(/tab=idp/);
    await waitForPage(page, 'access-diff', ['ready', 'empty']);
    const api = await apiCall(server, 'idpVsPrefect', {});
    await check('the tab is selected and its panel shows', async () =>
      (await page.getByTestId('access-diff-tab-idp').getAttribute('aria-selected')) === 'true' && (await page.getByTestId('access-diff-view-idp').count()) === 1,
    );
    for (const [testId, list] of [
      ['idp-not-vouched', api.activeInPrefectNotInIdp],
      ['idp-missing', api.missingInPrefect],
      ['idp-roles', api.roleDifferences],
      ['idp-teams', api.teamDifferences],
    ]) {
      await check(`${testId}: ${list.length} rows, as the API lists`, async () =>
        Number(await page.getByTestId(`${testId}-count`).getAttribute('data-count')) === list.length && (await page.getByTestId(testId).getByTestId('idp-row').count()) === list.length,
      );
    }
    await check(`the tab names the policy version it compared through (${api.policyVersion})`, async () =>
      (await page.getByTestId('idp-policy-version').innerText()).includes(`policy version ${api.policyVersion},`),
    );
    const plant = demo.planted.find((p) => p.kind === 'unknown-account');
    const email = plant.note.match(EMAIL)[0].toLowerCase();
    await check(`the planted unknown account ${email} is active in Prefect with no person`, async () => {
      const row = page.locator(`[data-testid="idp-not-vouched"] [data-testid="idp-row"][data-email="${email}"]`);
      return (await row.count()) === 1 && (await row.getAttribute('data-reason')) === 'no-identity' && (await row.innerText()).includes('No person');
    });
    await page.getByTestId('access-diff-tab-idp').press('ArrowRight');
    await check('arrow keys move between the tabs', async () => {
      await page.waitForURL(/tab=access/);
      return page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'access-diff-tab-access');
    });
    await page.getByTestId('access-diff-tab-access').press('ArrowLeft');
    await page.waitForURL(/tab=idp/);
    await waitForPage(page, 'access-diff', ['ready', 'empty']);
    await screenshot(page, 'idp-vs-prefect');
  },
};
