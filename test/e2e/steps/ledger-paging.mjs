// More entries than one page: "Show older entries" must follow nextBeforeSeq to the end.
const EXTRA_CHANGES = 60;

export const ledgerPaging = {
  name: 'ledger pages through older entries',
  async run({ page, check, waitForPage, screenshot }) {
    // Make the changes through the same authenticated API the app uses (token from this tab).
    const failures = await page.evaluate(async (n) => {
      const token = sessionStorage.getItem('access-ledger.token');
      let failed = 0;
      for (let i = 0; i < n; i += 1) {
        const response = await fetch('/api/setSetting', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ key: 'e2e.pagingProbe', value: i }),
        });
        if (response.status !== 200) failed += 1;
      }
      return failed;
    }, EXTRA_CHANGES);
    await check(`${EXTRA_CHANGES} changes made through the API with the page's token`, failures === 0, `${failures} calls failed`);

    await page.getByRole('button', { name: 'Refresh' }).click();
    await waitForPage(page, 'ledger', ['ready']);
    const total = Number(await page.getByTestId('chain-status').getAttribute('data-checked'));
    await check('first page shows 50 entries, newest first', async () => {
      const seqs = await page.getByTestId('ledger-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
      if (seqs.length !== 50 || seqs[0] !== total) throw new Error(`rows ${seqs.length}, first seq ${seqs[0]}, total ${total}`);
      return seqs.every((s, i) => i === 0 || s === seqs[i - 1] - 1);
    });
    await page.getByTestId('ledger-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="ledger-row"]').length === n, total);
    await check('"Show older entries" loads the rest, down to entry #1, and then disappears', async () => {
      const last = await page.getByTestId('ledger-row').last().getAttribute('data-seq');
      const moreButtons = await page.getByTestId('ledger-more').count();
      return last === '1' && moreButtons === 0 && (await page.getByTestId('ledger-count').innerText()) === `Showing ${total} of ${total}`;
    });
    await screenshot(page, 'ledger-paged');
  },
};
