import type { Severity } from '../../../../shared/domain/analysis';

/** One colour per severity, darkest for the worst; the charts and the headline numbers share it. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#7f1d1d',
  high: '#c2410c',
  medium: '#d99a1e',
  low: '#8a9bb0',
};
