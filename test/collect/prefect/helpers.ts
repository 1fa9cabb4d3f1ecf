import type { Connector, SourceItem, SourceVerdict } from '../../../electron/collect/connector';
import { createHttpClient, type HttpClientOptions } from '../../../electron/collect/http/undici-client';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import { ManualClock } from '../../../electron/platform/clock';
import type { SourceRecord } from '../../../shared/domain/records';

/** An HTTP client for tests: no proxy, and sleeps that only record how long they would have waited. */
export function testHttp(options: HttpClientOptions & { onSleep?: (ms: number) => void } = {}): { http: HttpClient; waits: number[] } {
  const waits: number[] = [];
  const http = createHttpClient({
    proxy: 'none',
    random: () => 0.5,
    backoffBaseMs: 10,
    ...options,
    sleep: async (ms) => {
      waits.push(ms);
      options.onSleep?.(ms);
    },
  });
  return { http, waits };
}

export interface ReadOutcome {
  items: SourceItem[];
  verdict: SourceVerdict;
  records: SourceRecord[];
}

/** Drains a connector's read and returns everything it yielded plus its verdict. */
export async function runRead(connector: Connector, http: HttpClient, options: { now: string; cursors?: Map<string, string>; signal?: AbortSignal }): Promise<ReadOutcome> {
  const items: SourceItem[] = [];
  const gen = connector.read({
    http,
    clock: new ManualClock(options.now),
    signal: options.signal ?? new AbortController().signal,
    cursors: options.cursors ?? new Map(),
  });
  for (;;) {
    const next = await gen.next();
    if (next.done) {
      const records = items.flatMap((i) => (i.type === 'record' ? [i.record] : []));
      return { items, verdict: next.value, records };
    }
    items.push(next.value);
  }
}

export function recordsOf<K extends SourceRecord['kind']>(records: SourceRecord[], kind: K): Extract<SourceRecord, { kind: K }>[] {
  return records.filter((r): r is Extract<SourceRecord, { kind: K }> => r.kind === kind);
}

/** Requests the simulator saw, counted by method and path with the account/workspace ids folded. */
export function countByPath(requests: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of requests) {
    const key = r
      .replace(/\?.*$/, '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
