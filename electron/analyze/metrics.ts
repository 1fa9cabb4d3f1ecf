import type { Db } from '../db/open-database';
import { completeCollections } from './collection-points';
import { sourceFamily } from './snapshot-view';
import { openFindingsSeries } from './findings/findings-store';
import type { OrgMetricsPoint } from '../../shared/domain/analysis';
export type { OrgMetricsPoint };

/**
 * The Overview's series over time: active identities in the IdPs vs in Prefect, and open
 * findings by severity, one point per complete collection. Counting uses the intervals
 * directly: one pass over the (from, to) bounds of the matching fact versions, swept over
 * the collections, so a year of daily snapshots costs one read of the versions, not 365 snapshots.
 */
export function orgMetricsSeries(db: Db): OrgMetricsPoint[] {
  const points = completeCollections(db);
  if (points.length === 0) return [];
  const sources = db.prepare('SELECT DISTINCT source_id, kind FROM collection_sources').all() as { source_id: string; kind: string }[];
  const idp = sources.filter((s) => sourceFamily(s.kind) === 'idp').map((s) => s.source_id);
  const prefect = sources.filter((s) => sourceFamily(s.kind) === 'prefect').map((s) => s.source_id);
  const bounds = (sourceIds: string[], kind: string, condition: string): [number, number | null][] => {
    const statement = db.prepare(`SELECT valid_from, valid_to FROM facts WHERE source_id = ? AND kind = ? AND ${condition}`).raw();
    return sourceIds.flatMap((s) => statement.all(s, kind) as [number, number | null][]);
  };
  const idpCounts = sweep(points.map((p) => p.id), bounds(idp, 'idp_user', `value_json->>'$.lifecycle' = 'active'`));
  const prefectCounts = sweep(
    points.map((p) => p.id),
    bounds(prefect, 'prefect_member', `value_json->>'$.active' = 1 AND value_json->>'$.userId' IS NOT NULL`),
  );
  const findings = new Map(openFindingsSeries(db).map((s) => [s.collectionId, s.counts]));
  return points.map((p, i) => ({ collectionId: p.id, at: p.finishedAt, idpActive: idpCounts[i]!, idpSources: idp.length, prefectActive: prefectCounts[i]!, openFindings: findings.get(p.id) ?? null }));
}

/** For each collection id (ascending), how many [from, to) intervals contain it. */
function sweep(ids: number[], intervals: [number, number | null][]): number[] {
  const starts = intervals.map(([f]) => f).sort((a, b) => a - b);
  const ends = intervals.filter(([, t]) => t !== null).map(([, t]) => t as number).sort((a, b) => a - b);
  const out: number[] = [];
  let s = 0;
  let e = 0;
  for (const id of ids) {
    while (s < starts.length && starts[s]! <= id) s++;
    while (e < ends.length && ends[e]! <= id) e++;
    out.push(s - e);
  }
  return out;
}
