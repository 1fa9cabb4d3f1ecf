import { demoBench } from './demo-bench';
import { analysisBench } from '../analyze/bench/analysis-bench';
import { peoplePageBench } from './people-page-bench';

/** Benchmarks added by later capabilities (analysis, demo) register here. */
export const benches: Record<string, { title: string; target: string; run: () => Promise<Record<string, number | string>> }> = {
  demo: {
    title: 'Demo: 250 people, 90 simulated days, every collection over HTTP against the simulators',
    target: 'under 20 s; requests per collection = pages the caps require (ratio 1.0)',
    run: demoBench,
  },
  analysis: {
    title: 'Analysis: 100k identities, 1M group memberships, a year of daily collections (0.5% of people hired, leaving or moving each day)',
    target: 'point-in-time for the whole organisation < 300 ms; all findings < 3 s; a diff < 1 s (issue 4)',
    run: () => analysisBench(),
  },
  'people-page': {
    title: 'People page: 100k people rendered in Chromium (listPeople answered with synthetic rows)',
    target: "first render of 100k rows under 1 s; typing in the search box never blocks (issue 4)",
    run: peoplePageBench,
  },
};
