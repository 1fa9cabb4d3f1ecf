// "Collect now" against the simulators: progress per source while it runs, a complete outcome,
// the history row with its counts, the detail view with each source, and the Overview's
// "Last collection" panel.
const SOURCES = ['entra', 'hr', 'okta', 'prefect', 'scim'];

export const collectNow = {
  name: '"Collect now" runs a collection with progress and records it',
  async run({ page, check, waitForPage, screenshot }) {
    await page.getByTestId('settings-tab-collections').click();
    await waitForPage(page, 'collections', ['empty']);
    await check('before the first run the history says there are no collections yet', async () =>
      (await page.getByTestId('collection-history').innerText()).includes('No collections yet'),
    );

    await page.getByTestId('collect-now-button').click();
    await page.getByTestId('progress-row').first().waitFor();
    await check('while running, progress lists every source with its phase and counts', async () => {
      const ids = await page.getByTestId('progress-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source')).sort());
      return JSON.stringify(ids) === JSON.stringify(SOURCES);
    });
    await screenshot(page, 'collection-progress');

    const outcome = page.getByTestId('collection-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    await check('the run ends complete and says what it read', async () => {
      const status = await outcome.getAttribute('data-status');
      const text = await outcome.innerText();
      if (status !== 'complete') throw new Error(`status ${status}: ${text}`);
      return /Collection 1 completed in [\d.]+ (ms|s)/.test(text) && text.includes('from 5 sources');
    });
    await waitForPage(page, 'collections', ['ready']);
    const row = page.locator('[data-testid="collection-row"][data-id="1"]');
    await check('the history lists collection 1 as complete and current, with requests, records and a content hash', async () => {
      const status = await row.getAttribute('data-status');
      const cells = await row.locator('td').allInnerTexts();
      const [idAndTrigger, , startedAndDuration, requests, records, quarantined, facts, hash] = cells;
      if (status !== 'complete' || !/^#1\s*current\s+manual$/i.test(idAndTrigger)) throw new Error(JSON.stringify(cells));
      if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+[\d.]+ (ms|s)$/.test(startedAndDuration) || Number(requests.replace(/,/g, '')) < 5 || Number(records.replace(/,/g, '')) < 100) throw new Error(JSON.stringify(cells));
      return quarantined === '0' && /^\+[\d,]+ \/ −0$/.test(facts.trim()) && /^[0-9a-f]{12}…$/.test(hash);
    });
    await screenshot(page, 'collections-history');

    await row.getByRole('link').click();
    await waitForPage(page, 'collection', ['ready']);
    await check('the detail view lists each source: complete, full read, pages, records and requests', async () => {
      const rows = await page.getByTestId('source-run-row').evaluateAll((r) =>
        r.map((x) => ({ id: x.getAttribute('data-source'), status: x.getAttribute('data-status'), cells: [...x.querySelectorAll('td')].map((td) => td.innerText) })),
      );
      const ids = rows.map((r) => r.id).sort();
      if (JSON.stringify(ids) !== JSON.stringify(SOURCES)) throw new Error(`sources ${ids}`);
      const bad = rows.filter((r) => r.status !== 'complete' || r.cells[2] !== 'full' || Number(r.cells[4].replace(/,/g, '')) < 1);
      if (bad.length) throw new Error(JSON.stringify(bad));
      return (await page.getByTestId('collection-hash').innerText()).length === 64;
    });
    await screenshot(page, 'collection-detail');

    await page.getByTestId('nav-overview').click();
    await waitForPage(page, 'overview', ['ready']);
    await check('the Overview shows the last collection as complete and current, with no stale-data banner', async () => {
      const status = await page.getByTestId('last-collection-status').getAttribute('data-status');
      const text = await page.getByTestId('last-collection').innerText();
      return status === 'complete' && text.includes('This is the current snapshot') && (await page.getByTestId('stale-banner').count()) === 0;
    });
    await screenshot(page, 'overview-after-collection');
  },
};
