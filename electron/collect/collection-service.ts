import { AppError } from '../../shared/api/result';
import type { CollectionProgress } from '../../shared/domain/collection';
import type { Db } from '../db/open-database';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Connector } from './connector';
import type { HttpClient } from './http/http-client';
import { runCollection, type CollectionOutcome } from './run-collection';
import type { ProgressTracker } from './progress-tracker';
import { diagnose, okDiagnosis, rateLimitedDiagnosis, type Diagnosis } from './diagnose';
import { readSetting } from '../platform/settings';

/** The setting that holds the polling interval when the config file does not set one. */
export const SCHEDULE_SETTING = 'collection.intervalMinutes';

/** Where the list of sources comes from: a config file (read-only) or the app's saved connections. */
export interface SourcesProvider {
  describe(): string;
  /** Builds the connectors, resolving credentials; throws AppError naming what is missing. */
  connectors(): Connector[];
  connector(sourceId: string): Connector;
}

export interface CollectionServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** `failFast`: for a connection test, give up on an unreachable server after one retry instead of backing off for seconds. */
  createHttpClient: (options?: { failFast?: boolean }) => HttpClient;
  sources: SourcesProvider;
  /** Runs after a collection completes (starts judging its findings); its failure never fails the collection. */
  afterComplete?: (collectionId: number) => void;
}

interface Running {
  collectionId: number | null;
  tracker: ProgressTracker | null;
  controller: AbortController;
  done: Promise<CollectionOutcome>;
}

/**
 * Runs collections for the API, the CLI and the scheduler: one at a time per process, with
 * live progress and cancellation. Stays free of Electron so serve and the app share it.
 */
export class CollectionService {
  private running: Running | null = null;
  private lastProgress: CollectionProgress | null = null;
  private timer: NodeJS.Timeout | null = null;
  private scheduling: { configMinutes: number | null } | null = null;
  private scheduledMinutes: number | null = null;
  private nextRunMs: number | null = null;

  constructor(private readonly deps: CollectionServiceDeps) {}

  /**
   * Turns scheduled polling on (the app and `serve`; never one-shot commands). The config
   * file's interval wins; otherwise the Settings value, re-read whenever it changes.
   */
  enableScheduling(configMinutes: number | null): number | null {
    this.scheduling = { configMinutes };
    return this.refreshSchedule();
  }

  /** Re-applies the schedule after the setting changed; returns the interval now in force. */
  refreshSchedule(): number | null {
    if (!this.scheduling) return null;
    const setting = readSetting(this.deps.db, SCHEDULE_SETTING);
    const minutes = this.scheduling.configMinutes ?? (typeof setting === 'number' && Number.isInteger(setting) && setting >= 5 ? setting : null);
    if (minutes === this.scheduledMinutes) return minutes;
    if (minutes) this.schedule(minutes);
    else this.stopSchedule();
    this.scheduledMinutes = minutes;
    return minutes;
  }

  /** The interval the config file sets, which the Settings value cannot override (null without one). */
  get configScheduleMinutes(): number | null {
    return this.scheduling?.configMinutes ?? null;
  }

  get scheduleMinutes(): number | null {
    return this.scheduledMinutes;
  }

  /** When the scheduler next starts a collection (ISO), or null without a schedule. */
  get nextRunAt(): string | null {
    return this.timer && this.nextRunMs !== null ? new Date(this.nextRunMs).toISOString() : null;
  }

  /** Starts a collection in the background; resolves once it has an id. */
  async start(trigger: string, actor: string, onProgress?: (p: CollectionProgress) => void): Promise<{ collectionId: number; done: Promise<CollectionOutcome> }> {
    if (this.running) throw new AppError('CONFLICT', `Collection ${this.running.collectionId ?? ''} is still running; wait for it or cancel it.`.replace('  ', ' '));
    const connectors = this.deps.sources.connectors();
    const controller = new AbortController();
    let resolveId!: (id: number) => void;
    const idKnown = new Promise<number>((r) => (resolveId = r));
    const running: Running = { collectionId: null, tracker: null, controller, done: Promise.resolve(null as never) };
    this.running = running;
    running.done = runCollection(
      { db: this.deps.db, clock: this.deps.clock, logger: this.deps.logger, createHttpClient: this.deps.createHttpClient },
      connectors,
      {
        trigger,
        actor,
        signal: controller.signal,
        onStart: (id, tracker) => {
          running.collectionId = id;
          running.tracker = tracker;
          resolveId(id);
        },
        onProgress: (p) => {
          this.lastProgress = p;
          onProgress?.(p);
        },
      },
    )
      .then((outcome) => {
        if (outcome.status === 'complete' && this.deps.afterComplete) {
          try {
            this.deps.afterComplete(outcome.collectionId);
          } catch (error) {
            this.deps.logger.error(`findings for collection ${outcome.collectionId} could not be computed`, { error: String(error) });
          }
        }
        return outcome;
      })
      .finally(() => {
        if (this.running === running) this.running = null;
      });
    running.done.catch(() => undefined);
    const collectionId = await Promise.race([idKnown, running.done.then((o) => o.collectionId)]);
    return { collectionId, done: running.done };
  }

