import { demoBench } from './demo-bench';

/** Benchmarks added by later capabilities (analysis, demo) register here. */
export const benches: Record<string, { title: string; target: string; run: () => Promise<Record<string, number | string>> }> = {
  demo: {
    title: 'Demo: 250 people, 90 simulated days, every collection over HTTP against the simulators',
    target: 'under 20 s; requests per collection = pages the caps require (ratio 1.0)',
    run: demoBench,
  },
};
