// The issue's done-when: every problem the demo organisation plants shows on the Findings page,
// about the right person where the plant names one, and the page's counts are the API's.
import { apiCall, openPath } from '../lib/api-call.mjs';

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;

export const findingsShowPlanted = {
  name: 'findings: every planted problem appears',
  async run({ page, server, demo, check, waitForPage, screenshot }) {
    await openPath(page, server, '/findings');
    await waitForPage(page, 'findings', ['ready']);
    const api = await apiCall(server, 'listFindings', {});
    await check('the page answers from the newest complete collection', async () => {
      const shown = Number(await page.getByTestId('answer-source').getAttribute('data-collection'));
      if (shown !== api.asOf.collectionId || shown !== demo.collections) throw new Error(`page ${shown}, API ${api.asOf.collectionId}, demo ${demo.collections}`);
      return true;
    });
    await check('every open finding the API lists is on the page', async () => {
      const total = Number(await page.getByTestId('findings-count').getAttribute('data-total'));
      const rows = await page.getByTestId('finding-row').count();
      if (total !== api.findings.length || rows !== api.findings.length) throw new Error(`page total ${total}, rows ${rows}, API ${api.findings.length}`);
      return true;
    });
    await check('the demo planted problems to look for', () => Array.isArray(demo.planted) && demo.planted.length >= 10);
    for (const plant of demo.planted) {
      const email = plant.note.match(EMAIL)?.[0]?.toLowerCase() ?? null;
      await check(`planted ${plant.kind}${email ? ` (${email})` : ''} is on the Findings page`, async () => {
        const rows = page.locator(`[data-testid="finding-row"][data-kind="${plant.kind}"]`);
        const emails = (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-email') ?? ''))).map((e) => e.toLowerCase());
        if (emails.length === 0) throw new Error(`no ${plant.kind} row (${plant.note})`);
        if (email && !emails.includes(email)) throw new Error(`${plant.kind} rows are about ${emails.join(', ')}, not ${email}`);
        return true;
      });
    }
    await check('the chart table counts add up to the findings shown', async () => {
      const totals = await page.getByTestId('findings-chart-row').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-total'))));
      return totals.reduce((a, b) => a + b, 0) === api.findings.length;
    });
    await screenshot(page, 'findings');
  },
};
