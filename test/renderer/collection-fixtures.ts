import type { CollectionSummary, SourceRunSummary } from '../../shared/domain/collection';

/** A source row and a collection summary as the API returns them, with overrides per test. */
export function source(overrides: Partial<SourceRunSummary> = {}): SourceRunSummary {
  return {
    sourceId: 'okta',
    kind: 'okta',
    status: 'complete',
    mode: 'full',
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:00:02.000Z',
    pages: 3,
    records: 100,
    events: 4,
    quarantined: 0,
    requests: 5,
    factsOpened: 100,
    factsClosed: 0,
    contentHash: 'ab'.repeat(32),
    notes: [],
    error: null,
    ...overrides,
  };
}

export function collection(overrides: Partial<CollectionSummary> = {}): CollectionSummary {
  return {
    id: 1,
    status: 'complete',
    trigger: 'manual',
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:00:02.000Z',
    durationMs: 2000,
    requestCount: 10,
    contentHash: 'cd'.repeat(32),
    error: null,
    sources: [source(), source({ sourceId: 'prefect', kind: 'prefect', records: 50, factsOpened: 7, factsClosed: 3, quarantined: 2 })],
    ...overrides,
  };
}
