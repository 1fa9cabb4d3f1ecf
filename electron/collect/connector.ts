import type { RecordKind, SourceEvent, SourceKind, SourceRecord } from '../../shared/domain/records';
import type { HttpClient } from './http/http-client';
import type { Clock } from '../platform/clock';

/**
 * What a connector yields while it reads a source. Connectors stream: they never hold a
 * whole source in memory, and the collection runner validates and stages each item as it
 * arrives.
 */
export type SourceItem =
  | { type: 'record'; record: SourceRecord }
  /** A page of records at once: cheaper per record for connectors that read large pages. */
  | { type: 'records'; records: SourceRecord[] }
  /** Delta reads only: the source says this thing is gone (e.g. Graph `@removed`). */
  | { type: 'removed'; kind: RecordKind; key: string }
  | { type: 'event'; event: SourceEvent }
  /** A record the connector could not normalize: stored with the reason, makes the read degraded. */
  | { type: 'quarantine'; kind: RecordKind | 'event' | 'unknown'; reason: string; raw: unknown; where: string }
  /** A cursor to store for the next read (Okta log position, Graph deltaLink); saved only if the collection commits. */
  | { type: 'cursor'; name: string; value: string }
  | { type: 'progress'; progress: SourceProgress };

export interface SourceProgress {
  phase: string;
  pages: number;
  records: number;
  /** Set while the connector waits on a rate limit. */
  waitingMs?: number;
  message?: string;
}

/**
 * How a read ended. `complete` is false whenever the connector cannot vouch that it saw
 * everything it should have (a count that does not add up, a capped page, a skipped
 * group): then the runner never infers removals from what is missing.
 */
export interface SourceVerdict {
  complete: boolean;
  /** full: everything the source holds was read; delta: only changes since the stored cursor. */
  mode: 'full' | 'delta';
  pages: number;
  records: number;
  events: number;
  notes: string[];
}

/** Everything a connector needs from the outside world, handed in so tests can fake it. */
export interface ConnectorContext {
  http: HttpClient;
  clock: Clock;
  signal: AbortSignal;
  /** Cursors stored by the last committed collection for this source. */
  cursors: ReadonlyMap<string, string>;
}

export interface Connector {
  readonly sourceId: string;
  readonly kind: SourceKind;
  /** Streams items; the generator's return value is the verdict. Throws on failure. */
  read(ctx: ConnectorContext): AsyncGenerator<SourceItem, SourceVerdict, void>;
  /**
   * For "Test connection": one small request to every endpoint a read needs, so a permission
   * granted for the first but not a later one (Entra's groups, Okta's System Log) is found now,
   * not by the first collection. Resolves with what was checked; throws like read() does.
   * Connectors whose one credential opens everything (SCIM, Prefect, a file) leave it out.
   */
  probe?(ctx: ConnectorContext): Promise<string>;
}
