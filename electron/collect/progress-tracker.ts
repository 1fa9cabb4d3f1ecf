import type { CollectionProgress, SourceRunStatus } from '../../shared/domain/collection';
import type { SourceProgress } from './connector';

type SourceLine = CollectionProgress['sources'][number];

/**
 * The live view of one running collection: updated as connectors report, read by the API
 * (the UI polls it) and by the CLI progress bar through the onChange callback.
 */
export class ProgressTracker {
  private readonly state: CollectionProgress;

  constructor(
    collectionId: number,
    startedAt: string,
    sources: { sourceId: string; kind: string }[],
    private readonly onChange?: (progress: CollectionProgress) => void,
  ) {
    this.state = {
      collectionId,
      startedAt,
      status: 'running',
      sources: sources.map((s) => ({
        sourceId: s.sourceId,
        kind: s.kind,
        status: 'reading',
        phase: 'starting',
        pages: 0,
        records: 0,
        quarantined: 0,
        waitingMs: 0,
        message: null,
      })),
    };
  }

  snapshot(): CollectionProgress {
    return structuredClone(this.state);
  }

  report(sourceId: string, progress: SourceProgress): void {
    this.update(sourceId, {
      phase: progress.phase,
      pages: progress.pages,
      records: progress.records,
      waitingMs: progress.waitingMs ?? 0,
      message: progress.message ?? null,
    });
  }

  waiting(sourceId: string, ms: number, reason: string): void {
    this.update(sourceId, { waitingMs: ms, message: `waiting ${Math.ceil(ms / 1000)} s (${reason})` });
  }

  quarantined(sourceId: string, count: number): void {
    this.update(sourceId, { quarantined: count });
  }

  /**
   * A source finished. `totals` (its verdict's pages and records) replace what the last
   * progress report said: connectors report per phase (the audit log's pages, say), and the
   * last line must show the whole read, as the stored collection does.
   */
  sourceDone(sourceId: string, status: SourceRunStatus, message: string | null = null, totals?: { pages: number; records: number }): void {
    this.update(sourceId, { status, waitingMs: 0, message, phase: status === 'complete' || status === 'degraded' ? 'read' : status, ...(totals ?? {}) });
  }

  finish(status: CollectionProgress['status']): void {
    this.state.status = status;
    this.onChange?.(this.snapshot());
  }

  private update(sourceId: string, patch: Partial<SourceLine>): void {
    const line = this.state.sources.find((s) => s.sourceId === sourceId);
    if (!line) return;
    Object.assign(line, patch);
    this.onChange?.(this.snapshot());
  }
}
