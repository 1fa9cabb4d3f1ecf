import type { OrgMetricsPoint } from '../../../shared/domain/analysis';

/** One collection on the time axis, as the charts plot it (time as epoch ms for a numeric axis). */
export interface MetricsRow {
  t: number;
  collectionId: number;
  at: string;
  idpActive: number;
  prefectActive: number;
}

export interface FindingsRow {
  t: number;
  collectionId: number;
  at: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  total: number;
}

/** Oldest first, by collection id (time order). */
export function accessSeries(points: readonly OrgMetricsPoint[]): MetricsRow[] {
  return [...points]
    .sort((a, b) => a.collectionId - b.collectionId)
    .map((p) => ({ t: Date.parse(p.at), collectionId: p.collectionId, at: p.at, idpActive: p.idpActive, prefectActive: p.prefectActive }));
}

/**
 * The judged collections only: a collection without recorded findings has no count, and
 * drawing it as zero would claim a clean bill of health nobody issued.
 */
export function findingsSeries(points: readonly OrgMetricsPoint[]): { rows: FindingsRow[]; unjudged: number } {
  const sorted = [...points].sort((a, b) => a.collectionId - b.collectionId);
  const rows: FindingsRow[] = [];
  for (const p of sorted) {
    if (!p.openFindings) continue;
    const f = p.openFindings;
    rows.push({ t: Date.parse(p.at), collectionId: p.collectionId, at: p.at, ...f, total: f.critical + f.high + f.medium + f.low });
  }
  return { rows, unjudged: sorted.length - rows.length };
}

/** "2026-11-03" for axis ticks (UTC, like every time the app shows). */
export function dayTick(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
