import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import type { ReactNode } from 'react';
import type { Grant, RevocationLatency, TimelineEvent } from '../../shared/domain/analysis';
import { GrantList } from '../../renderer/src/components/people/effective-access-table';
import { RevocationLatencyView } from '../../renderer/src/components/people/revocation-latency';
import { PersonTimelineList } from '../../renderer/src/components/people/person-timeline-list';
import { grantSource, latencyRange, matchLabel, precisionLabel } from '../../renderer/src/people/person-format';
import { axisTicks, HOUR_MS, pointsByLane, revocationMarks, timelineWindow, toPoint } from '../../renderer/src/people/timeline-data';

const html = (node: ReactNode) => renderToStaticMarkup(<MemoryRouter>{node}</MemoryRouter>);
const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

const fact = (kind: string, key: string, validFrom: number, validTo: number | null = null) => ({ sourceId: 'prefect', kind, key, validFrom, validTo }) as Grant['evidence'][number];

const teamGrant: Grant = {
  kind: 'team',
  roleId: 'r-dev',
  roleName: 'Developer',
  rank: 40,
  team: { teamId: 't1', name: 'prefect-data-eng', directoryGroupId: 'g-prefect-data-eng' },
  evidence: [fact('prefect_workspace_access', 'ws1:team:t1', 1), fact('prefect_team_member', 't1:actor', 3, 9)],
};
const defaultGrant: Grant = { kind: 'default', roleId: 'r-run', roleName: 'Runner', rank: 30, team: null, evidence: [fact('prefect_workspace', 'ws1', 1)] };

describe('provenance ("Why?")', () => {
  it('names each grant, marks the one that decides, and cites every fact with its collections', () => {
    const markup = html(<GrantList grants={[teamGrant, defaultGrant]} resulting="r-dev" />);
    const t = text(markup);
    expect(t).toContain('Developer team Team prefect-data-eng, synced from directory group g-prefect-data-eng (decides the resulting role)');
    expect(t).toContain('Runner workspace default The workspace’s default role for account members');
    expect(t.match(/decides the resulting role/g)).toHaveLength(1);
    expect(t).toContain('prefect_team_member t1:actor held from collection 3 , gone or changed by collection 9');
    expect(t).toContain('prefect_workspace ws1 held from collection 1 , still holds');
    expect(markup).toContain('href="/settings/collections/3"');
    expect(markup).toContain('href="/settings/collections/9"');
  });
  it('words every kind of grant', () => {
    expect(grantSource({ ...teamGrant, kind: 'direct', team: null })).toBe('Direct grant on the workspace');
    expect(grantSource({ ...teamGrant, team: { teamId: 't', name: 'oncall', directoryGroupId: null } })).toBe('Team oncall (not synced from a directory group)');
    expect(grantSource({ ...teamGrant, kind: 'account-admin', team: null })).toContain('Owner or Admin');
    expect(matchLabel('rule:handle-is-login')).toBe('rule handle-is-login');
    expect(matchLabel('manual')).toBe('manual link');
  });
});

const latency = (over: Partial<RevocationLatency>): RevocationLatency => ({
  terminatedAt: '2026-10-29T00:00:00.000Z',
  terminationBasis: 'hr-date',
  state: 'removed',
  lastSeenWithAccess: { collectionId: 4, at: '2026-11-02T06:00:00.000Z' },
  firstSeenWithout: { collectionId: 5, at: '2026-11-03T06:00:00.000Z' },
  removedAt: null,
  latencyHours: { min: 102, max: 126 },
  ...over,
});

describe('revocation latency against the deadline', () => {
  it('gives the verdict only where access outlived the leaving, and never rounds a straddling range into "on time"', () => {
    const verdictOf = (over: Partial<RevocationLatency>) =>
      /data-verdict="([^"]*)"/.exec(html(<RevocationLatencyView revocation={latency(over)} deadlineHours={24} />))![1];
    expect(verdictOf({ latencyHours: { min: 10, max: 20 } })).toBe('within');
    expect(verdictOf({ latencyHours: { min: 10, max: 30 } })).toBe('undetermined');
    expect(verdictOf({ latencyHours: { min: 25, max: 30 } })).toBe('missed');
    expect(verdictOf({ state: 'still-active', latencyHours: { min: 5, max: null } })).toBe('pending');
    expect(verdictOf({ state: 'still-active', latencyHours: { min: 50, max: null } })).toBe('still-active-missed');
    expect(verdictOf({ state: 'removed-before-termination', latencyHours: { min: 0, max: 0 } })).toBe('');
    expect(text(html(<RevocationLatencyView revocation={latency({ state: 'never-had-access' })} deadlineHours={24} />))).toContain('No offboarding deadline applies');
  });
  it('shows the range, not a single number, when the removal fell between polls', () => {
    expect(latencyRange({ min: 102, max: 126 })).toBe('between 102 h (4.3 days) and 126 h (5.3 days)');
    expect(latencyRange({ min: 103.3, max: 103.3 })).toBe('103.3 h (4.3 days)');
    expect(latencyRange({ min: 30, max: null })).toBe('at least 30 h, and counting');
    const t = text(html(<RevocationLatencyView revocation={latency({ latencyHours: { min: 20, max: 44 } })} deadlineHours={24} />));
    expect(t).toContain('Access lasted between 20 h and 44 h after leaving · policy deadline 24 h: Undetermined (poll gap spans the deadline)');
    expect(t).toContain('Last seen with access by collection 4');
    expect(t).toContain('known only to the window between those polls');
  });
});

