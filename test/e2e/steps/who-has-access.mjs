// "Who had access to workspace W at T": reached from a finding about a workspace, filtered by
// workspace and person, paged, with the totals the API gives.
import { apiCall, openPath } from '../lib/api-call.mjs';

export const whoHasAccess = {
  name: 'access diff: who has access',
  async run({ page, server, check, waitForPage, screenshot }) {
    const findings = await apiCall(server, 'listFindings', {});
    const about = findings.findings.find((f) => f.subject.workspaceId && f.subject.email);
    await check('a finding about one workspace exists to start from', () => Boolean(about));
    const workspaceId = about.subject.workspaceId;

    await openPath(page, server, `/findings/${about.id}`);
    await waitForPage(page, 'finding', ['ready']);
    await page.getByTestId('finding-subject-workspace').click();
    await waitForPage(page, 'access-diff', ['ready']);
    const api = await apiCall(server, 'accessAt', { workspace: workspaceId, limit: 50 });
    await check('the finding links to who has access to its workspace', async () => {
      const url = new URL(page.url());
      return url.searchParams.get('tab') === 'access' && url.searchParams.get('workspace') === workspaceId && (await page.getByTestId('access-workspace').inputValue()) === workspaceId;
    });
    await check(`every row is on that workspace; ${api.total} in all, as the API says`, async () => {
      const ws = await page.getByTestId('access-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-workspace')));
      return Number(await page.getByTestId('access-total').getAttribute('data-total')) === api.total && ws.length === Math.min(50, api.total) && ws.every((w) => w === workspaceId);
    });
    await check('the answer names the collection that proves it', async () => Number(await page.getByTestId('answer-source').getAttribute('data-collection')) === api.collectionId);

    await screenshot(page, 'who-has-access');

    await page.getByTestId('access-person').fill(about.subject.email);
    await page.getByTestId('access-person-apply').click();
    await check(`filtered to ${about.subject.email}: their role on the workspace is there`, async () => {
      await page.waitForURL(/person=/);
      await page.waitForFunction((email) => {
        const rows = [...document.querySelectorAll('[data-testid="access-row"]')];
        return rows.length > 0 && rows.every((r) => r.getAttribute('data-email') === email);
      }, about.subject.email, { timeout: 10_000 });
      return true;
    });

    await page.getByTestId('access-clear').click();
    const everyone = await apiCall(server, 'accessAt', { limit: 50 });
    await check(`without filters: ${everyone.total} rows over ${everyone.workspaces.length} workspaces in the picker`, async () => {
      await page.waitForFunction((n) => document.querySelector('[data-testid="access-total"]')?.getAttribute('data-total') === String(n), everyone.total, { timeout: 10_000 });
      return (await page.getByTestId('access-workspace').locator('option').count()) === everyone.workspaces.length + 1;
    });
    if (everyone.total > 50) {
      await page.getByTestId('access-next').click();
      await check('Next shows the second page of rows', async () => {
        await page.waitForFunction(() => document.querySelector('[data-testid="access-range"]')?.textContent?.startsWith('Rows 51–'), null, { timeout: 10_000 });
        return (await page.getByTestId('access-prev').isEnabled()) === true;
      });
    }
  },
};
