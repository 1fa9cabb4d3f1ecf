// The pages in the app's navigation, mirroring renderer/src/routes.tsx. `keyboard: true` marks
// the page the walk reaches with the keyboard instead of a click.
export const APP_PAGES = [
  { id: 'overview', label: 'Overview', path: '/' },
  { id: 'people', label: 'People', path: '/people' },
  { id: 'access-diff', label: 'Access diff', path: '/access-diff' },
  { id: 'findings', label: 'Findings', path: '/findings', keyboard: true },
  { id: 'remediation', label: 'Remediation', path: '/remediation' },
  { id: 'evidence', label: 'Evidence', path: '/evidence' },
  { id: 'ledger', label: 'Ledger', path: '/ledger' },
  { id: 'settings', label: 'Settings', path: '/settings' },
];

/** Which nav links claim to be the current page (should be exactly one). */
export async function currentNavIds(page) {
  return page.$$eval('nav[aria-label="Main"] a[aria-current="page"]', (links) => links.map((a) => a.getAttribute('data-testid')));
}
