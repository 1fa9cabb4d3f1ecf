import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { RemediationPage } from '../../renderer/src/pages/remediation-page';
import { EvidencePage } from '../../renderer/src/pages/evidence-page';

const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('pages for capabilities this version does not have', () => {
  it('say so plainly instead of blaming missing collections', () => {
    for (const [Page, name] of [
      [RemediationPage, 'remediation'],
      [EvidencePage, 'evidence'],
    ] as const) {
      const shown = text(renderToStaticMarkup(<MemoryRouter><Page /></MemoryRouter>));
      expect(shown).toContain(`Not in this version yet This version of Access Ledger does not have ${name} yet.`);
      expect(shown).not.toMatch(/No collections yet|demo organisation/);
    }
  });
});
