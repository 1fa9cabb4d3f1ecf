import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import type { ReactNode } from 'react';
import { PolicySummary } from '../../renderer/src/components/policy/policy-summary';
import { PolicyHistory } from '../../renderer/src/components/policy/policy-history';
import { PolicyOriginNotice } from '../../renderer/src/components/policy/policy-origin-notice';
import { PolicyForm } from '../../renderer/src/components/policy/policy-form';
import { LedgerClientProvider } from '../../renderer/src/api/client-context';
import type { LedgerApi } from '../../shared/api/contract';
import { DEFAULT_POLICY, policySchema, type PolicyInForce } from '../../shared/domain/policy';

// Static rendering (no DOM needed): what the policy views say, and that every input is labelled.
const html = (node: ReactNode) =>
  renderToStaticMarkup(
    <LedgerClientProvider api={{} as LedgerApi}>
      <MemoryRouter>{node}</MemoryRouter>
    </LedgerClientProvider>,
  );
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

const saved: PolicyInForce = {
  version: 3,
  policy: policySchema.parse({
    version: 3,
    mappings: [{ idpGroup: 'prefect-admins', prefectTeam: 'admins', accountRole: 'Admin', workspaceRoles: [{ workspace: 'prod', role: 'Owner' }] }],
    dormancyDays: 1,
    breakGlassEmails: ['glass@example.com'],
    sodPairs: [{ a: { team: 'deployers' }, b: { workspaceRole: 'Approver' }, name: 'deploy / approve' }],
  }),
  sha256: 'a'.repeat(64),
  createdAt: '2026-11-27T09:30:00.000Z',
  actor: 'ana@example.com',
  note: 'tighter dormancy',
  origin: { kind: 'settings' },
};

describe('PolicySummary', () => {
  it('says which version is in force, who saved it when and why, and the rules in words', () => {
    const t = text(html(<PolicySummary current={saved} />));
    expect(t).toContain('Version 3');
    expect(t).toContain('Saved by ana@example.com');
    expect(t).toContain('Saved at 2026-11-27 09:30:00 UTC');
    expect(t).toContain('Note tighter dormancy');
    expect(t).toContain('Dormancy 1 day without activity');
    expect(t).toContain('Offboarding deadline 24 hours after termination');
    expect(t).toContain('prefect-admins admins Admin prod: Owner');
    expect(t).toContain('deploy / approve: Prefect team deployers must not meet Workspace role Approver on any workspace in one person');
    expect(t).toContain('glass@example.com');
  });

  it('names the termination time zone, and UTC when the policy sets none', () => {
    const tokyo: PolicyInForce = { ...saved, policy: { ...saved.policy, terminationTimeZone: 'Asia/Tokyo' } };
    expect(text(html(<PolicySummary current={tokyo} />))).toContain('Termination time zone Asia/Tokyo: the offboarding deadline counts from the start of the termination day there');
    // (text() puts a space where the muted span ends.)
    expect(text(html(<PolicySummary current={saved} />))).toMatch(/Termination time zone UTC \(none set\) ?: the offboarding deadline counts from the start of the termination day there/);
  });

  it('says plainly when the built-in default is in force and nothing is mapped', () => {
    const t = text(html(<PolicySummary current={{ version: 0, policy: DEFAULT_POLICY, sha256: '', createdAt: '', actor: 'built-in', note: 'default policy', origin: { kind: 'settings' } }} />));
    expect(t).toContain('0 (built-in default: never saved)');
    expect(t).toContain('No mapping: nothing is expected of directory groups');
    expect(t).toContain('No pairs');
  });
});

describe('PolicyHistory and the read-only notice', () => {
  it('marks the version in force', () => {
    const markup = html(
      <PolicyHistory
        inForce={2}
        versions={[
          { version: 2, sha256: 'b'.repeat(64), createdAt: '2026-11-28T10:00:00.000Z', actor: 'bo', note: null },
          { version: 1, sha256: 'c'.repeat(64), createdAt: '2026-11-27T10:00:00.000Z', actor: 'demo', note: 'first' },
        ]}
      />,
    );
    const rows = markup.split('data-testid="policy-history-row"').slice(1);
    expect(rows).toHaveLength(2);
    expect(text(rows[0]!)).toContain('in force');
    expect(text(rows[1]!)).not.toContain('in force');
    expect(text(rows[1]!)).toContain('first');
  });

  it('names the config file that owns the policy', () => {
    expect(text(html(<PolicyOriginNotice path="/etc/access-ledger.yaml" />))).toContain('Read-only: this policy comes from the config file /etc/access-ledger.yaml');
  });
});

describe('PolicyForm', () => {
  it('starts from the version in force and labels every control', () => {
    const markup = html(<PolicyForm current={saved} onSaved={() => undefined} onReload={() => undefined} />);
    expect(markup).toContain('data-version="3"');
    expect(text(markup)).toContain('Save as version 4');
    // Every input, select and textarea has a <label for> or an aria-label.
    const labelled = new Set([...markup.matchAll(/<label[^>]*for="([^"]+)"/g)].map((m) => m[1]));
    const controls = [...markup.matchAll(/<(input|select|textarea)\b([^>]*)>/g)];
    expect(controls.length).toBeGreaterThan(10);
    for (const [tag, , attrs] of controls) {
      const id = /\bid="([^"]+)"/.exec(attrs!)?.[1];
      expect(labelled.has(id) || /aria-label="[^"]+"/.test(attrs!), `${tag} ${attrs}`).toBe(true);
    }
    expect(markup).toMatch(/aria-label="Account role, mapping 1"[^>]*value="Admin"|value="Admin"[^>]*aria-label="Account role, mapping 1"/);
    expect(text(markup)).toContain('Note / reason (required)');
  });

  it('has a labelled termination time zone field, empty (UTC) unless the policy names one', () => {
    const field = (markup: string) => /<input[^>]*data-testid="policy-terminationTimeZone"[^>]*>/.exec(markup)?.[0] ?? '';
    const unset = html(<PolicyForm current={saved} onSaved={() => undefined} onReload={() => undefined} />);
    expect(field(unset)).toContain('value=""');
    expect(text(unset)).toContain('Termination time zone');
    const tokyo = html(<PolicyForm current={{ ...saved, policy: { ...saved.policy, terminationTimeZone: 'Asia/Tokyo' } }} onSaved={() => undefined} onReload={() => undefined} />);
    expect(field(tokyo)).toContain('value="Asia/Tokyo"');
    // Suggestions from Intl, so a name is picked rather than mistyped.
    expect(tokyo).toContain('<option value="Europe/Berlin">');
  });
});
