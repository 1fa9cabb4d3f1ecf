// Manual identity links from the person page: the unknown account the demo planted is linked to
// a person (reason required), shows up on that person's page as a manual link, lands on the
// ledger; then the link is cleared, which also lands on the ledger, and the account is unknown again.
import { api, openAppAt, plantedEmail, visibleRows } from './people-helpers.mjs';

/** The newest ledger rows' text (the change and the re-judging it triggered are both recent). */
async function recentLedger(page, waitForPage, n = 5) {
  await waitForPage(page, 'ledger', ['ready']);
  return page.getByTestId('ledger-row').evaluateAll((rows, n) => rows.slice(0, n).map((r) => r.textContent ?? ''), n);
}

export const identityLinkRoundTrip = {
  name: 'link an unknown account to a person and clear it again, both on the ledger',
  // The refused link without a reason never reaches the API; nothing is expected in the console.
  async run(t) {
    const { page, check, waitForPage, screenshot, demo } = t;
    const unknownEmail = plantedEmail(demo, 'unknown-account');
    await openAppAt(t, null);
    const people = await api(page, 'listPeople');
    const unknown = people.rows.find((r) => r.email === unknownEmail && r.identityId === null);
    const target = people.rows.find((r) => r.identityId !== null && !r.leaver && r.prefectActive && r.displayName);
    await check(`the demo has the unknown account ${unknownEmail} and a person to link it to`, () => Boolean(unknown && target));

    // Open the unknown account from People.
    await page.getByTestId('nav-people').click();
    await waitForPage(page, 'people', ['ready']);
    await page.getByTestId('people-filter-unknownOnly').check();
    await page.locator(`[data-testid="people-row"][data-email="${unknownEmail}"]`).click();
    await waitForPage(page, 'person', ['ready']);
    await check('the unknown account’s page says no person was found, and offers "Link to a person"', async () => {
      const banner = page.getByTestId('person-unknown');
      return (await banner.getAttribute('data-linked')) === 'false' && (await page.getByTestId('link-to-person').count()) === 1;
    });

    await page.getByTestId('link-to-person').click();
    await page.getByTestId('link-form-search').fill(target.email);
    await page.getByTestId('link-form-pick').selectOption(target.identityId);
    await page.getByTestId('link-form-submit').click();
    await check('linking without a reason is refused in the form (the reason goes on the ledger)', async () => {
      const invalid = await page.getByTestId('link-form-reason').getAttribute('aria-invalid');
      return invalid === 'true' && (await page.getByTestId('link-confirmation').count()) === 0;
    });
    const reason = `e2e: ${unknownEmail} is ${target.displayName}'s contractor address`;
    await page.getByTestId('link-form-reason').fill(reason);
    await page.getByTestId('link-form-submit').click();
    await page.getByTestId('link-confirmation').waitFor();
    await waitForPage(page, 'person', ['ready']);
    await check(`after linking, the page of ${target.displayName} confirms the change and lists the account as a manual link`, async () => {
      const confirmation = await page.getByTestId('link-confirmation').innerText();
      const path = decodeURIComponent(new URL(page.url()).pathname);
      const accounts = await page.getByTestId('person-account').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      const linked = accounts.find((a) => a.includes(unknownEmail));
      if (path !== `/people/${target.email}` || !linked) throw new Error(`at ${path}; accounts: ${accounts.length}`);
      return confirmation.includes('identity.linked') && linked.includes('matched by manual link') && linked.includes('Clear manual link');
    });
    await check('the manual link is listed with who, when and why', async () => {
      const row = page.locator('[data-testid="identity-link-row"][data-mode="link"]');
      const text = await row.innerText();
      return (await row.count()) === 1 && text.includes(reason) && text.includes(target.identityId);
    });
    await screenshot(page, 'person-linked', { fullPage: false });

    await page.getByTestId('link-confirmation-ledger').click();
    await check('the link is on the ledger (identity.linked, with the reason)', async () => {
      const rows = await recentLedger(page, waitForPage);
      return rows.some((r) => r.includes('identity.linked') && r.includes(target.identityId));
    });

    // Clear it from the person's page.
    await page.goBack();
    await waitForPage(page, 'person', ['ready']);
    await page.getByTestId('clear-link').click();
    await page.getByTestId('clear-link-form-reason').fill('e2e: undo');
    await page.getByTestId('clear-link-form-submit').click();
    await page.waitForSelector('[data-testid="link-confirmation"][data-action="identity.link-cleared"]');
    await waitForPage(page, 'person', ['ready']);
    await check('after clearing, the account is no longer on the person’s page', async () => {
      const accounts = await page.getByTestId('person-account').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      return !accounts.some((a) => a.includes(unknownEmail)) && (await page.locator('[data-testid="identity-link-row"]').count()) === 0;
    });
    await page.getByTestId('link-confirmation-ledger').click();
    await check('clearing is on the ledger too (identity.link-cleared)', async () => {
      const rows = await recentLedger(page, waitForPage);
      return rows.some((r) => r.includes('identity.link-cleared') && r.includes(target.identityId));
    });
    await page.getByTestId('nav-people').click();
    await waitForPage(page, 'people', ['ready']);
    await page.getByTestId('people-filter-unknownOnly').check();
    await page.locator(`[data-testid="people-row"][data-email="${unknownEmail}"]`).waitFor();
    await check('People lists the account as unknown again', async () => (await visibleRows(page)).some((r) => r.email === unknownEmail && r.identity === ''));
  },
};
