import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../../electron/collect/connector';
import { createHttpClient } from '../../../electron/collect/http/undici-client';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import { ManualClock } from '../../../electron/platform/clock';
import { ORG_NOW } from '../../simulate/okta/fixtures';

/** Fake time for the HttpClient: sleeping advances the clock at once and records how long was asked. */
export function fakeTime(startMs = Date.now()) {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** An HttpClient that never really sleeps (backoffs and rate-limit waits are recorded instead). */
export function fastHttp(time = fakeTime()): HttpClient {
  return createHttpClient({ proxy: 'none', now: time.now, sleep: time.sleep, random: () => 0.5, maxRetries: 5 });
}

export function makeCtx(overrides: Partial<ConnectorContext> = {}): ConnectorContext {
  return {
    http: overrides.http ?? createHttpClient({ proxy: 'none' }),
    clock: overrides.clock ?? new ManualClock(ORG_NOW),
    signal: overrides.signal ?? new AbortController().signal,
    cursors: overrides.cursors ?? new Map(),
  };
}

export interface ReadOutcome {
  items: SourceItem[];
  verdict: SourceVerdict | null;
  error: Error | null;
}

/** Runs a read to its end, keeping everything yielded and the verdict or the error. */
export async function runRead(connector: Connector, ctx: ConnectorContext): Promise<ReadOutcome> {
  const items: SourceItem[] = [];
  const gen = connector.read(ctx);
  try {
    for (;;) {
      const step = await gen.next();
      if (step.done) return { items, verdict: step.value, error: null };
      items.push(step.value);
    }
  } catch (error) {
    return { items, verdict: null, error: error as Error };
  }
}

export function recordsOf(items: SourceItem[], kind: string) {
  return items.flatMap((i) => (i.type === 'record' && i.record.kind === kind ? [i.record] : []));
}

export function eventsOf(items: SourceItem[]) {
  return items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
}

export function cursorOf(items: SourceItem[], name = 'logs.next'): string | undefined {
  return items.flatMap((i) => (i.type === 'cursor' && i.name === name ? [i.value] : [])).at(-1);
}
