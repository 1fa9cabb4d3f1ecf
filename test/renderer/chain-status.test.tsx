import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ChainStatus } from '../../renderer/src/components/chain-status';
import type { LedgerVerification } from '../../shared/domain/app';

const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
const base: LedgerVerification = { ok: true, checked: 12, headSeq: 12, headHash: 'a'.repeat(64), brokenAt: null, problem: null, disagreements: [] };

describe('ChainStatus', () => {
  it('an intact chain whose tables disagree says so, listing each disagreement, not "chain broken"', () => {
    const shown = text(
      renderToStaticMarkup(
        <ChainStatus result={{ ...base, ok: false, problem: 'collection 3 …', disagreements: ['collection 3 is "complete" in the collections table but ledger entry 9 records "degraded"', 'policy version 1 has no ledger entry'] }} />,
      ),
    );
    expect(shown).toContain('Tables disagree The hash chain is intact (12 entries), but the stored records no longer say what it recorded:');
    expect(shown).toContain('collection 3 is "complete" in the collections table but ledger entry 9 records "degraded" policy version 1 has no ledger entry');
    expect(shown).not.toContain('Chain broken');
  });

  it('a broken chain says where it breaks', () => {
    const shown = text(renderToStaticMarkup(<ChainStatus result={{ ...base, ok: false, brokenAt: 4, problem: 'entry 4 was altered after it was written' }} />));
    expect(shown).toContain('Chain broken The chain breaks at entry #4: entry 4 was altered after it was written');
  });
});
