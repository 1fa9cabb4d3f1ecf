// Before any collection, every Access diff tab says so, as the other pages do: no error box,
// no failed call, no Retry that cannot help. With collections, a time before the first says
// what answers instead ("no collection yet" would be false).
export const emptyAccessTabs = {
  name: 'Access diff tabs on an empty database explain, not fail',
  async run({ page, server, check, waitForPage, screenshot }) {
    for (const [tab, testId] of [
      ['idp', 'idp-no-answer'],
      ['access', 'access-no-answer'],
    ]) {
      await page.goto(`${server.origin}/access-diff?tab=${tab}`);
      await waitForPage(page, 'access-diff', ['empty']);
      await check(`the ${tab} tab says there are no collections yet, with no error`, async () => {
        const text = await page.getByTestId(testId).innerText();
        return text.includes('No collections yet') && (await page.getByTestId('error-state').count()) === 0;
      });
    }
    await screenshot(page, 'access-diff-empty-who-has-access');
  },
};

/** On a history: a time before the first collection is "nothing answers", on every tab. */
export const accessTabsBeforeFirst = {
  name: 'Access diff tabs at a time before the first collection',
  async run({ page, server, check, waitForPage }) {
    for (const [tab, testId] of [
      ['changes', 'diff-no-answer'],
      ['idp', 'idp-no-answer'],
      ['access', 'access-no-answer'],
    ]) {
      await page.goto(`${server.origin}/access-diff?${tab === 'changes' ? '' : `tab=${tab}&`}at=2020-01-01`);
      await waitForPage(page, 'access-diff', ['empty']);
      await check(`the ${tab} tab says nothing answers for 2020-01-01 and names the first collection`, async () => {
        const text = await page.getByTestId(testId).innerText();
        return text.includes('Nothing answers for this time') && !text.includes('No collections yet') && (await page.getByTestId('error-state').count()) === 0;
      });
    }
    // Back to now: the as-of time travels with the navigation, and later steps start from here.
    await page.goto(`${server.origin}/access-diff`);
    await waitForPage(page, 'access-diff');
  },
};
