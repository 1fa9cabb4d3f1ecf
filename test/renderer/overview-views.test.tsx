import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import type { ReactNode } from 'react';
import type { IdpVsPrefect, OrgMetricsPoint, RevocationLatencyReport } from '../../shared/domain/analysis';
import { HeadlineNumbers } from '../../renderer/src/components/overview/headline-numbers';
import { FindingsOverTime } from '../../renderer/src/components/overview/findings-over-time';
import { AccessOverTime } from '../../renderer/src/components/overview/access-over-time';
import { RevocationLatency } from '../../renderer/src/components/overview/revocation-latency';
import { ResolutionText } from '../../renderer/src/components/as-of-control';
import { resolveAsOfClient } from '../../renderer/src/analysis/resolve-as-of';

// Static rendering: the text and the links the Overview shows (charts need a browser; the tables do not).
const html = (node: ReactNode) => renderToStaticMarkup(<MemoryRouter>{node}</MemoryRouter>);
/** The href and data-value of the link with this test id. */
function link(markup: string, testId: string): { href: string; value: string } | null {
  const tag = markup.match(new RegExp(`<a [^>]*data-testid="${testId}"[^>]*>`))?.[0];
  if (!tag) return null;
  const attr = (name: string) => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1]?.replace(/&amp;/g, '&') ?? '';
  return { href: attr('href'), value: attr('data-value') };
}
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

const idp: IdpVsPrefect = {
  policyVersion: 2,
  collectionId: 12,
  collectedAt: '2026-11-10T06:00:00.000Z',
  uncertainty: { from: '2026-11-10T06:00:00.000Z', to: '2026-11-11T06:00:00.000Z' },
  activeInPrefectNotInIdp: [{ sourceId: 'prefect', membershipId: 'm1', email: 'x@partner.io', identityId: null, accountRole: 'Member', reason: 'no-identity' }],
  missingInPrefect: [],
  roleDifferences: [{ identityId: 'emp:1', email: 'jo@x.io', sourceId: 'prefect', membershipId: 'm2', actual: 'Member', expected: 'Admin', direction: 'below' }],
  teamDifferences: [],
};
const point = (id: number, day: string, openFindings: OrgMetricsPoint['openFindings']): OrgMetricsPoint => ({
  collectionId: id,
  at: `${day}T06:00:00.000Z`,
  idpActive: 50,
  idpSources: 1,
  prefectActive: 30,
  openFindings,
});

describe('HeadlineNumbers', () => {
  it('counts each disagreement and links every number to its list, keeping the as-of time', () => {
    const markup = html(<HeadlineNumbers at="2026-11-10" idp={idp} findings={point(12, '2026-11-10', { critical: 2, high: 11, medium: 5, low: 0 })} />);
    expect(text(markup)).toContain('From collection 12, 2026-11-10 06:00:00 UTC; could have changed unseen until 2026-11-11 06:00:00 UTC.');
    // Each directory number opens the IdP vs Prefect list it counts (not People or all role-drift findings).
    expect(link(markup, 'headline-not-vouched')).toEqual({ href: '/access-diff?tab=idp&at=2026-11-10', value: '1' });
    expect(link(markup, 'headline-missing')).toEqual({ href: '/access-diff?tab=idp&at=2026-11-10', value: '0' });
    expect(link(markup, 'headline-role-differences')).toEqual({ href: '/access-diff?tab=idp&at=2026-11-10', value: '1' });
    expect(link(markup, 'headline-team-differences')?.href).toBe('/access-diff?tab=idp&at=2026-11-10');
    expect(link(markup, 'headline-findings-high')).toEqual({ href: '/findings?severity=high&at=2026-11-10', value: '11' });
    expect(link(markup, 'headline-findings-low')).toEqual({ href: '/findings?severity=low&at=2026-11-10', value: '0' });
    expect(text(markup)).toContain('Who (2)');
  });
  it('says findings were not recorded instead of showing zeros', () => {
    const markup = html(<HeadlineNumbers at={null} idp={{ ...idp, uncertainty: { from: idp.collectedAt, to: null } }} findings={point(12, '2026-11-10', null)} />);
    expect(markup).toContain('data-testid="headline-findings-unjudged"');
    expect(markup).not.toContain('headline-findings-critical');
    expect(link(markup, 'headline-not-vouched')?.href).toBe('/access-diff?tab=idp');
    expect(text(markup)).toContain('the newest collection');
  });
});

