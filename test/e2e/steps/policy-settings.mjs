// Settings › Policy on the demo history (the demo saved its organisation's policy as version 1):
// an invalid value (a number out of range, a time zone Intl does not know) is refused by the
// core with the field named, a valid edit with a note (a shorter dormancy, the roster's time
// zone) saves version 2 and re-judges findings, the history and the ledger show it, and an edit of a
// version someone else replaced meanwhile is refused with a clear message.

import { apiCall } from '../lib/api-call.mjs';

/** Saves a policy through the bridge, as a second editor would (not through this page). */
async function saveBehindTheFormsBack(server, change, note) {
  const call = (channel, args) => apiCall(server, channel, args);
  const current = await call('getPolicy', {});
  return call('savePolicy', { policy: { ...current.policy, ...change }, note, expectedVersion: current.version });
}

export const policySettings = {
  name: 'Settings › Policy: edit, validate, version, ledger',
  // The refused saves are logged by the browser as failed (400 / 409) resource loads.
  allowConsole: [/status of 400/, /status of 409/],
  async run({ page, server, check, waitForPage, screenshot }) {
    await page.goto(`${server.origin}/settings#token=${server.token}`);
    await waitForPage(page, 'settings');
    // Reach the Policy tab from the keyboard.
    await page.getByTestId('settings-tab-policy').focus();
    await page.keyboard.press('Enter');
    await waitForPage(page, 'policy', ['ready']);
    await check('the Policy tab opens /settings/policy', () => new URL(page.url()).pathname === '/settings/policy');

    const summary = page.getByTestId('policy-summary');
    await check('the policy in force is the demo organisation’s, version 1, with who saved it and why', async () => {
      const text = await summary.innerText();
      const version = await summary.getAttribute('data-version');
      if (version !== '1' || !text.includes('demo') || !text.includes('policy of the demo organisation')) throw new Error(`version ${version}: ${text.slice(0, 300)}`);
      return (await page.getByTestId('policy-mappings').locator('tbody tr').count()) > 0;
    });
    await check('the history lists exactly the one saved version', async () => (await page.getByTestId('policy-history-row').count()) === 1);
    const dormancy = page.getByLabel('Dormancy (days)');
    const before = Number(await dormancy.inputValue());
    await check('the form starts from the policy in force (labelled fields)', async () => before > 0 && (await page.getByTestId('policy-form').getAttribute('data-version')) === '1');
    await screenshot(page, 'policy');

    // An out-of-range value: the core refuses it and names the field.
    await dormancy.fill('0');
    await page.getByLabel('Note / reason (required)').fill('e2e: no dormancy at all');
    await page.getByTestId('policy-save').click();
    const fieldError = page.getByTestId('policy-dormancyDays-error');
    await fieldError.waitFor();
    await check('the refusal sits beside the dormancy field, which is marked invalid and focused', async () => {
      const text = await fieldError.innerText();
      const invalid = await dormancy.getAttribute('aria-invalid');
      const describedBy = await dormancy.getAttribute('aria-describedby');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      if (!text.includes('Must be more than 0') || invalid !== 'true' || describedBy !== (await fieldError.getAttribute('id')) || focused !== 'policy-dormancyDays') {
        throw new Error(`"${text}", aria-invalid=${invalid}, focused=${focused}`);
      }
      return true;
    });
    await check('the summary above Save names the field', async () => (await page.getByTestId('policy-errors').innerText()).includes('Dormancy (days):'));
    await check('nothing was saved', async () => (await page.getByTestId('policy-history-row').count()) === 1);
    await screenshot(page, 'policy-invalid', { fullPage: false });

    // A time zone the core does not know: refused beside its field, in the core's words.
    const next = before === 45 ? 46 : 45;
    await dormancy.fill(String(next));
    const zone = page.getByLabel('Termination time zone');
    await check('the termination time zone starts empty (UTC), as the demo policy names none', async () => (await zone.inputValue()) === '' && (await page.getByTestId('policy-termination-time-zone').innerText()).startsWith('UTC'));
    await zone.fill('Europe/Berln');
    await page.getByTestId('policy-save').click();
    const zoneError = page.getByTestId('policy-terminationTimeZone-error');
    await zoneError.waitFor();
    await check('an unknown time zone is refused beside its field, naming the value and an example', async () => {
      const text = await zoneError.innerText();
      if (!text.includes('Unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin') || (await zone.getAttribute('aria-invalid')) !== 'true') throw new Error(text);
      return (await page.getByTestId('policy-errors').innerText()).includes('Termination time zone:');
    });
    await check('nothing was saved for the bad zone either', async () => (await page.getByTestId('policy-history-row').count()) === 1);

    // A valid edit with a note.
    await zone.fill('Asia/Tokyo');
    await page.getByLabel('Note / reason (required)').fill('e2e: shorter dormancy');
    await page.getByTestId('policy-save').click();
    const saved = page.getByTestId('policy-saved');
    await saved.waitFor();
    await check('the page says which version was saved and that findings were re-judged', async () => {
      const text = await saved.innerText();
      if (!text.includes('Saved version 2') || !text.includes('re-judged')) throw new Error(text);
      return true;
    });
    await page.locator('[data-testid="policy-history-row"][data-version="2"]').waitFor();
    await check('version 2 heads the history with its note', async () => {
      const first = page.getByTestId('policy-history-row').first();
      const text = await first.innerText();
      return (await first.getAttribute('data-version')) === '2' && text.includes('e2e: shorter dormancy') && text.includes('in force');
    });
    await check('the policy in force shows the new dormancy', async () => (await page.getByTestId('policy-dormancy').innerText()).startsWith(`${next} days`));
    await check('the policy in force names the termination time zone', async () => (await page.getByTestId('policy-termination-time-zone').innerText()).startsWith('Asia/Tokyo'));
    await check('the form now edits version 2 with an empty note', async () => {
      const form = page.getByTestId('policy-form');
      return (await form.getAttribute('data-version')) === '2' && (await page.getByLabel('Note / reason (required)').inputValue()) === '' && (await dormancy.inputValue()) === String(next);
    });
    await screenshot(page, 'policy-saved');

    // Someone else saves version 3 while this form still edits version 2.
    await saveBehindTheFormsBack(server, { maxApiKeyAgeDays: 180 }, 'e2e: a second editor');
    await dormancy.fill('30');
    await page.getByLabel('Note / reason (required)').fill('e2e: stale edit');
    await page.getByTestId('policy-save').click();
    const conflict = page.getByTestId('policy-conflict');
    await conflict.waitFor();
    await check('a save over a version replaced meanwhile is refused, saying which version is in force', async () => {
      const text = await conflict.innerText();
      if (!text.includes('version 3 is now in force')) throw new Error(text);
      return true;
    });
    await page.getByTestId('policy-reload').click();
    await page.locator('[data-testid="policy-form"][data-version="3"]').waitFor();
    await check('"Load the newest version" brings version 3 into the form and the history', async () => {
      const versions = await page.getByTestId('policy-history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')));
      return JSON.stringify(versions) === '["3","2","1"]' && (await dormancy.inputValue()) === String(next);
    });

    await page.getByTestId('nav-ledger').click();
    await waitForPage(page, 'ledger', ['ready']);
    await check("the ledger holds the 'policy.saved' entry for version 2 with its note", async () => {
      const row = page.getByTestId('ledger-row').filter({ hasText: 'policy.saved' }).filter({ hasText: 'policy version 2' });
      const text = await row.first().innerText();
      return (await row.count()) === 1 && text.includes('shorter dormancy');
    });
    await check('the re-judgement after the save is on the ledger too', async () => (await page.getByTestId('ledger-row').filter({ hasText: 'findings.recorded' }).count()) > 0);
    await screenshot(page, 'policy-ledger', { fullPage: false });
  },
};
