// A finding's detail page: what it is about, when it was seen, and evidence that links to the
// collections it held over; following such a link reaches that collection.
import { apiCall, openPath } from '../lib/api-call.mjs';

export const findingDetail = {
  name: 'findings: a finding in detail, with evidence',
  async run({ page, server, demo, check, waitForPage, screenshot }) {
    const all = await apiCall(server, 'listFindings', { status: 'all' });
    // Prefer a finding whose evidence shows a fact that ended: both ends of "held over" are links then.
    const target = all.findings.find((f) => f.evidence.some((e) => e.collections && e.collections.to !== null)) ?? all.findings[0];
    const detail = await apiCall(server, 'getFinding', { id: target.id });

    await openPath(page, server, target.status === 'open' ? '/findings' : '/findings?status=all');
    await waitForPage(page, 'findings', ['ready']);
    await page.locator(`[data-testid="finding-row"][data-id="${target.id}"] [data-testid="finding-link"]`).click();
    await waitForPage(page, 'finding', ['ready']);
    await check('the finding link opens /findings/<id> with its title as the heading', async () =>
      new URL(page.url()).pathname === `/findings/${target.id}` && (await page.getByTestId('page-heading').innerText()) === target.title,
    );
    await check('kind, first seen and policy version are shown', async () => {
      const kind = await page.getByTestId('finding-kind').getAttribute('data-kind');
      const first = await page.getByTestId('finding-first-seen').innerText();
      const policy = await page.getByTestId('finding-policy-version').innerText();
      return kind === target.kind && first.includes(`collection ${target.firstSeen.collectionId}`) && policy.includes(String(target.policyVersion));
    });
    await check('every piece of evidence is listed', async () => (await page.getByTestId('evidence-row').count()) === detail.evidence.length);
    await check('evidence links the collections each fact held over', async () => {
      const hrefs = await page.getByTestId('evidence-from').evaluateAll((els) => els.map((el) => el.getAttribute('href')));
      const expected = detail.evidence.filter((e) => e.collections).map((e) => `/settings/collections/${e.collections.from}`);
      if (JSON.stringify(hrefs) !== JSON.stringify(expected)) throw new Error(`${JSON.stringify(hrefs)} vs ${JSON.stringify(expected)}`);
      const ends = await page.getByTestId('evidence-to').count();
      return ends === detail.evidence.filter((e) => e.collections?.to != null).length && hrefs.every((h) => Number(h.split('/').at(-1)) <= demo.collections);
    });
    await check('the history lists when it opened', async () => (await page.locator('[data-testid="finding-history-entry"][data-change="opened"]').count()) >= 1);
    await screenshot(page, 'finding-detail');

    const ended = detail.evidence.find((e) => e.collections?.to != null);
    const link = ended ? page.getByTestId('evidence-to').first() : page.getByTestId('evidence-from').first();
    const id = ended ? ended.collections.to : detail.evidence.find((e) => e.collections).collections.from;
    await link.click();
    await waitForPage(page, 'collection', ['ready']);
    await check(`an evidence link opens collection ${id}`, async () => (await page.getByTestId('page-heading').innerText()) === `Collection ${id}`);
  },
};
