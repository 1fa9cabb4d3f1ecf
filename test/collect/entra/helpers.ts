import { createHttpClient } from '../../../electron/collect/http/undici-client';
import type { HttpClient } from '../../../electron/collect/http/http-client';
import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../../electron/collect/connector';
import type { RecordKind, SourceRecord } from '../../../shared/domain/records';
import { createEntraConnector, type EntraConnectorOptions } from '../../../electron/collect/connectors/entra/entra-connector';
import { ManualClock } from '../../../electron/platform/clock';
import type { RunningEntraSim } from '../../../electron/simulate/entra/entra-sim';
import { ORG_NOW } from '../../simulate/entra/fixtures';

export interface ReadResult {
  items: SourceItem[];
  verdict: SourceVerdict;
}

/** Drains a read: every item in order, and the verdict. */
export async function runRead(connector: Connector, ctx: ConnectorContext): Promise<ReadResult> {
  const items: SourceItem[] = [];
  const generator = connector.read(ctx);
  for (;;) {
    const step = await generator.next();
    if (step.done) return { items, verdict: step.value };
    items.push(step.value);
  }
}

/** Runs a read expected to fail and returns the error. */
export async function readError(connector: Connector, ctx: ConnectorContext): Promise<Error> {
  try {
    await runRead(connector, ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the read was expected to fail');
}

export interface Harness {
  http: HttpClient;
  clock: ManualClock;
  sleeps: number[];
  ctx(cursors?: ReadonlyMap<string, string>): ConnectorContext;
}

/** An HttpClient that records waits instead of sleeping, and a clock pinned to the org's "now". */
export function harness(): Harness {
  const sleeps: number[] = [];
  const clock = new ManualClock(ORG_NOW);
  const http = createHttpClient({
    proxy: 'none',
    now: () => clock.now().getTime(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return {
    http,
    clock,
    sleeps,
    ctx: (cursors = new Map()) => ({ http, clock, signal: new AbortController().signal, cursors }),
  };
}

export function connectorFor(sim: Pick<RunningEntraSim, 'credentials'>, overrides: Partial<EntraConnectorOptions> = {}): Connector {
  return createEntraConnector({
    sourceId: 'entra-test',
    tenantId: sim.credentials.tenantId,
    clientId: sim.credentials.clientId,
    auth: { type: 'secret', clientSecret: sim.credentials.clientSecret },
    graphBaseUrl: sim.credentials.graphBaseUrl,
    loginBaseUrl: sim.credentials.loginBaseUrl,
    ...overrides,
  });
}

export function cursorsOf(items: SourceItem[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of items) if (item.type === 'cursor') out.set(item.name, item.value);
  return out;
}

export function records<K extends RecordKind>(items: SourceItem[], kind: K): Extract<SourceRecord, { kind: K }>[];
export function records(items: SourceItem[]): SourceRecord[];
export function records(items: SourceItem[], kind?: RecordKind): SourceRecord[] {
  return items.flatMap((i) => (i.type === 'record' && (!kind || i.record.kind === kind) ? [i.record] : []));
}

export function removals(items: SourceItem[]) {
  return items.flatMap((i) => (i.type === 'removed' ? [`${i.kind} ${i.key}`] : []));
}

/**
 * What the store is required to do with a read (the semantics the connector relies on):
 * a full read replaces everything with what it yielded; a delta read applies records and
 * removals in order, and a removed group takes its memberships with it.
 */
export function applyRead(previous: Map<string, unknown>, result: ReadResult): Map<string, unknown> {
  const state = result.verdict.mode === 'full' ? new Map<string, unknown>() : new Map(previous);
  for (const item of result.items) {
    if (item.type === 'record') state.set(`${item.record.kind} ${item.record.key}`, item.record.value);
    if (item.type === 'removed') {
      state.delete(`${item.kind} ${item.key}`);
      if (item.kind === 'idp_group') {
        for (const key of [...state.keys()]) if (key.startsWith(`idp_group_member ${item.key}:`)) state.delete(key);
      }
    }
  }
  return state;
}

export function sortedEntries(state: Map<string, unknown>): [string, unknown][] {
  return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