  /** Starts and waits: for the CLI and the demo. */
  async runToEnd(trigger: string, actor: string, onProgress?: (p: CollectionProgress) => void, signal?: AbortSignal): Promise<CollectionOutcome> {
    const { done } = await this.start(trigger, actor, onProgress);
    const onAbort = () => this.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  cancel(collectionId?: number): boolean {
    if (!this.running) return false;
    if (collectionId !== undefined && this.running.collectionId !== collectionId) return false;
    this.running.controller.abort();
    return true;
  }

  progress(): CollectionProgress | null {
    return this.running?.tracker?.snapshot() ?? this.lastProgress;
  }

  /** Reads a source just far enough to prove access (first page), then stops. */
  async test(sourceId: string): Promise<Diagnosis> {
    let connector: Connector;
    try {
      connector = this.deps.sources.connector(sourceId);
    } catch (error) {
      return diagnose(error);
    }
    const controller = new AbortController();
    // A person is waiting on the answer: "connection refused" should come back in a second.
    const http = this.deps.createHttpClient({ failFast: true });
    try {
      if (connector.probe) {
        const checked = await connector.probe({ http, clock: this.deps.clock, signal: controller.signal, cursors: new Map() });
        return okDiagnosis(`Connected to ${sourceId}: ${checked} (${requests(http.requestCount)}).`);
      }
      const iterator = connector.read({ http, clock: this.deps.clock, signal: controller.signal, cursors: new Map() });
      for (;;) {
        const step = await iterator.next();
        if (step.done) return okDiagnosis(`Read ${step.value.records} records from ${sourceId}.`);
        const item = step.value;
        // Waiting on the rate limit is an answer a person can act on; a backoff after a failure is
        // not yet an answer (the fail-fast client retries once, then throws).
        if (item.type === 'progress' && item.progress.waitingMs && /rate limit|Retry-After/i.test(item.progress.message ?? '')) {
          controller.abort();
          await iterator.return?.(undefined as never);
          return rateLimitedDiagnosis(`${sourceId}: ${item.progress.message}. The credential was not rejected, but the API is refusing requests for now.`);
        }
        // Only data read proves the connection: a progress line can come before any request was answered.
        if (item.type === 'record' || item.type === 'records' || item.type === 'event') {
          controller.abort();
          await iterator.return?.(undefined as never);
          return okDiagnosis(
            http.requestCount === 0
              ? `Read the first records of ${sourceId} (a local file, no network).`
              : `Connected to ${sourceId} and read its first page (${requests(http.requestCount)}).`,
          );
        }
      }
    } catch (error) {
      return diagnose(error);
    } finally {
      await http.close().catch(() => undefined);
    }
  }

  /** Polls every `minutes`; a run still going when the next is due is not doubled up. */
  schedule(minutes: number, actor = 'scheduler'): void {
    this.stopSchedule();
    this.nextRunMs = this.deps.clock.now().getTime() + minutes * 60_000;
    this.timer = setInterval(() => {
      this.nextRunMs = this.deps.clock.now().getTime() + minutes * 60_000;
      if (this.running) return;
      this.start('schedule', actor).catch((error: unknown) => this.deps.logger.warn('scheduled collection did not start', { error: String(error) }));
    }, minutes * 60_000);
    this.timer.unref();
  }

  stopSchedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.nextRunMs = null;
  }

  async close(): Promise<void> {
    this.stopSchedule();
    if (this.running) {
      this.running.controller.abort();
      await this.running.done.catch(() => undefined);
    }
  }
}

const requests = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;