describe('FindingsOverTime', () => {
  it('tabulates judged collections only and says how many were left out', () => {
    const markup = html(
      <FindingsOverTime
        points={[point(2, '2026-11-02', { critical: 1, high: 2, medium: 3, low: 4 }), point(1, '2026-11-01', null), point(3, '2026-11-03', { critical: 0, high: 2, medium: 3, low: 4 })]}
        resolution={null}
      />,
    );
    expect(markup.match(/<tr data-collection-id=/g)).toHaveLength(2);
    expect(markup).toMatch(/data-collection-id="2".*data-field="total">10</);
    expect(text(markup)).toContain('9 open at the newest judged collection');
    expect(text(markup)).toContain('1 collection has no recorded findings and is left out.');
  });
});

describe('AccessOverTime', () => {
  it('calls a sum over several identity providers accounts, not people', () => {
    const three = text(html(<AccessOverTime points={[{ ...point(1, '2026-11-01', null), idpActive: 705, idpSources: 3 }]} resolution={null} />));
    expect(three).toContain('705 active accounts summed over 3 identity providers (a person has an account in each, so this is not a head count');
    expect(three).toContain('Active IdP accounts (3 providers)');
    const one = text(html(<AccessOverTime points={[point(1, '2026-11-01', null)]} resolution={null} />));
    expect(one).toContain('50 active accounts in the identity provider, 30 active Prefect users.');
  });
});

describe('RevocationLatency', () => {
  it('lists every leaver with the latency range and a verdict that admits uncertainty', () => {
    const report: RevocationLatencyReport = {
      policyVersion: 3,
      deadlineHours: 48,
      terminationTimeZone: 'UTC',
      asOfCollectionId: 30,
      leavers: [
        {
          identityId: 'emp:1',
          displayName: 'Gap Person',
          email: 'gap@x.io',
          latency: {
            terminatedAt: '2026-11-01T00:00:00.000Z',
            terminationBasis: 'hr-date',
            state: 'removed',
            lastSeenWithAccess: { collectionId: 2, at: '2026-11-02T06:00:00.000Z' },
            firstSeenWithout: { collectionId: 3, at: '2026-11-04T06:00:00.000Z' },
            removedAt: null,
            latencyHours: { min: 30, max: 78 },
          },
        },
      ],
    };
    const markup = html(<RevocationLatency report={report} />);
    expect(text(markup)).toContain('1 leaver at collection 30, against a deadline of 48 h from the start of the termination day in UTC (policy version 3): 0 within, 0 missed, 1 undetermined');
    // The policy's zone is named, so a reader knows where the day the latencies count from began.
    expect(text(html(<RevocationLatency report={{ ...report, terminationTimeZone: 'Asia/Tokyo' }} />))).toContain('against a deadline of 48 h from the start of the termination day in Asia/Tokyo (policy version 3):');
    expect(text(html(<RevocationLatency report={{ ...report, policyVersion: 0 }} />))).toContain('in UTC (the built-in default policy):');
    expect(text(html(<RevocationLatency report={{ ...report, terminationTimeZone: 'Asia/Tokyo', leavers: [] }} />))).toContain('Deadline: 48 h from the start of the termination day in Asia/Tokyo (policy version 3).');
    expect(markup).toMatch(/data-verdict="undetermined"/);
    expect(text(markup)).toContain('30–78 h');
    expect(text(markup)).toContain('Undetermined (poll gap spans the deadline)');
  });
});

describe('ResolutionText', () => {
  const points = [
    { collectionId: 1, at: '2026-11-01T06:00:00.000Z' },
    { collectionId: 2, at: '2026-11-02T06:00:00.000Z' },
  ];
  it('names the answering collection and the window until the next poll', () => {
    expect(text(html(<ResolutionText resolution={resolveAsOfClient(points, '2026-11-01')} />))).toBe(
      'Answered by collection 1 , 2026-11-01 06:00:00 UTC; changes could have happened unseen until collection 2, 2026-11-02 06:00:00 UTC.',
    );
    expect(text(html(<ResolutionText resolution={resolveAsOfClient(points, null)} />))).toContain('(the newest); changes since then are unseen until the next poll.');
  });
  it('says plainly when nothing answers', () => {
    expect(text(html(<ResolutionText resolution={resolveAsOfClient(points, '2026-10-01')} />))).toBe(
      'Nothing answers for 2026-10-01 23:59:59 UTC: the first complete collection finished 2026-11-01 06:00:00 UTC.',
    );
    expect(text(html(<ResolutionText resolution={resolveAsOfClient([], null)} />))).toBe('No complete collection yet: nothing can answer for any time.');
  });
});
