// The header's as-of control on a demo history: choosing a collection, a date, or a date and
// time puts ?at= in the URL and changes which collection answers (in the header, in the
// Overview's numbers and on its charts); the navigation keeps ?at=; the keyboard works and
// keeps focus; a time before the first collection is said plainly; Now resets it.
import { callApi, controlSettled, expectedAnswer, markerX, openOverview, waitForAt } from './overview-helpers.mjs';

export const overviewAsOf = {
  name: 'as-of control: ?at=, the answering collection, navigation keeps it',
  async run(t) {
    const { page, server, check, waitForPage, screenshot } = t;
    await openOverview(t);
    const points = await callApi(server, 'snapshotTimes');
    const newest = points.at(-1);
    const xNow = await markerX(page, 'chart-access');
    const atParam = () => new URL(page.url()).searchParams.get('at');

    // A collection from the list: the middle one.
    const middle = points[Math.floor(points.length / 2)];
    const after = points.find((p) => p.collectionId > middle.collectionId);
    await page.getByTestId('as-of-collection').selectOption(String(middle.collectionId));
    await waitForAt(page, middle.at);
    await waitForPage(page, 'overview');
    await check(`choosing collection ${middle.collectionId} puts its time in ?at= and it answers`, async () => {
      const settled = await controlSettled(page);
      if (atParam() !== middle.at || settled.collectionId !== String(middle.collectionId)) throw new Error(`at=${atParam()}, answering ${JSON.stringify(settled)}`);
      const status = await page.getByTestId('as-of-status').innerText();
      return status.includes(`Answered by collection ${middle.collectionId}`) && status.includes(`unseen until collection ${after.collectionId}`);
    });
    await check('the Overview answers from that collection (headline, marker moved to it)', async () => {
      await page.locator(`[data-testid="headline-source"][data-collection-id="${middle.collectionId}"]`).waitFor();
      const from = await page.getByTestId('headline-source').getAttribute('data-collection-id');
      const idp = await callApi(server, 'idpVsPrefect', { at: middle.at });
      const shown = Number(await page.getByTestId('headline-not-vouched').getAttribute('data-value'));
      const x = await markerX(page, 'chart-access');
      if (from !== String(middle.collectionId) || shown !== idp.activeInPrefectNotInIdp.length) throw new Error(`from ${from}, shows ${shown}, API ${idp.activeInPrefectNotInIdp.length}`);
      return x < xNow;
    });
    await check('the uncertainty window to the next poll is shaded on the time charts', async () => (await page.getByTestId('chart-access-plot').locator('.as-of-window').count()) === 1);
    await screenshot(page, 'overview-as-of');

    // A date alone means the end of that day (UTC). The time picker still holds the chosen
    // collection's time, which a date change keeps: start again from Now, then pick the date.
    const day = points[3].at.slice(0, 10);
    const byDay = expectedAnswer(points, `${day}T23:59:59.999Z`);
    await page.getByTestId('as-of-now').click();
    await waitForAt(page, null);
    await page.getByTestId('as-of-date').fill(day);
    await waitForAt(page, day);
    await waitForPage(page, 'overview');
    await check(`a date (${day}) is the end of that day: collection ${byDay.collectionId} answers`, async () => {
      const settled = await controlSettled(page);
      return atParam() === day && settled.collectionId === String(byDay.collectionId);
    });

    // A time earlier than that day's poll: the day before answers.
    const earlyTime = new Date(Date.parse(byDay.at) - 60 * 60 * 1000).toISOString();
    const byTime = expectedAnswer(points, earlyTime);
    await page.getByTestId('as-of-time').fill(earlyTime.slice(11, 16));
    await waitForAt(page, `${day}T${earlyTime.slice(11, 16)}:00Z`);
    await waitForPage(page, 'overview');
    await check(`adding a time (${earlyTime.slice(11, 16)} UTC, before that day's poll) moves the answer to collection ${byTime.collectionId}`, async () => {
      const settled = await controlSettled(page);
      if (atParam() !== `${day}T${earlyTime.slice(11, 16)}:00Z`) throw new Error(`at=${atParam()}`);
      return settled.collectionId === String(byTime.collectionId) && byTime.collectionId !== byDay.collectionId;
    });

    // The navigation keeps ?at=, and coming back shows the same answer.
    const kept = atParam();
    for (const id of ['people', 'findings', 'overview']) {
      await page.getByTestId(`nav-${id}`).click();
      await waitForAt(page, kept);
    }
    await waitForPage(page, 'overview');
    await check('People, Findings and back to the Overview all keep ?at=; the control still answers the same', async () => {
      const hrefs = await page.locator('nav[aria-label="Main"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const settled = await controlSettled(page);
      return hrefs.every((h) => new URL(h, 'http://x').searchParams.get('at') === kept) && settled.collectionId === String(byTime.collectionId);
    });

    // Keyboard: the collection list is labelled, reachable, and changing it keeps focus there.
    await check('keyboard: the labelled collection list changes ?at= with the arrow keys and keeps focus', async () => {
      const select = page.getByLabel('Collection to answer from');
      await select.selectOption(String(newest.collectionId));
      await waitForAt(page, newest.at);
      await waitForPage(page, 'overview');
      await select.focus();
      await page.keyboard.press('ArrowDown');
      await waitForAt(page, points.at(-2).at);
      await waitForPage(page, 'overview');
      const below = points.at(-2);
      const settled = await controlSettled(page);
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      if (focused !== 'as-of-collection') throw new Error(`focus moved to ${focused}`);
      return atParam() === below.at && settled.collectionId === String(below.collectionId);
    });

    // Before the first collection: said plainly, no error, no numbers pretending to answer.
    const before = new Date(Date.parse(points[0].at) - 2 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.getByTestId('as-of-now').click();
    await waitForAt(page, null);
    await page.getByTestId('as-of-date').fill(before);
    await waitForAt(page, before);
    await waitForPage(page, 'overview');
    await check(`a date before the first collection (${before}) says nothing answers, and the page is not an error`, async () => {
      const settled = await controlSettled(page);
      const status = await page.getByTestId('as-of-status').innerText();
      const notice = await page.getByTestId('overview-no-answer').innerText();
      const headline = await page.getByTestId('headline').count();
      if (settled.state !== 'before-first' || !status.includes('Nothing answers') || !notice.includes('first complete collection finished')) throw new Error(`${settled.state}: ${status} / ${notice}`);
      return headline === 0 && (await page.getByTestId('page').getAttribute('data-state')) === 'ready';
    });

    // Now: back to the newest collection, ?at= gone.
    await page.getByTestId('as-of-now').click();
    await waitForAt(page, null);
    await waitForPage(page, 'overview');
    await check('Now removes ?at= and the newest collection answers again', async () => {
      const settled = await controlSettled(page);
      const disabled = await page.getByTestId('as-of-now').isDisabled();
      return atParam() === null && settled.collectionId === String(newest.collectionId) && disabled;
    });
  },
};
