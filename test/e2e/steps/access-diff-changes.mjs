// Access diff between the demo's first and last day: the counts, groups and rows are the API's,
// the by-workspace toggle and the kind filter work, "hide noise" is a real filter, and the
// collection pickers write a linkable range.
import { apiCall, eventually, openPath } from '../lib/api-call.mjs';

const groupCounts = (page) => page.getByTestId('change-group').evaluateAll((els) => els.map((el) => [el.getAttribute('data-group'), Number(el.getAttribute('data-count'))]));
const sameGroups = (shown, groups) => shown.length === groups.length && groups.every((g, i) => shown[i][0] === g.key && shown[i][1] === g.changes.length);

export const accessDiffChanges = {
  name: 'access diff: first day against last day',
  async run({ page, server, demo, check, waitForPage, screenshot }) {
    const from = demo.firstDay;
    const to = demo.lastDay;
    const api = await apiCall(server, 'diffAccess', { from, to });
    await openPath(page, server, `/access-diff?from=${from}&to=${to}`);
    await waitForPage(page, 'access-diff', ['ready']);

    await check('both ends show the collection that answers them', async () => {
      const f = Number(await page.getByTestId('diff-from-source').getAttribute('data-collection'));
      const t = Number(await page.getByTestId('diff-to-source').getAttribute('data-collection'));
      return f === api.from.collectionId && t === api.to.collectionId && f === 1 && t === demo.collections;
    });
    await check('the diff finds changes over the month', () => api.changes.length > 0);
    await check('the counts by kind are the API counts', async () => {
      const shown = Object.fromEntries(await page.getByTestId('diff-count').evaluateAll((els) => els.map((el) => [el.getAttribute('data-kind'), Number(el.getAttribute('data-count'))])));
      if (JSON.stringify(shown) !== JSON.stringify(api.counts)) throw new Error(`${JSON.stringify(shown)} vs ${JSON.stringify(api.counts)}`);
      return Number((await page.getByTestId('diff-total').innerText()).split(' ')[0]) === api.changes.length;
    });
    await check('by person: the groups are the API byPerson groups, with their counts', async () => sameGroups(await groupCounts(page), api.byPerson));
    await check('every change has a row, linked to its person', async () => {
      const rows = await page.getByTestId('change-row').count();
      const links = await page.locator('[data-testid="change-row"] [data-testid="change-person-link"]').first().getAttribute('href');
      return rows === api.changes.length && links.startsWith('/people/');
    });

    await page.getByTestId('change-grants-toggle').first().click();
    await check('a row unfolds its before/after grants', () =>
      eventually(async () => (await page.getByTestId('change-grants').count()) === 1 && (await page.getByTestId('change-grants').textContent()).includes('Before')),
    );
    await screenshot(page, 'access-diff');

    await page.getByTestId('diff-by-workspace').click();
    await check('by workspace: the groups are the API byWorkspace groups, and the URL says so', async () => {
      await page.waitForURL(/by=workspace/);
      return eventually(async () => sameGroups(await groupCounts(page), api.byWorkspace) && (await page.getByTestId('diff-by-workspace').getAttribute('aria-pressed')) === 'true');
    });

    const kind = Object.entries(api.counts).find(([, n]) => n > 0)[0];
    await page.getByTestId('diff-kind').selectOption(kind);
    await check(`the kind filter shows only "${kind}" changes, all ${api.counts[kind]} of them`, () =>
      eventually(async () => {
        const kinds = await page.getByTestId('change-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-change')));
        return kinds.length === api.counts[kind] && kinds.every((k) => k === kind);
      }),
    );
    await page.getByTestId('diff-kind').selectOption('');

    const noisy = await apiCall(server, 'diffAccess', { from, to, includeGrantChanges: true });
    // A click, not uncheck(): the box follows the URL, which the router updates a moment later.
    await page.getByTestId('diff-hide-noise').click();
    await check(`without "hide noise" the provenance-only changes appear (${noisy.changes.length} changes)`, async () => {
      await page.waitForURL(/grants=1/);
      await page.waitForFunction((n) => document.querySelector('[data-testid="diff-total"]')?.textContent === `${n} changes`, noisy.changes.length, { timeout: 10_000 });
      return noisy.changes.length >= api.changes.length;
    });
    await page.getByTestId('diff-hide-noise').click();
    await page.waitForURL((url) => !url.searchParams.has('grants'));

    // The pickers: pick collections, compare, and the range is in the URL.
    const points = await apiCall(server, 'snapshotTimes', {});
    const second = points[1];
    const last = points.at(-1);
    await openPath(page, server, '/access-diff');
    await waitForPage(page, 'access-diff', ['ready']);
    await check('by default the last poll is compared with the one before', async () =>
      Number(await page.getByTestId('diff-from-source').getAttribute('data-collection')) === points.at(-2).collectionId &&
      Number(await page.getByTestId('diff-to-source').getAttribute('data-collection')) === last.collectionId,
    );
    await page.getByTestId('diff-from-collection').selectOption(second.at);
    await page.getByTestId('diff-compare').click();
    await check(`picking collection ${second.collectionId} as From puts the range in the URL and answers from it`, async () => {
      await page.waitForURL((url) => url.searchParams.get('from') === second.at && url.searchParams.get('to') === last.at);
      await page.waitForFunction((id) => document.querySelector('[data-testid="diff-from-source"]')?.getAttribute('data-collection') === String(id), second.collectionId, { timeout: 10_000 });
      return true;
    });
    await page.getByTestId('diff-from-time').fill('last tuesday');
    await page.getByTestId('diff-compare').click();
    await check('a time that is not one is refused, naming the field', async () => (await page.locator('#diff-from-error').innerText()).startsWith('From: "last tuesday" is not a date'));
  },
};
