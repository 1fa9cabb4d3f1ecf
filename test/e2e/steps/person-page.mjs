// A person on the demo history: a leaver whose Prefect access was never removed (planted by the
// demo). Their page shows the identity, the leaver status, the effective-access table, the
// provenance of a role with its evidence ("Why?"), their findings, and the timeline as a chart
// and as a table with the revocation latency against the policy deadline.
import { api, openAppAt, plantedEmail, waitForShown } from './people-helpers.mjs';

export const personPage = {
  name: 'a person: effective access, "Why?" with evidence, findings and the timeline',
  async run(t) {
    const { page, check, waitForPage, screenshot, demo } = t;
    const email = plantedEmail(demo, 'leaver-still-active');
    await openAppAt(t, null);
    const person = await api(page, 'personAt', { email });
    const timeline = await api(page, 'personTimeline', { email });
    const findings = await api(page, 'listFindings', { email });

    // Reach the person the way a reader would: search People, open the row.
    await page.getByTestId('nav-people').click();
    await waitForPage(page, 'people', ['ready']);
    await page.getByTestId('people-search').fill(email);
    await waitForShown(page, { shown: 1 });
    await page.getByTestId('people-row').first().click();
    await waitForPage(page, 'person', ['ready']);

    await check(`the person page opens at /people/<address> (${email}), URL-encoded`, () => new URL(page.url()).pathname === `/people/${encodeURIComponent(email)}`);
    await check('the heading is the person’s name and the identity is the one the API resolves', async () => {
      const heading = await page.getByTestId('page-heading').innerText();
      const identityId = await page.getByTestId('person-identity-id').innerText();
      return heading === person.identity.displayName && identityId === person.identity.identityId;
    });
    await check('the leaver status says leaver, with the reasons', async () => {
      const box = page.getByTestId('person-leaver');
      const text = await box.innerText();
      return (await box.getAttribute('data-leaver')) === 'true' && person.leaver.reasons.every((r) => text.includes(r));
    });

    const account = person.accounts.find((a) => a.active && a.workspaces.length > 0);
    const withRole = account.workspaces.filter((w) => w.role !== null);
    await check(`the effective-access table lists the ${account.workspaces.length} workspaces with their resulting roles`, async () => {
      const rows = await page.getByTestId('access-row').evaluateAll((els) => els.map((e) => ({ ws: e.getAttribute('data-workspace'), role: e.getAttribute('data-role') })));
      if (rows.length !== account.workspaces.length) throw new Error(`${rows.length} rows`);
      return withRole.every((w) => rows.some((r) => r.ws === (w.workspaceHandle ?? w.workspaceName) && r.role === w.role.name));
    });
    await screenshot(page, 'person');

    // "Why?": the grants behind one role, each with its stored facts and collections.
    const target = withRole.find((w) => w.grants.some((g) => g.kind === 'team')) ?? withRole[0];
    const row = page.locator(`[data-testid="access-row"][data-workspace="${target.workspaceHandle ?? target.workspaceName}"]`);
    const why = row.getByTestId('access-why');
    await why.click();
    const grants = page.getByTestId('grant-list').first();
    await grants.waitFor();
    await check('"Why?" expands (aria-expanded) to every grant behind the role, strongest first', async () => {
      const kinds = await grants.getByTestId('grant').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      return (await why.getAttribute('aria-expanded')) === 'true' && JSON.stringify(kinds) === JSON.stringify(target.grants.map((g) => g.kind));
    });
    await check('each grant cites its evidence: source, kind, key and the collections it held over (linked)', async () => {
      const refs = await grants.getByTestId('fact-ref').evaluateAll((els) =>
        els.map((e) => ({ kind: e.getAttribute('data-kind'), from: e.getAttribute('data-valid-from'), text: e.textContent ?? '', link: e.querySelector('a')?.getAttribute('href') })),
      );
      const expected = target.grants.flatMap((g) => g.evidence);
      if (refs.length !== expected.length) throw new Error(`${refs.length} facts shown, ${expected.length} in the API answer`);
      return expected.every((f, i) => refs[i].kind === f.kind && refs[i].text.includes(f.key) && refs[i].link === `/settings/collections/${f.validFrom}`);
    });
    if (target.grants.some((g) => g.kind === 'team')) {
      const team = target.grants.find((g) => g.kind === 'team').team;
      await check(`a team grant names the team (${team.name}) and its directory group`, async () => {
        const text = await grants.innerText();
        return text.includes(`Team ${team.name}`) && (team.directoryGroupId === null || text.includes(team.directoryGroupId));
      });
    }
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'person-why', { fullPage: false });

    await check(`the ${findings.findings.length} open finding(s) about the person link to their pages`, async () => {
      const links = await page.getByTestId('person-finding').locator('a').evaluateAll((els) => els.map((a) => a.getAttribute('href')));
      return findings.findings.length > 0 && findings.findings.every((f) => links.some((href) => href.startsWith(`/findings/${f.id}`)));
    });

    // The timeline: a chart (with a text equivalent) and a table of the same events.
    const chart = page.getByTestId('timeline-chart');
    await chart.locator('svg').first().waitFor();
    await check('the timeline chart is drawn, with an accessible name, points and between-polls ranges', async () => {
      const label = await chart.locator('[role="img"]').getAttribute('aria-label');
      const points = Number(await chart.getAttribute('data-points'));
      const dots = await chart.locator('.recharts-scatter-symbol').count();
      return (label ?? '').includes('Timeline of') && points > 0 && dots === points;
    });
    await check(`the timeline table lists all ${timeline.events.length} events, between-polls ones with their window`, async () => {
      const rows = await page.getByTestId('timeline-row').evaluateAll((els) => els.map((e) => ({ precision: e.getAttribute('data-precision'), text: e.textContent ?? '' })));
      if (rows.length !== timeline.events.length) throw new Error(`${rows.length} rows, API ${timeline.events.length}`);
      const between = rows.filter((r) => r.precision === 'between-polls');
      return between.every((r) => r.text.includes('between two polls'));
    });
    await check('the revocation latency is shown as still active, past the policy deadline', async () => {
      const latency = page.getByTestId('revocation-latency');
      const state = await latency.getAttribute('data-state');
      const verdict = await latency.getAttribute('data-verdict');
      const text = await latency.innerText();
      return state === timeline.revocation.state && state === 'still-active' && verdict === 'still-active-missed' && text.includes('and counting');
    });
    await page.getByTestId('person-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'person-timeline', { fullPage: false });
  },
};