const event = (over: Partial<TimelineEvent>): TimelineEvent => ({
  at: '2026-11-03T06:00:00.000Z',
  after: null,
  precision: 'exact',
  lane: 'prefect',
  type: 't',
  summary: 's',
  sourceId: 'prefect',
  evidence: { kind: 'prefect_member', key: 'm1', collections: { from: 1, to: 5 } },
  ...over,
});

describe('timeline', () => {
  const removed = event({ precision: 'between-polls', after: '2026-11-02T06:00:00.000Z', summary: 'Prefect membership removed' });
  it('draws a between-polls change at the poll that saw it, with a range back to the poll before', () => {
    const p = toPoint(removed);
    expect(p.x).toBe(Date.parse('2026-11-03T06:00:00.000Z'));
    expect(p.range).toEqual([24 * HOUR_MS, 0]);
    expect(toPoint(event({})).range).toEqual([0, 0]);
    expect(p.y).toBe(3);
    expect(toPoint(event({ lane: 'hr' })).y).toBe(0);
  });
  it('the list gives the same window in words', () => {
    const t = text(html(<PersonTimelineList events={[removed, event({ lane: 'finding', evidence: { kind: 'finding', key: 'abcdef0123456789' } })]} />));
    expect(t).toContain('2026-11-02 06:00:00 UTC – 2026-11-03 06:00:00 UTC Prefect account Prefect membership removed · prefect between two polls');
    expect(t).toContain('exact (when it was judged)');
    expect(precisionLabel({ precision: 'first-seen', after: null, lane: 'hr' })).toBe('already so when first read');
  });
  it('starts the axis near the first collection, keeps older events for the list, and spans everything on request', () => {
    const hired = event({ at: '2020-09-09T00:00:00.000Z', lane: 'hr', precision: 'date' });
    const events = [hired, removed];
    const near = timelineWindow(events, { firstCollectionAt: '2026-10-30T06:00:00.000Z', now: Date.parse('2026-11-28T06:00:00.000Z'), whole: false });
    expect(near.hiddenBefore).toBe(1);
    expect(near.from).toBeGreaterThan(Date.parse('2026-10-20'));
    expect(near.to).toBeGreaterThanOrEqual(Date.parse('2026-11-28T06:00:00.000Z'));
    expect([...pointsByLane(events, near).keys()]).toEqual(['prefect']);
    const whole = timelineWindow(events, { firstCollectionAt: '2026-10-30T06:00:00.000Z', now: Date.parse('2026-11-28T06:00:00.000Z'), whole: true });
    expect(whole.hiddenBefore).toBe(0);
    expect([...pointsByLane(events, whole).keys()]).toEqual(['hr', 'prefect']);
  });
  it('keeps a termination before the first collection on the chart', () => {
    const w = timelineWindow([removed], { firstCollectionAt: '2026-10-30T06:00:00.000Z', now: Date.parse('2026-11-28'), whole: false, marks: [Date.parse('2026-09-24')] });
    expect(w.from).toBeLessThan(Date.parse('2026-09-24'));
  });
  it('cuts a range that starts before the axis at its edge', () => {
    const w = { from: Date.parse('2026-11-02T18:00:00.000Z'), to: Date.parse('2026-11-10'), hiddenBefore: 0 };
    expect(pointsByLane([removed], w).get('prefect')![0]!.range).toEqual([12 * HOUR_MS, 0]);
  });
  it('marks the termination, the deadline and the removal window', () => {
    const m = revocationMarks(latency({ latencyHours: { min: 102, max: 126 } }), 48);
    expect(m.deadlineAt - m.terminatedAt).toBe(48 * HOUR_MS);
    expect(m.removal).toEqual({ from: m.terminatedAt + 102 * HOUR_MS, to: m.terminatedAt + 126 * HOUR_MS });
    expect(revocationMarks(latency({ state: 'still-active', latencyHours: { min: 10, max: null } }), 48).removal!.to).toBeNull();
    expect(revocationMarks(latency({ state: 'never-had-access' }), 48).removal).toBeNull();
  });
  it('ticks fall on whole days', () => {
    const ticks = axisTicks(Date.parse('2026-10-28T13:00:00Z'), Date.parse('2026-11-28T06:00:00Z'));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.every((t) => t % (24 * HOUR_MS) === 0)).toBe(true);
  });
});
