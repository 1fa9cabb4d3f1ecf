import type { SnapshotPoint } from '../../../shared/domain/analysis';
import { parseTimeArg } from '../../../shared/domain/time-arg';

/**
 * Which complete collection answers for an "as of" time, worked out in the browser from the
 * list of complete collections (snapshotTimes), so the header can say it before any page has
 * asked the API. Same rule as the engine (electron/analyze/snapshot-view.ts resolveAsOf): the
 * newest complete collection that had finished at or before T (ties: the higher id); the
 * state could have changed unseen until the next complete collection. A bare date means the
 * end of that day, UTC (shared parseTimeArg), exactly as the API reads it.
 */
export type AsOfResolution =
  | { kind: 'no-collections' }
  | { kind: 'invalid'; text: string }
  /** T is earlier than every complete collection: nothing can answer for it. */
  | { kind: 'before-first'; time: Date; first: SnapshotPoint }
  | {
      kind: 'resolved';
      /** The instant asked for; null for "now". */
      time: Date | null;
      point: SnapshotPoint;
      /** The next complete collection: the end of the uncertainty window (null: none yet). */
      next: SnapshotPoint | null;
      /** True when the answering collection is the newest one (the current snapshot). */
      latest: boolean;
    };

export function resolveAsOfClient(points: readonly SnapshotPoint[], at: string | null): AsOfResolution {
  const byId = [...points].sort((a, b) => a.collectionId - b.collectionId);
  let time: Date | null = null;
  if (at !== null) {
    time = parseTimeArg(at);
    if (!time) return { kind: 'invalid', text: at };
  }
  if (byId.length === 0) return { kind: 'no-collections' };
  const limit = time ? time.getTime() : Number.POSITIVE_INFINITY;
  let best: SnapshotPoint | null = null;
  for (const p of byId) {
    const finished = Date.parse(p.at);
    if (finished > limit) continue;
    // Newest finish wins; on a tie the higher id (the engine orders by finished_at DESC, id DESC).
    if (!best || finished > Date.parse(best.at) || (finished === Date.parse(best.at) && p.collectionId > best.collectionId)) best = p;
  }
  if (!best) return { kind: 'before-first', time: time as Date, first: earliest(byId) };
  const chosen = best;
  const next = byId.find((p) => p.collectionId > chosen.collectionId) ?? null;
  return { kind: 'resolved', time, point: chosen, next, latest: next === null };
}

function earliest(points: readonly SnapshotPoint[]): SnapshotPoint {
  return points.reduce((a, b) => (Date.parse(b.at) < Date.parse(a.at) ? b : a));
}

/** The `at` text for what the date and time pickers hold: a bare date (end of day) or a UTC date-time. */
export function atFromPickers(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !parseTimeArg(date)) return null;
  if (time === '') return date;
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time)) return null;
  const candidate = `${date}T${time.length === 5 ? `${time}:00` : time}Z`;
  return parseTimeArg(candidate) ? candidate : null;
}

/** What the pickers show for an `at`: its UTC date, and its UTC time unless it is a bare date. */
export function pickersFromAt(at: string | null): { date: string; time: string } {
  if (at === null) return { date: '', time: '' };
  const trimmed = at.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return { date: trimmed, time: '' };
  const parsed = parseTimeArg(trimmed);
  if (!parsed) return { date: '', time: '' };
  const iso = parsed.toISOString();
  const seconds = iso.slice(17, 19);
  return { date: iso.slice(0, 10), time: seconds === '00' ? iso.slice(11, 16) : iso.slice(11, 19) };
}

/** True when `at` names exactly this collection's commit time (so the picker can show it selected). */
export function atIsCollection(at: string | null, point: SnapshotPoint): boolean {
  if (at === null) return false;
  const parsed = parseTimeArg(at);
  return parsed !== null && !/^\d{4}-\d{2}-\d{2}$/.test(at.trim()) && parsed.getTime() === Date.parse(point.at);
}
