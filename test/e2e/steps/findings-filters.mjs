// Filters (severity, rule, text) and grouping on the Findings page: what they show matches the
// API's own filtering, they live in the URL, and groups fold.
import { apiCall, eventually, openPath } from '../lib/api-call.mjs';

const rowsAttr = (page, attr) => page.getByTestId('finding-row').evaluateAll((els, a) => els.map((el) => el.getAttribute(a)), attr);

export const findingsFiltersAndGroups = {
  name: 'findings: filters and grouping',
  async run({ page, server, check, waitForPage }) {
    await openPath(page, server, '/findings');
    await waitForPage(page, 'findings', ['ready']);

    await page.getByTestId('findings-severity').selectOption('critical');
    const critical = await apiCall(server, 'listFindings', { severity: 'critical' });
    await check('severity filter: only critical rows, as many as the API finds, and in the URL', async () => {
      await page.waitForURL(/severity=critical/);
      return eventually(async () => {
        const severities = await rowsAttr(page, 'data-severity');
        if (severities.length !== critical.findings.length || severities.some((s) => s !== 'critical')) throw new Error(`rows ${JSON.stringify(severities)}, API ${critical.findings.length}`);
        return critical.findings.length > 0;
      });
    });

    // A link (as the Overview makes) opens already filtered.
    await openPath(page, server, '/findings?rule=service-account-risk');
    await waitForPage(page, 'findings', ['ready']);
    const risks = await apiCall(server, 'listFindings', { rule: 'service-account-risk' });
    await check('a ?rule= link shows only that rule, as many as the API finds', async () => {
      const rules = await rowsAttr(page, 'data-rule');
      if (rules.length !== risks.findings.length || rules.some((r) => r !== 'service-account-risk')) throw new Error(`rows ${JSON.stringify(rules)}, API ${risks.findings.length}`);
      return (await page.getByTestId('findings-rule').inputValue()) === 'service-account-risk';
    });

    await openPath(page, server, '/findings');
    await waitForPage(page, 'findings', ['ready']);
    const all = await apiCall(server, 'listFindings', {});
    const person = all.findings.find((f) => f.rule === 'leaver-still-active')?.subject;
    const last = person.name.split(' ').at(-1);
    await page.getByTestId('findings-search').fill(last.toLowerCase());
    await check(`text search "${last.toLowerCase()}": every row mentions it, and the URL keeps it`, async () => {
      await page.waitForURL(new RegExp(`q=${last.toLowerCase()}`));
      const expected = all.findings.filter((f) => `${f.title} ${f.subject.name} ${f.subject.email}`.toLowerCase().includes(last.toLowerCase())).length;
      return eventually(async () => {
        const texts = await page.getByTestId('finding-row').allInnerTexts();
        if (texts.length !== expected || texts.some((t) => !t.toLowerCase().includes(last.toLowerCase()))) throw new Error(`${texts.length} rows, expected ${expected}`);
        return texts.length > 0;
      });
    });
    await page.getByTestId('findings-search').fill('');

    await page.getByTestId('findings-group-rule').click();
    await check('group by rule: one group per rule, counts match the API', async () => {
      await page.waitForURL(/group=rule/);
      await page.waitForFunction(() => document.querySelector('[data-testid="findings-group-rule"]')?.getAttribute('aria-pressed') === 'true');
      const groups = await page.getByTestId('finding-group').evaluateAll((els) => els.map((el) => [el.getAttribute('data-group'), Number(el.getAttribute('data-count'))]));
      const expected = new Map();
      for (const f of all.findings) expected.set(f.rule, (expected.get(f.rule) ?? 0) + 1);
      if (groups.length !== expected.size || groups.some(([rule, n]) => expected.get(rule) !== n)) throw new Error(`groups ${JSON.stringify(groups)}`);
      return true;
    });
    const firstGroup = page.getByTestId('finding-group').first();
    await firstGroup.getByTestId('finding-group-toggle').click();
    await check('a group folds: its rows go, the button says it is collapsed', async () =>
      (await firstGroup.getByTestId('finding-row').count()) === 0 && (await firstGroup.getByTestId('finding-group-toggle').getAttribute('aria-expanded')) === 'false',
    );
    await firstGroup.getByTestId('finding-group-toggle').press('Enter');
    await check('and unfolds again from the keyboard', async () => (await firstGroup.getByTestId('finding-row').count()) > 0);

    await page.getByTestId('findings-group-person').click();
    await check(`group by person: ${person.email}'s findings (leaver and offboarding) are together`, async () => {
      await page.waitForURL(/group=person/);
      await page.waitForFunction(() => document.querySelector('[data-testid="findings-group-person"]')?.getAttribute('aria-pressed') === 'true');
      const group = page.locator(`[data-testid="finding-group"][data-group="identity:${person.identityId}"]`);
      const kinds = await group.getByTestId('finding-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
      const expected = all.findings.filter((f) => f.subject.identityId === person.identityId).length;
      if (kinds.length !== expected || !kinds.includes('leaver-still-active')) throw new Error(`kinds ${JSON.stringify(kinds)}, expected ${expected}`);
      return true;
    });

    await page.getByTestId('findings-status').selectOption('all');
    const stored = await apiCall(server, 'listFindings', { status: 'all' });
    await check('status "all" (no as-of): resolved findings join the open ones', async () => {
      await page.waitForURL(/status=all/);
      await page.waitForFunction((n) => document.querySelector('[data-testid="findings-count"]')?.getAttribute('data-total') === String(n), stored.findings.length, { timeout: 10_000 });
      return stored.findings.length > all.findings.length;
    });
  },
};
