import type { SnapshotPoint } from '../../../shared/domain/analysis';
import { parseTimeArg } from '../../../shared/domain/time-arg';

/**
 * Whether a complete collection had finished by the as-of time (null: now), i.e. whether the
 * analysis channels can answer. Asked before calling them, so an empty store or a time before
 * the first poll is an honest "nothing yet" rather than a failed request. An unreadable time
 * counts as answerable: the API then names what is wrong with it.
 */
export function answerableAt(points: readonly SnapshotPoint[], at: string | null): boolean {
  if (points.length === 0) return false;
  if (at === null) return true;
  const time = parseTimeArg(at);
  if (!time) return true;
  return points.some((p) => Date.parse(p.at) <= time.getTime());
}
