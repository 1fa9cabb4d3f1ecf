/** Benchmarks added by later capabilities (analysis, demo) register here. */
export const benches: Record<string, { title: string; target: string; run: () => Promise<Record<string, number | string>> }> = {};
