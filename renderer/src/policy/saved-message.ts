import type { ResultOf } from '../../../shared/api/contract';

/** What a save did, in words: the version in force and whether findings were judged again. */
export function savedMessage(result: ResultOf<'savePolicy'>): string {
  if (!result.changed) return `Nothing changed: version ${result.version} is still in force.`;
  return result.rejudged
    ? `Saved version ${result.version}; findings re-judged under it.`
    : `Saved version ${result.version}. There is no complete collection yet: the next one is judged under it.`;
}
