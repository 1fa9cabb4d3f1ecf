// Shared by the People / person e2e steps: open the app in this flow's tab (whatever the steps
// before left it on), call the API with the tab's token, and read the demo's planted problems.

/** The tab is on the app with its token; then goes to `path` through a full load (deep link). */
export async function openAppAt(t, path) {
  const { page, server, waitForPage } = t;
  const hasToken = page.url().startsWith(server.origin) && (await page.evaluate(() => sessionStorage.getItem('access-ledger.token') !== null));
  if (!hasToken) {
    await page.goto(server.url);
    await waitForPage(page, 'overview');
  }
  if (path) await page.goto(`${server.origin}${path}`);
}

/** One API call with the page's token, as the app makes it; throws on an error envelope. */
export async function api(page, channel, args = {}) {
  const envelope = await page.evaluate(
    async ({ channel, args }) => {
      const token = sessionStorage.getItem('access-ledger.token');
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args),
      });
      return response.json();
    },
    { channel, args },
  );
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value;
}

/** The address a planted problem is about (the demo's notes start with it). */
export function plantedEmail(demo, kind) {
  const planted = (demo?.planted ?? []).find((p) => p.kind === kind);
  const email = planted ? /[^\s:]+@[^\s:]+/.exec(planted.note)?.[0] : undefined;
  if (!email) throw new Error(`the demo planted no ${kind} with an address (planted: ${JSON.stringify(demo?.planted?.map((p) => p.kind))})`);
  return email;
}

/** Waits until the People count reads `shown` (a number), or differs from `not` (after the search debounce and render). */
export async function waitForShown(page, { shown, not }) {
  await page.waitForFunction(
    ({ shown, not }) => {
      const count = document.querySelector('[data-testid="people-count"]');
      const value = count?.getAttribute('data-shown');
      // A result still being computed shows the previous one: wait for the settled count.
      if (value === null || value === undefined || count.getAttribute('data-pending') !== 'false') return false;
      return shown !== undefined ? Number(value) === shown : Number(value) !== not;
    },
    { shown, not },
  );
  return Number(await page.getByTestId('people-count').getAttribute('data-shown'));
}

/** The People rows now in the DOM (the table is virtualized: only those in view). */
export async function visibleRows(page) {
  return page.getByTestId('people-row').evaluateAll((rows) =>
    rows.map((r) => ({ email: r.getAttribute('data-email'), identity: r.getAttribute('data-identity'), text: r.textContent ?? '' })),
  );
}
