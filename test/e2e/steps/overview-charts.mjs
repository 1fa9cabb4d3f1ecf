// The Overview on a demo history: the headline numbers and every chart hold what the API
// answers (compared number by number through the charts' tables), the charts are drawn
// (SVG paths and bars exist) and named, and the as-of marker sits at the newest collection.
import { callApi, controlSettled, openOverview, tableRows } from './overview-helpers.mjs';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

export const overviewCharts = {
  name: 'Overview: charts and headline numbers from the demo history',
  async run(t) {
    const { page, server, check, screenshot } = t;
    await openOverview(t);
    const [points, metrics, idp, latency, open] = await Promise.all([
      callApi(server, 'snapshotTimes'),
      callApi(server, 'orgMetrics'),
      callApi(server, 'idpVsPrefect'),
      callApi(server, 'revocationLatencies'),
      callApi(server, 'listFindings', {}),
    ]);
    const newest = points.at(-1);

    await check(`the header says collection ${newest.collectionId} (the newest of ${points.length}) answers for now`, async () => {
      const settled = await controlSettled(page);
      const text = await page.getByTestId('as-of-status').innerText();
      if (settled.state !== 'resolved' || settled.collectionId !== String(newest.collectionId) || !text.includes(`Answered by collection ${newest.collectionId}`)) {
        throw new Error(`${JSON.stringify(settled)}: ${text}`);
      }
      return text.includes('(the newest)') && text.includes('unseen until the next poll');
    });

    await check('headline: IdP against Prefect counts equal idpVsPrefect, from the same collection', async () => {
      const read = async (id) => Number(await page.getByTestId(`headline-${id}`).getAttribute('data-value'));
      const shown = {
        notVouched: await read('not-vouched'),
        missing: await read('missing'),
        roles: await read('role-differences'),
        teams: await read('team-differences'),
        from: Number(await page.getByTestId('headline-source').getAttribute('data-collection-id')),
      };
      const expected = {
        notVouched: idp.activeInPrefectNotInIdp.length,
        missing: idp.missingInPrefect.length,
        roles: idp.roleDifferences.length,
        teams: idp.teamDifferences.length,
        from: idp.collectionId,
      };
      if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`shown ${JSON.stringify(shown)}, API ${JSON.stringify(expected)}`);
      return expected.notVouched > 0 && expected.roles > 0;
    });

    await check('headline: open findings by severity equal the findings listed now, each linking to Findings?severity=', async () => {
      for (const s of SEVERITIES) {
        const link = page.getByTestId(`headline-findings-${s}`);
        const value = Number(await link.getAttribute('data-value'));
        const listed = open.findings.filter((f) => f.severity === s).length;
        const href = await link.getAttribute('href');
        if (value !== listed || href !== `/findings?severity=${s}`) throw new Error(`${s}: shows ${value} (${href}), listFindings has ${listed}`);
      }
      return open.findings.length > 0;
    });

    await check('access chart: two step lines are drawn, named, and marked at the newest collection', async () => {
      const plot = page.getByTestId('chart-access-plot');
      await plot.locator('path.recharts-line-curve').first().waitFor();
      const paths = await plot.locator('path.recharts-line-curve').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
      const title = await plot.locator('.recharts-wrapper > svg.recharts-surface > title').textContent();
      const markers = await plot.locator('.as-of-marker').count();
      if (paths.length !== 2 || paths.some((d) => d.length < 20)) throw new Error(`paths: ${paths.map((d) => d.length).join(', ')}`);
      return title === 'Active accounts in the identity providers and in Prefect' && markers === 1;
    });

    await check(`access table: one row per collection (${metrics.length}) with the API's counts`, async () => {
      const rows = await tableRows(page, 'chart-access-table');
      const expected = metrics.map((m) => [String(m.collectionId), String(m.idpActive), String(m.prefectActive)]);
      const shown = rows.map((r) => [r[0], r[2], r[3]]);
      if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`first shown ${JSON.stringify(shown.slice(0, 3))}, API ${JSON.stringify(expected.slice(0, 3))}`);
      return rows.length === points.length;
    });

    await check('findings chart: four stacked areas drawn; the table has the API counts per judged collection', async () => {
      const plot = page.getByTestId('chart-findings-plot');
      await plot.locator('path.recharts-area-area').first().waitFor();
      const areas = await plot.locator('path.recharts-area-area').count();
      const rows = await tableRows(page, 'chart-findings-table');
      const judged = metrics.filter((m) => m.openFindings);
      const expected = judged.map((m) => [String(m.collectionId), ...SEVERITIES.map((s) => String(m.openFindings[s])), String(SEVERITIES.reduce((n, s) => n + m.openFindings[s], 0))]);
      const shown = rows.map((r) => [r[0], ...r.slice(2)]);
      if (JSON.stringify(shown) !== JSON.stringify(expected)) throw new Error(`shown ${JSON.stringify(shown.slice(-2))}, API ${JSON.stringify(expected.slice(-2))}`);
      return areas === 4 && judged.length > 0;
    });

    await check(`latency chart: a bar per leaver (${latency.leavers.length}), the deadline line, and the ranges in the table`, async () => {
      const plot = page.getByTestId('chart-latency-plot');
      await plot.locator('.recharts-bar-rectangle').first().waitFor();
      const rects = await plot.locator('.recharts-bar-rectangle path').count();
      const deadline = await plot.locator('.deadline-marker').count();
      const cells = await page
        .getByTestId('chart-latency-table')
        .locator('td[data-field="latency"]')
        .evaluateAll((tds) => tds.map((td) => `${td.closest('tr').getAttribute('data-identity-id')}:${td.getAttribute('data-min')}:${td.getAttribute('data-max')}`));
      const expected = latency.leavers.map((l) => `${l.identityId}:${l.latency.latencyHours.min}:${l.latency.latencyHours.max ?? ''}`);
      if ([...cells].sort().join() !== [...expected].sort().join()) throw new Error(`table ${cells.join(' ')}; API ${expected.join(' ')}`);
      const stillActive = latency.leavers.filter((l) => l.latency.latencyHours.max === null).length;
      const summary = await page.getByTestId('chart-latency-summary').innerText();
      if (!summary.includes(`against a deadline of ${latency.deadlineHours} h`)) throw new Error(summary);
      if (!summary.includes(`(policy version ${latency.policyVersion})`)) throw new Error(`no policy version ${latency.policyVersion}: ${summary}`);
      return rects >= latency.leavers.length && deadline === 1 && stillActive > 0;
    });

    await check('the planted leavers who are still active show as "still active past the deadline"', async () => {
      const verdicts = await page.getByTestId('chart-latency-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
      const expected = latency.leavers.filter((l) => l.latency.latencyHours.max === null && l.latency.latencyHours.min > latency.deadlineHours).length;
      return verdicts.filter((v) => v === 'still-active-missed').length === expected && expected >= 1;
    });

    await check('every chart is a figure with a name and a table of its numbers', async () => {
      const figures = await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => [f.getAttribute('aria-label'), f.querySelectorAll('details table').length]));
      return figures.length === 3 && figures.every(([name, tables]) => name && tables === 1);
    });

    // Keep the numbers of the access chart open in the screenshot, so it shows both forms.
    await page.getByTestId('chart-access-numbers').locator('summary').click();
    await screenshot(page, 'overview');
    await page.getByTestId('chart-access-numbers').locator('summary').click();
  },
};
