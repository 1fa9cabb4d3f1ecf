// People on the demo history: every person and account is listed with honest counts, search and
// a filter narrow the list, sorting is announced, the unknown account the demo planted is a row
// with no identity, and a row opens its person from the keyboard.
import { api, openAppAt, plantedEmail, visibleRows, waitForShown } from './people-helpers.mjs';

export const peopleList = {
  name: 'People lists, searches, filters and sorts the demo organisation',
  async run(t) {
    const { page, check, waitForPage, screenshot, demo } = t;
    await openAppAt(t, null);
    await page.getByTestId('nav-people').click();
    await waitForPage(page, 'people', ['ready']);
    const truth = await api(page, 'listPeople');
    const count = page.getByTestId('people-count');

    await check('the count shows every person and account of the newest collection', async () => {
      const shown = Number(await count.getAttribute('data-shown'));
      const total = Number(await count.getAttribute('data-total'));
      const unknown = Number(await count.getAttribute('data-unknown'));
      const expectedUnknown = truth.rows.filter((r) => r.identityId === null).length;
      if (total !== truth.rows.length || shown !== total || unknown !== expectedUnknown || total < 60) {
        throw new Error(`shown ${shown}, total ${total} (API ${truth.rows.length}), unknown ${unknown} (API ${expectedUnknown})`);
      }
      return (await count.innerText()).startsWith(`Showing ${total} of ${total}`);
    });
    await check('the page names the collection that answers and the uncertainty window', async () => {
      const answer = page.getByTestId('as-of-answer');
      const id = Number(await answer.getAttribute('data-collection'));
      const text = await answer.innerText();
      if (id !== truth.collectionId || id !== demo.collections) throw new Error(`collection ${id}, API ${truth.collectionId}, demo ${demo.collections}`);
      return text.includes(`collection ${id}`) && (await page.getByTestId('as-of-answer-window').innerText()).includes('not seen');
    });
    await check('the table is virtualized: it declares every row but renders only those in view', async () => {
      const rendered = (await visibleRows(page)).length;
      const declared = Number(await page.getByTestId('people-table').getAttribute('aria-rowcount'));
      return rendered > 5 && rendered < truth.rows.length && declared === truth.rows.length + 1;
    });
    await screenshot(page, 'people', { fullPage: false });

    // Search narrows (after the debounce), case-insensitively, over name, email and employee id.
    const someone = truth.rows.find((r) => r.identityId !== null && r.displayName && r.employeeId);
    const surname = someone.displayName.split(' ').at(-1);
    const expected = truth.rows.filter((r) => [r.displayName, r.email, r.employeeId].some((v) => (v ?? '').toLowerCase().includes(surname.toLowerCase()))).length;
    await page.getByTestId('people-search').fill(surname.toUpperCase());
    const afterSearch = await waitForShown(page, { shown: expected });
    await check(`searching "${surname.toUpperCase()}" narrows to the ${expected} matching rows`, async () => {
      const rows = await visibleRows(page);
      return afterSearch < truth.rows.length && rows.length === expected && rows.some((r) => r.email === someone.email);
    });
    await check('the search is in the URL, so Back from a person returns to it', () => new URL(page.url()).searchParams.get('q') === surname.toUpperCase());
    // Typed key by key, slower than the debounce: the list follows and focus stays in the box.
    await page.getByTestId('people-search').fill('');
    await waitForShown(page, { shown: truth.rows.length });
    await page.getByTestId('people-search').focus();
    await page.keyboard.type(surname.slice(0, 3), { delay: 250 });
    await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, surname.slice(0, 3));
    await check('typing key by key filters as you go and keeps focus in the search box', async () => {
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      const shown = Number(await count.getAttribute('data-shown'));
      return focused === 'people-search' && shown < truth.rows.length;
    });
    await page.getByTestId('people-search').fill(someone.employeeId.toLowerCase());
    await waitForShown(page, { shown: 1 });
    await check('an employee id finds exactly that person', async () => (await visibleRows(page))[0]?.email === someone.email);
    await page.getByTestId('people-clear').click();
    await waitForShown(page, { shown: truth.rows.length });

    // Filter: leavers only.
    const leavers = truth.rows.filter((r) => r.leaver);
    await page.getByTestId('people-filter-leaversOnly').check();
    await waitForShown(page, { shown: leavers.length });
    await check(`"Leavers only" shows the ${leavers.length} leavers and nobody else`, async () => {
      const rows = await visibleRows(page);
      return leavers.length > 0 && rows.length === leavers.length && rows.every((r) => leavers.some((l) => l.email === r.email) && r.text.includes('leaver'));
    });
    await page.getByTestId('people-filter-leaversOnly').uncheck();
    await waitForShown(page, { shown: truth.rows.length });

    // Sorting: by open findings, announced with aria-sort.
    await page.getByTestId('people-sort-openFindings').locator('button').click();
    await check('sorting by findings puts the most findings first and sets aria-sort', async () => {
      const sortState = await page.getByTestId('people-sort-openFindings').getAttribute('aria-sort');
      const nameSort = await page.getByTestId('people-sort-name').getAttribute('aria-sort');
      const first = (await visibleRows(page))[0];
      const max = Math.max(...truth.rows.map((r) => r.openFindings));
      const firstRow = truth.rows.find((r) => r.email === first.email);
      if (sortState !== 'descending' || nameSort !== 'none' || firstRow?.openFindings !== max) throw new Error(`aria-sort ${sortState}/${nameSort}, first ${first.email} (${firstRow?.openFindings}), max ${max}`);
      return true;
    });

    // The unknown account the demo planted: a row with no identity.
    const unknownEmail = plantedEmail(demo, 'unknown-account');
    await page.getByTestId('people-filter-unknownOnly').check();
    await waitForShown(page, { shown: truth.rows.filter((r) => r.identityId === null).length });
    await check(`the planted unknown account ${unknownEmail} is a row with no identity ("no person")`, async () => {
      const row = (await visibleRows(page)).find((r) => r.email === unknownEmail);
      if (!row) throw new Error(`no row for ${unknownEmail}`);
      return row.identity === '' && row.text.includes('no person');
    });
    await page.getByTestId('people-clear').click();
    await waitForShown(page, { shown: truth.rows.length });

    // Keyboard: rows are reachable; arrows move, Enter opens the person.
    await page.getByTestId('people-row').first().focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-email'));
    const second = (await visibleRows(page))[1];
    await check('ArrowDown moves focus to the next row (roving tabindex: one row in the tab order)', async () => {
      const tabbable = await page.locator('[data-testid="people-row"][tabindex="0"]').count();
      return focused === second.email && tabbable === 1;
    });
    await page.keyboard.press('Enter');
    await waitForPage(page, 'person', ['ready']);
    await check('Enter opens that person’s page', () => decodeURIComponent(new URL(page.url()).pathname) === `/people/${second.email}`);
    await page.goBack();
    await waitForPage(page, 'people', ['ready']);
    await check('Back returns to People with the sort kept', async () => (await page.getByTestId('people-sort-openFindings').getAttribute('aria-sort')) === 'descending');
  },
};
