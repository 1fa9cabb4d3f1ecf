// Adding, testing and editing a connection through the form: an HR roster CSV written here.
// An invalid id comes back from the core and is shown beside the id field.
import fs from 'node:fs';
import path from 'node:path';

export const ROSTER_ID = 'hr-roster';

const ROSTER = [
  'employee_id,email,name,status,hire_date,termination_date,department',
  'E001,ada@example.com,Ada Lovelace,active,2020-01-15,,Engineering',
  'E002,grace@example.com,Grace Hopper,active,2020-02-01,,Engineering',
  'E003,alan@example.com,Alan Turing,terminated,2019-03-01,2025-05-01,Data',
  '',
].join('\n');

/** Picks a kind and fills fields by their visible labels (which also proves they are labelled). */
export async function fillConnection(page, kindLabel, fields) {
  const form = page.getByTestId('connection-form');
  await form.getByLabel('Kind of source').selectOption({ label: kindLabel });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
}

export const editConnections = {
  name: 'add, test and edit a connection through the form',
  // The refused invalid connection is logged by the browser as a failed (400) resource load.
  allowConsole: [/status of 400/],
  async run({ page, work, check, screenshot }) {
    const rosterPath = path.join(work, 'roster.csv');
    fs.writeFileSync(rosterPath, ROSTER);

    // A token pasted where its name goes is caught in the page: never sent, and not left on screen.
    const pasted = 'scimsim_Q3k9vX2mLp8RtY7wZ4nB6cD1';
    const saves = [];
    const onRequest = (request) => request.url().includes('/api/saveConnection') && saves.push(request.postData() ?? '');
    page.on('request', onRequest);
    await fillConnection(page, 'SCIM 2.0 directory', { 'Connection id': 'dir', 'SCIM base URL': 'https://scim.example.com/scim/v2', 'Bearer token: credential name': pasted });
    await page.getByTestId('connection-save').click();
    const tokenError = page.getByTestId('connection-field-auth.tokenEnv-error');
    await tokenError.waitFor();
    await check('a pasted token in the credential-name field is refused, cleared, never sent and never shown', async () => {
      const text = await tokenError.innerText();
      const value = await page.getByTestId('connection-field-auth.tokenEnv').inputValue();
      const body = await page.locator('main').innerText();
      if (!text.includes('looks like the credential itself') || value !== '' || saves.length !== 0) throw new Error(`"${text}", value "${value}", ${saves.length} saves`);
      return !body.includes(pasted);
    });
    page.off('request', onRequest);

    await fillConnection(page, 'HR roster (CSV file)', { 'Connection id': 'bad id', 'Roster file': rosterPath });
    await page.getByTestId('connection-save').click();
    const idError = page.getByTestId('connection-field-id-error');
    await idError.waitFor();
    await check("an id with a space is refused by the core, and its message sits beside the id field", async () => {
      const text = await idError.innerText();
      const input = page.getByTestId('connection-field-id');
      const invalid = await input.getAttribute('aria-invalid');
      const describedBy = await input.getAttribute('aria-describedby');
      const errorId = await idError.getAttribute('id');
      if (!text.includes('lower-case letters') || invalid !== 'true' || describedBy !== errorId) throw new Error(`"${text}", aria-invalid=${invalid}`);
      return (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'connection-field-id';
    });
    await screenshot(page, 'connection-field-error');

    await page.getByTestId('connection-field-id').fill(ROSTER_ID);
    await page.getByTestId('connection-save').click();
    const row = page.locator(`[data-testid="connection-row"][data-id="${ROSTER_ID}"]`);
    await row.waitFor();
    await check('the added connection is listed with its kind and file, and the form is empty again', async () => {
      const text = await row.innerText();
      const notice = await page.getByTestId('connections-notice').innerText();
      const id = await page.getByTestId('connection-field-id').inputValue();
      return text.includes('HR roster') && text.includes(rosterPath) && notice.includes(`Added ${ROSTER_ID}`) && id === '';
    });

    await row.getByTestId('connection-test').click();
    const diagnosis = page.locator(`[data-testid="connection-detail"][data-id="${ROSTER_ID}"] [data-testid="diagnosis"]`);
    await diagnosis.waitFor();
    await check('"Test connection" reads the roster and diagnoses ok', async () => (await diagnosis.getAttribute('data-ok')) === 'true');
    await screenshot(page, 'connection-added-tested');

    await row.getByTestId('connection-edit').click();
    const form = page.getByTestId('connection-form');
    await check('Edit loads the connection into the form, id and kind fixed', async () => {
      const mode = await form.getAttribute('data-mode');
      const id = page.getByTestId('connection-field-id');
      return mode === 'edit' && (await id.inputValue()) === ROSTER_ID && (await id.getAttribute('readonly')) !== null && (await page.getByTestId('connection-kind').isDisabled());
    });
    await form.getByLabel('Display name (optional)').fill('Payroll roster (e2e)');
    await page.getByTestId('connection-save').click();
    await page.getByTestId('connections-notice').filter({ hasText: `Saved ${ROSTER_ID}` }).waitFor();
    // The notice shows as soon as the save answers; the list reloads just after it.
    await row.filter({ hasText: 'Payroll roster (e2e)' }).waitFor({ timeout: 5_000 }).catch(() => undefined);
    await check('the edit is saved and shown in the list', async () => (await row.innerText()).includes('Payroll roster (e2e)'));
  },
};
