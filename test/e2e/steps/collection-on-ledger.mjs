// The collection is on the hash-chained ledger, and the chain still verifies.
export const collectionOnLedger = {
  name: 'the ledger records the collection',
  async run({ page, check, waitForPage, screenshot }) {
    await page.getByTestId('nav-ledger').click();
    await waitForPage(page, 'ledger', ['ready']);
    const entry = page.locator('[data-testid="ledger-row"]', { hasText: 'collection.completed' });
    await check('a collection.completed entry names collection 1 and its status', async () => {
      if ((await entry.count()) !== 1) throw new Error(`${await entry.count()} collection.completed entries`);
      const text = await entry.innerText();
      return text.includes('collection 1') && text.includes('"complete"');
    });
    await check('the chain verifies with the collection on it', async () => (await page.getByTestId('chain-status').getAttribute('data-ok')) === 'true');
    await screenshot(page, 'ledger-collection', { fullPage: false });
  },
};
