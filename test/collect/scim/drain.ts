import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../../electron/collect/connector';
import { createHttpClient } from '../../../electron/collect/http/undici-client';
import { ManualClock } from '../../../electron/platform/clock';
import type { RecordKind, SourceRecord } from '../../../shared/domain/records';

/** A context over a real undici client on loopback, fast backoff, no proxy. */
export function testContext(signal: AbortSignal = new AbortController().signal): ConnectorContext {
  return {
    http: createHttpClient({ proxy: 'none', maxRetries: 2, backoffBaseMs: 1, maxWaitMs: 5_000 }),
    clock: new ManualClock('2025-06-02T12:00:00Z'),
    signal,
    cursors: new Map(),
  };
}

export interface Drained {
  items: SourceItem[];
  verdict: SourceVerdict;
  records: SourceRecord[];
  quarantined: Extract<SourceItem, { type: 'quarantine' }>[];
  of<K extends RecordKind>(kind: K): Extract<SourceRecord, { kind: K }>[];
}

/** Runs a connector's read to the end and sorts what it yielded. */
export async function drain(connector: Connector, ctx: ConnectorContext = testContext()): Promise<Drained> {
  const items: SourceItem[] = [];
  const gen = connector.read(ctx);
  try {
    for (;;) {
      const next = await gen.next();
      if (next.done) {
        const records = items.flatMap((i) => (i.type === 'record' ? [i.record] : []));
        return {
          items,
          verdict: next.value,
          records,
          quarantined: items.filter((i): i is Extract<SourceItem, { type: 'quarantine' }> => i.type === 'quarantine'),
          of: <K extends RecordKind>(kind: K) => records.filter((r): r is Extract<SourceRecord, { kind: K }> => r.kind === kind),
        };
      }
      items.push(next.value);
    }
  } finally {
    await ctx.http.close();
  }
}

/** The error a read fails with (the test fails if it does not). */
export async function readError(connector: Connector, ctx: ConnectorContext = testContext()): Promise<Error> {
  try {
    await drain(connector, ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail, but it completed');
}
