import type { Db } from '../db/open-database';
import type { CollectionStatus } from '../../shared/domain/collection';
import type { Uncertainty } from '../../shared/domain/analysis';
export type { Uncertainty };

/** A collection as a point on the time axis: the analysis reasons about when things were seen. */
export interface CollectionPoint {
  id: number;
  status: CollectionStatus;
  startedAt: string;
  /** When its data was committed: the moment the state it holds was last confirmed. */
  finishedAt: string;
}

interface Row {
  id: number;
  status: CollectionStatus;
  started_at: string;
  finished_at: string;
}

const toPoint = (r: Row): CollectionPoint => ({ id: r.id, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at });

/**
 * Every collection whose data was committed (complete or degraded), oldest first. Fact
 * intervals only ever start or end at these; failed and cancelled runs stored nothing.
 * One small query: there is one row per poll.
 */
export function committedCollections(db: Db): CollectionPoint[] {
  return (
    db
      .prepare(`SELECT id, status, started_at, finished_at FROM collections WHERE status IN ('complete', 'degraded') AND finished_at IS NOT NULL ORDER BY id`)
      .all() as Row[]
  ).map(toPoint);
}

/** The complete collections only, oldest first: the ones analysis may run on. */
export function completeCollections(db: Db): CollectionPoint[] {
  return (
    db.prepare(`SELECT id, status, started_at, finished_at FROM collections WHERE status = 'complete' AND finished_at IS NOT NULL ORDER BY id`).all() as Row[]
  ).map(toPoint);
}

export function collectionPoint(db: Db, id: number): CollectionPoint | null {
  const row = db.prepare('SELECT id, status, started_at, finished_at FROM collections WHERE id = ?').get(id) as
    | (Omit<Row, 'finished_at'> & { finished_at: string | null })
    | undefined;
  if (!row) return null;
  return { id: row.id, status: row.status, startedAt: row.started_at, finishedAt: row.finished_at ?? row.started_at };
}

/** The complete collections just before and just after one collection (by id, which is time order). */
export function neighbourCompletes(db: Db, id: number): { previous: CollectionPoint | null; next: CollectionPoint | null } {
  const prev = db
    .prepare(`SELECT id, status, started_at, finished_at FROM collections WHERE status = 'complete' AND id < ? ORDER BY id DESC LIMIT 1`)
    .get(id) as Row | undefined;
  const next = db
    .prepare(`SELECT id, status, started_at, finished_at FROM collections WHERE status = 'complete' AND id > ? ORDER BY id ASC LIMIT 1`)
    .get(id) as Row | undefined;
  return { previous: prev ? toPoint(prev) : null, next: next ? toPoint(next) : null };
}

/**
 * Collection id -> time, for turning fact interval bounds (collection ids) into times.
 * Built once per analysis from committedCollections().
 */
export class CollectionClock {
  private readonly byId = new Map<number, CollectionPoint>();
  readonly points: readonly CollectionPoint[];
  constructor(points: CollectionPoint[]) {
    this.points = points;
    for (const p of points) this.byId.set(p.id, p);
  }
  get(id: number): CollectionPoint | undefined {
    return this.byId.get(id);
  }
  timeOf(id: number): string | null {
    return this.byId.get(id)?.finishedAt ?? null;
  }
  /** The newest committed collection strictly before `id` (the last one that could have seen the old state). */
  before(id: number): CollectionPoint | null {
    let lo = 0;
    let hi = this.points.length - 1;
    let found: CollectionPoint | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.points[mid]!;
      if (p.id < id) {
        found = p;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
