import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import type { ReactNode } from 'react';
import { DiagnosisCard } from '../../renderer/src/components/connections/diagnosis-card';
import { CredentialsTable } from '../../renderer/src/components/connections/credentials-table';
import { CollectionTable } from '../../renderer/src/components/collections/collection-table';
import { CollectionOutcome } from '../../renderer/src/components/collections/collection-outcome';
import { QuarantineTable } from '../../renderer/src/components/collections/quarantine-table';
import { StatusBadge } from '../../renderer/src/components/status-badge';
import { LedgerClientProvider } from '../../renderer/src/api/client-context';
import type { LedgerApi } from '../../shared/api/contract';
import { collection } from './collection-fixtures';

// Static rendering (no DOM needed): what each view says for the cases a person must not misread.
const html = (node: ReactNode) =>
  renderToStaticMarkup(
    <LedgerClientProvider api={{} as LedgerApi}>
      <MemoryRouter>{node}</MemoryRouter>
    </LedgerClientProvider>,
  );
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('DiagnosisCard', () => {
  it('shows a failure with its kind, the message and what to do, as an alert', () => {
    const markup = html(
      <DiagnosisCard sourceId="okta" diagnosis={{ ok: false, problem: 'permission', message: 'Okta /api/v1/users: 403 missing scope okta.users.read', hint: 'Grant the scope.' }} />,
    );
    expect(markup).toContain('role="alert"');
    expect(text(markup)).toContain('okta: Missing permission or scope');
    expect(text(markup)).toContain('403 missing scope okta.users.read');
    expect(text(markup)).toContain('What to do: Grant the scope.');
  });
  it('shows success without a hint', () => {
    const markup = html(<DiagnosisCard sourceId="prefect" diagnosis={{ ok: true, problem: 'none', message: 'Read the first page.', hint: 'The connection works.' }} />);
    expect(text(markup)).toContain('prefect: Connection works');
    expect(markup).not.toContain('What to do');
  });
});

describe('CredentialsTable', () => {
  const credentials = [
    { name: 'OKTA_TOKEN', present: false, where: 'environment variable OKTA_TOKEN' },
    { name: 'PREFECT_API_KEY', present: true, where: 'environment variable PREFECT_API_KEY' },
  ];
  it('headless: explains which environment variable to set, and offers no input', () => {
    const markup = html(<CredentialsTable credentials={credentials} canStore={false} onStored={() => undefined} />);
    expect(text(markup)).toContain('Set the environment variable OKTA_TOKEN before starting access-ledger serve');
    expect(markup).not.toContain('<input');
    expect(markup).toContain('data-present="false"');
  });
  it('desktop: offers a password field per credential, never a plain text one', () => {
    const markup = html(<CredentialsTable credentials={credentials} canStore onStored={() => undefined} />);
    expect(markup.match(/type="password"/g)).toHaveLength(2);
    expect(markup).not.toMatch(/<input(?![^>]*type="password")/);
  });
});

describe('collection views', () => {
  it('mark the current collection and show every status in words', () => {
    const rows = [collection({ id: 2, status: 'failed', contentHash: null, error: 'okta: 401' }), collection({ id: 1 })];
    const markup = html(<CollectionTable collections={rows} currentId={1} />);
    expect(text(markup)).toMatch(/#2 manual Failed/);
    expect(text(markup)).toMatch(/#1 current manual Complete/);
    expect(text(markup)).toContain('+107 / −3');
  });
  it('say why a run did not complete and that the previous snapshot stays current', () => {
    const markup = html(<CollectionOutcome summary={collection({ id: 3, status: 'cancelled', error: 'Cancelled by the user.', requestCount: 1 })} />);
    expect(text(markup)).toContain('Collection 3 was cancelled in 2.0 s: 1 request, 150 records from 2 sources, 2 quarantined.');
    expect(text(markup)).toContain('Cancelled by the user.');
    expect(text(markup)).toContain('the previous complete collection stays current');
  });
  it('badges carry the status as text and as data', () => {
    expect(html(<StatusBadge status="degraded" />)).toBe('<span class="badge badge--degraded" data-status="degraded">Degraded</span>');
  });
});

describe('QuarantineTable', () => {
  const item = { sourceId: 'hr', kind: 'hr_employee', location: '/data/roster.csv:5', reason: 'hire_date "2023-13-45" is not a real calendar date', raw: '{}' };
  it('lists each refused record with where it came from and why', () => {
    const t = text(html(<QuarantineTable page={{ collectionId: 3, total: 1, items: [item] }} />)).replace(/&quot;/g, '"');
    expect(t).toContain('hr hr_employee /data/roster.csv:5 hire_date "2023-13-45" is not a real calendar date');
    expect(t).not.toContain('The first');
  });
  it('says when it shows only the first of more', () => {
    const t = text(html(<QuarantineTable page={{ collectionId: 3, total: 250, items: Array.from({ length: 200 }, () => item) }} />));
    expect(t).toContain('The first 200 of 250');
  });
});
