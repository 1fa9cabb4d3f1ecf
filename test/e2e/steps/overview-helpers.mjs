// Shared by the Overview steps: ask the API directly (the numbers the page must show) and
// read the page's parts by their test ids.

/** Calls one API channel with the serve token, as the page does; throws on an error envelope. */
export async function callApi(server, channel, args = {}) {
  const response = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`);
  return body.value;
}

/** The engine's rule, restated independently of the renderer: newest complete collection at or before T. */
export function expectedAnswer(points, isoTime) {
  const t = Date.parse(isoTime);
  const eligible = points.filter((p) => Date.parse(p.at) <= t);
  if (eligible.length === 0) return null;
  return eligible.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) || (Date.parse(b.at) === Date.parse(a.at) && b.collectionId > a.collectionId) ? b : a));
}

/** Opens the app through the printed link (stores the token in the tab) and waits for the Overview. */
export async function openOverview(t, search = '') {
  const { page, server, waitForPage } = t;
  await page.goto(server.url);
  await waitForPage(page, 'overview');
  if (search) {
    await page.goto(`${server.origin}/${search}`);
    await waitForPage(page, 'overview');
  }
}

/** The rows of a chart's number table as arrays of cell texts. */
export async function tableRows(page, testId) {
  return page.getByTestId(testId).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
}

/** The x position of the as-of marker line in one chart (to see it move). */
export async function markerX(page, chartTestId) {
  const line = page.getByTestId(`${chartTestId}-plot`).locator('.as-of-marker line');
  await line.first().waitFor({ state: 'attached' });
  return Number(await line.first().getAttribute('x1'));
}

/** Waits until the as-of control has resolved the current URL's time (or says nothing answers). */
export async function controlSettled(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="as-of-control"]');
    const state = el?.getAttribute('data-state');
    return state && state !== 'loading' && el.getAttribute('data-at') === (new URL(location.href).searchParams.get('at') ?? '');
  });
  const control = page.getByTestId('as-of-control');
  return { state: await control.getAttribute('data-state'), collectionId: await control.getAttribute('data-collection-id') };
}

/** Waits until ?at= in the address bar is `value` (null: absent); client-side routing fires no load event. */
export async function waitForAt(page, value) {
  await page.waitForFunction((expected) => new URL(location.href).searchParams.get('at') === expected, value);
}
