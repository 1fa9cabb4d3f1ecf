import os from 'node:os';
import { setMaxListeners } from 'node:events';
import { createHash } from 'node:crypto';
import type { Db } from '../db/open-database';
import { describeMissing, missingSources, unretire } from './store/source-roster';
import { COMMIT_LOCK_WAIT_MS, waitingForLock } from '../db/lock-wait';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { redact } from '../platform/redact';
import { appendLedger } from '../evidence/ledger';
import { canonicalJson } from '../../shared/canonical-json';
import { recordSchemas, sourceEventSchema, type SourceRecord } from '../../shared/domain/records';
import type { CollectionProgress, CollectionStatus, SourceRunStatus } from '../../shared/domain/collection';
import type { Connector, SourceItem, SourceVerdict } from './connector';
import type { HttpClient } from './http/http-client';
import { SourceStage } from './store/source-stage';
import { mergeSource, type MergeMode } from './store/merge-source';
import { CONTENT_HASH_SCHEME } from './store/content-hash';
import { readCursors } from './store/collection-rows';
import { ProgressTracker } from './progress-tracker';
import { recordEncoder } from './record-encoder';

export interface CollectionDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** A fresh HTTP client per source, so requests are counted per source. */
  createHttpClient: () => HttpClient;
  /** How long the final write waits for another connection's write lock (default COMMIT_LOCK_WAIT_MS). */
  commitLockWaitMs?: number;
}

export interface CollectionOptions {
  trigger: string;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (progress: CollectionProgress) => void;
  /** Called once the collection row exists, before any source is read (the registry uses it). */
  onStart?: (collectionId: number, tracker: ProgressTracker) => void;
}

export interface CollectionOutcome {
  collectionId: number;
  status: CollectionStatus;
  error: string | null;
}

interface SourceRun {
  connector: Connector;
  stage: SourceStage;
  startedAt: string;
  finishedAt: string | null;
  verdict: SourceVerdict | null;
  error: string | null;
  /** The error was the run's abort reaching this source (a sibling failed, or the user cancelled), not its own. */
  stopped: boolean;
  requests: number;
  pages: number;
}

/**
 * Runs one collection: every source read concurrently into its own staging area, every
 * record validated against its schema, then one write transaction that folds all sources
 * into the fact intervals, records the run and appends it to the ledger.
 *
 * A source that fails, a cancellation or a crash means nothing is folded in: the run is
 * recorded as failed or cancelled and the previous snapshots stay exactly as they were.
 */
export async function runCollection(deps: CollectionDeps, connectors: Connector[], options: CollectionOptions): Promise<CollectionOutcome> {
  const { db, clock } = deps;
  assertUniqueSourceIds(connectors);
  const startedAt = clock.now().toISOString();
  const lockWait = deps.commitLockWaitMs ?? COMMIT_LOCK_WAIT_MS;
  const collectionId = waitingForLock(db, lockWait, () =>
    Number(
      db
        .prepare(`INSERT INTO collections (started_at, status, trigger, runner_pid, runner_host) VALUES (?, 'running', ?, ?, ?)`)
        .run(startedAt, options.trigger, process.pid, os.hostname()).lastInsertRowid,
    ),
  );
  const tracker = new ProgressTracker(
    collectionId,
    startedAt,
    connectors.map((c) => ({ sourceId: c.sourceId, kind: c.kind })),
    options.onProgress,
  );
  options.onStart?.(collectionId, tracker);

  const runs: SourceRun[] = [];
  try {
    for (const connector of connectors) {
      runs.push({ connector, stage: new SourceStage(db), startedAt, finishedAt: null, verdict: null, error: null, stopped: false, requests: 0, pages: 0 });
    }
    const controller = new AbortController();
    // Every request in flight listens on this one signal (undici removes each listener when
    // its request ends): sources read concurrently go past Node's default of 10 and it warns
    // of a leak that is not one.
    setMaxListeners(MAX_REQUESTS_IN_FLIGHT, controller.signal);
    // Why the run stopped early travels as the abort reason, so each source says the right one.
    const onAbort = () => controller.abort(CANCELLED_BY_USER);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Sources in the order their reads threw: the first that failed on its own is the root cause.
    const failures: SourceRun[] = [];
    // One failing source stops the others early: their data could not be used anyway. They
    // stop at their next step, and a request already in flight gets SIBLING_GRACE_MS to come
    // back first: a second bad credential then says so in this run, instead of only after the
    // first is fixed. Whatever is still waiting after that is aborted.
    const stopAtNextStep = new AbortController();
    let grace: NodeJS.Timeout | null = null;
    try {
      await Promise.all(
        runs.map((run) =>
          readSource(deps, run, tracker, controller.signal, stopAtNextStep.signal, failures).catch((error: unknown) => {
            // readSource has already said why it failed; only a throw from outside its read is described here.
            if (run.error === null) {
              run.error = describeFailure(error, controller.signal, false);
              run.finishedAt = clock.now().toISOString();
              failures.push(run);
            }
            if (!stopAtNextStep.signal.aborted) {
              stopAtNextStep.abort(CANCELLED_BY_SIBLING);
              grace = setTimeout(() => controller.abort(CANCELLED_BY_SIBLING), SIBLING_GRACE_MS);
            }
          }),
        ),
      );
    } finally {
      if (grace) clearTimeout(grace);
      options.signal?.removeEventListener('abort', onAbort);
    }

    const cancelled = options.signal?.aborted === true;
    if (cancelled || failures.length > 0) {
      const status: CollectionStatus = cancelled ? 'cancelled' : 'failed';
      const rootCause = failures.find((r) => !r.stopped) ?? failures[0];
      const error = cancelled ? 'Cancelled by the user.' : `${rootCause?.connector.sourceId}: ${rootCause?.error}`;
      recordUnsuccessful(deps, collectionId, runs, status, error, options.actor);
      tracker.finish(status);
      return { collectionId, status, error };
    }

    // The worker may hold the write lock for seconds: wait for it rather than lose the read.
    const status = waitingForLock(db, lockWait, () => commitCollection(deps, collectionId, runs, options.actor, startedAt));
    tracker.finish(status);
    return { collectionId, status, error: null };
  } catch (error) {
    // Anything unexpected (a database error while committing, say) leaves a failed record.
    const message = describeFailure(error, null, false);
    deps.logger.error(`collection ${collectionId} failed`, { error: message });
    try {
      recordUnsuccessful(deps, collectionId, runs, 'failed', message, options.actor);
    } catch (inner) {
      deps.logger.error(`could not record failure of collection ${collectionId}`, { error: String(inner) });
    }
    tracker.finish('failed');
    return { collectionId, status: 'failed', error: message };
  } finally {
    for (const run of runs) run.stage.drop();
  }
}

const CANCELLED_BY_SIBLING = 'stopped because another source failed';
const CANCELLED_BY_USER = 'cancelled by the user';
/** What readSource throws when the run's signal stops it: the only error that means "stopped", not "failed". */
class StoppedByAbort extends Error {
  constructor() {
    super('aborted');
  }
}
/** How long a request in flight when another source failed may take to come back with its own answer. */
const SIBLING_GRACE_MS = 3_000;
/** Requests of one collection that may wait on its cancellation signal at once (every source, queued ones included). */
const MAX_REQUESTS_IN_FLIGHT = 256;

async function readSource(
  deps: CollectionDeps,
  run: SourceRun,
  tracker: ProgressTracker,
  signal: AbortSignal,
  stopAtNextStep: AbortSignal,
  failures: SourceRun[],
): Promise<void> {
  const { connector, stage } = run;
  const http = deps.createHttpClient();
  const countingHttp: HttpClient = {
    get requestCount() {
      return http.requestCount;
    },
    request: (req, events) =>
      http.request(
        { ...req, signal: req.signal ?? signal },
        { onWait: (w) => (tracker.waiting(connector.sourceId, w.ms, w.reason), events?.onWait?.(w)) },
      ),
    close: () => http.close(),
  };
  // Each step also ends when the signal aborts: a connector stuck in a read must not keep a
  // cancel waiting. One listener per source rejects whichever step is pending (racing a
  // long-lived promise instead would pile up one reaction per record).
  let rejectPending: ((error: Error) => void) | null = null;
  const onAbort = () => rejectPending?.(new StoppedByAbort());
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const iterator = connector.read({ http: countingHttp, clock: deps.clock, signal, cursors: readCursors(deps.db, connector.sourceId) });
    for (;;) {
      if (signal.aborted || stopAtNextStep.aborted) throw new StoppedByAbort();
      const step = await new Promise<IteratorResult<SourceItem, SourceVerdict>>((resolve, reject) => {
        rejectPending = reject;
        iterator.next().then(resolve, reject);
      });
      if (step.done) {
        run.verdict = step.value;
        break;
      }
      const item = step.value;
      switch (item.type) {
        case 'record':
          stageRecord(stage, tracker, connector.sourceId, item.record);
          break;
        case 'records':
          for (const record of item.records) stageRecord(stage, tracker, connector.sourceId, record);
          break;
        case 'removed':
          stage.addRemoved(item.kind, item.key);
          break;
        case 'event': {
          const parsed = sourceEventSchema.safeParse(item.event);
          if (parsed.success) stage.addEvent(parsed.data);
          else {
            stage.addQuarantine({ kind: 'event', location: `event:${String((item.event as { id?: unknown }).id)}`, reason: formatIssue(parsed.error.issues[0]), raw: item.event });
          }
          break;
        }
        case 'quarantine':
          stage.addQuarantine({ kind: item.kind, location: item.where, reason: item.reason, raw: item.raw });
          tracker.quarantined(connector.sourceId, stage.quarantined.length);
          break;
        case 'cursor':
          stage.cursors.set(item.name, item.value);
          break;
        case 'progress':
          run.pages = item.progress.pages;
          tracker.report(connector.sourceId, item.progress);
          break;
      }
    }
    stage.flush();
    run.finishedAt = deps.clock.now().toISOString();
    tracker.sourceDone(
      connector.sourceId,
      run.verdict?.complete && stage.quarantined.length === 0 ? 'complete' : 'degraded',
      null,
      run.verdict ? { pages: run.verdict.pages, records: stage.recordCount } : undefined,
    );
  } catch (error) {
    // Why this source ended is decided now, when its read threw, and never revised: the shared
    // signal may be aborted by a sibling before the caller sees this rejection (closing the HTTP
    // client below takes a while), and this source's own error must not turn into "stopped".
    run.stopped = error instanceof StoppedByAbort;
    run.error = describeFailure(error, signal, run.stopped);
    run.finishedAt = deps.clock.now().toISOString();
    failures.push(run);
    tracker.sourceDone(connector.sourceId, run.stopped ? 'cancelled' : 'failed', run.error);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    rejectPending = null;
    run.requests = http.requestCount;
    await http.close().catch(() => undefined);
  }
}

/**
 * The content hash the last committed read of this source left (its facts as they stand), when
 * it follows the current scheme: one recorded under an earlier scheme is not reused for
 * unchanged facts.
 */
function lastSourceHash(db: Db, sourceId: string): string | null {
  const row = db
    .prepare(`SELECT content_hash, content_hash_scheme FROM collection_sources WHERE source_id = ? AND content_hash IS NOT NULL ORDER BY collection_id DESC LIMIT 1`)
    .get(sourceId) as { content_hash: string; content_hash_scheme: number } | undefined;
  return row?.content_hash_scheme === CONTENT_HASH_SCHEME ? row.content_hash : null;
}

/** Validates one record against its kind's schema: staged if it passes, quarantined with the reason if not. */
function stageRecord(stage: SourceStage, tracker: ProgressTracker, sourceId: string, record: SourceRecord): void {
  // Most records take the compiled fast path, which only ever says "certainly valid, and
  // here is zod's JSON of it"; anything else (including every invalid record) goes to zod.
  if (typeof record.key === 'string' && record.key.length > 0) {
    const valueJson = recordEncoder(record.kind)?.(record.value) ?? null;
    if (valueJson !== null) {
      stage.addEncoded(record.kind, record.key, valueJson);
      return;
    }
  }
  const parsed = recordSchemas[record.kind]?.safeParse(record.value);
  if (!parsed || !parsed.success) {
    stage.addQuarantine({
      kind: record.kind,
      location: `${record.kind}:${record.key}`,
      reason: parsed ? formatIssue(parsed.error.issues[0]) : `unknown record kind "${record.kind}"`,
      raw: record.value,
    });
    tracker.quarantined(sourceId, stage.quarantined.length);
  } else if (typeof record.key !== 'string' || record.key.length === 0) {
    stage.addQuarantine({ kind: record.kind, location: record.kind, reason: 'record has no key', raw: record.value });
    tracker.quarantined(sourceId, stage.quarantined.length);
  } else {
    stage.addRecord({ kind: record.kind, key: record.key, value: parsed.data } as SourceRecord);
  }
}

function mergeModeFor(run: SourceRun): MergeMode {
  if (run.verdict?.mode === 'delta') return 'delta';
  return run.verdict?.complete && run.stage.quarantined.length === 0 ? 'full' : 'partial';
}

function sourceStatusFor(run: SourceRun): SourceRunStatus {
  return run.verdict?.complete && run.stage.quarantined.length === 0 ? 'complete' : 'degraded';
}

/** The one write transaction of a successful read. */
function commitCollection(deps: CollectionDeps, collectionId: number, runs: SourceRun[], actor: string, startedAt: string): CollectionStatus {
  const { db, clock } = deps;
  return db.transaction(() => {
    const hashes: Record<string, string> = {};
    const closedHashes: Record<string, string> = {};
    const eventHashes: Record<string, string> = {};
    let requests = 0;
    const counts: Record<string, number> = { records: 0, events: 0, quarantined: 0, factsOpened: 0, factsClosed: 0 };
    for (const run of runs) {
      const merged = mergeSource(db, run.stage, run.connector.sourceId, collectionId, mergeModeFor(run), lastSourceHash(db, run.connector.sourceId));
      hashes[run.connector.sourceId] = merged.contentHash;
      closedHashes[run.connector.sourceId] = merged.closedHash;
      eventHashes[run.connector.sourceId] = merged.eventsHash;
      requests += run.requests;
      counts.records! += run.stage.recordCount;
      counts.events! += merged.events;
      counts.quarantined! += run.stage.quarantined.length;
      counts.factsOpened! += merged.opened;
      counts.factsClosed! += merged.closed;
      insertSourceRow(db, collectionId, run, sourceStatusFor(run), {
        opened: merged.opened,
        closed: merged.closed,
        contentHash: merged.contentHash,
        events: merged.events,
      });
    }
    const readIds = runs.map((r) => r.connector.sourceId);
    unretire(db, readIds);
    // A source the last complete collection read and this run did not cannot be vouched for.
    const missing = missingSources(db, readIds);
    const status: CollectionStatus = missing.length === 0 && runs.every((r) => sourceStatusFor(r) === 'complete') ? 'complete' : 'degraded';
    const contentHash = createHash('sha256').update(canonicalJson(hashes)).digest('hex');
    const finishedAt = clock.now().toISOString();
    db.prepare(
      `UPDATE collections SET status = ?, finished_at = ?, request_count = ?, counts_json = ?, content_hash = ?, error = ? WHERE id = ?`,
    ).run(status, finishedAt, requests, JSON.stringify(counts), contentHash, missing.length ? describeMissing(missing) : null, collectionId);
    appendLedger(db, clock, {
      actor,
      action: 'collection.completed',
      subject: `collection ${collectionId}`,
      details: { collectionId, status, startedAt, finishedAt, requests, contentHash, sourceHashes: hashes, contentHashScheme: CONTENT_HASH_SCHEME, closedVersionsSha256: closedHashes, eventsSha256: eventHashes, ...counts, ...(missing.length ? { missingSources: missing } : {}) },
    });
    return status;
  })();
}

function recordUnsuccessful(deps: CollectionDeps, collectionId: number, runs: SourceRun[], status: 'failed' | 'cancelled', error: string, actor: string): void {
  const { db, clock } = deps;
  waitingForLock(db, deps.commitLockWaitMs ?? COMMIT_LOCK_WAIT_MS, () => recordUnsuccessfulNow(db, clock, collectionId, runs, status, error, actor));
}

function recordUnsuccessfulNow(db: Db, clock: Clock, collectionId: number, runs: SourceRun[], status: 'failed' | 'cancelled', error: string, actor: string): void {
  db.transaction(() => {
    for (const run of runs) {
      // Only the source that went wrong is "failed": one stopped because of it was cancelled, and
      // one that read to its end was not stored (an auditor must not read "okta failed").
      const runStatus: SourceRunStatus = run.error ? (status === 'cancelled' || run.stopped ? 'cancelled' : 'failed') : 'skipped';
      if (!run.error && run.verdict) run.verdict = { ...run.verdict, notes: [...run.verdict.notes, `Read to the end, but not stored: collection ${collectionId} ${status === 'cancelled' ? 'was cancelled' : 'failed'}.`] };
      insertSourceRow(db, collectionId, run, runStatus, { opened: 0, closed: 0, contentHash: null, events: 0 });
    }
    const requests = runs.reduce((n, r) => n + r.requests, 0);
    db.prepare(`UPDATE collections SET status = ?, finished_at = ?, request_count = ?, error = ? WHERE id = ?`).run(
      status,
      clock.now().toISOString(),
      requests,
      redact(error),
      collectionId,
    );
    appendLedger(db, clock, {
      actor,
      action: status === 'cancelled' ? 'collection.cancelled' : 'collection.failed',
      subject: `collection ${collectionId}`,
      details: { collectionId, status, error, requests },
    });
  })();
}

function insertSourceRow(
  db: Db,
  collectionId: number,
  run: SourceRun,
  status: SourceRunStatus,
  merged: { opened: number; closed: number; contentHash: string | null; events: number },
): void {
  db.prepare(
    `INSERT INTO collection_sources (collection_id, source_id, kind, status, mode, started_at, finished_at, pages, records, events,
       quarantined, requests, facts_opened, facts_closed, content_hash, content_hash_scheme, notes_json, error)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    collectionId,
    run.connector.sourceId,
    run.connector.kind,
    status,
    run.verdict?.mode ?? null,
    run.startedAt,
    run.finishedAt,
    run.verdict?.pages ?? run.pages,
    run.stage.recordCount,
    merged.events,
    run.stage.quarantined.length,
    run.requests,
    merged.opened,
    merged.closed,
    merged.contentHash,
    CONTENT_HASH_SCHEME,
    JSON.stringify((run.verdict?.notes ?? []).map(redact)),
    run.error ? redact(run.error) : null,
  );
}

function assertUniqueSourceIds(connectors: Connector[]): void {
  const seen = new Set<string>();
  for (const c of connectors) {
    if (seen.has(c.sourceId)) throw new Error(`Two sources share the id "${c.sourceId}"; source ids must be unique.`);
    seen.add(c.sourceId);
  }
}

/** A source's own error, or, when the run's abort is what stopped it, why the run was stopped. */
function describeFailure(error: unknown, signal: AbortSignal | null, stopped: boolean): string {
  if (stopped) return signal?.reason === CANCELLED_BY_USER ? CANCELLED_BY_USER : CANCELLED_BY_SIBLING;
  return redact(error instanceof Error ? error.message : String(error));
}

function formatIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'invalid record';
  return `${issue.path.length ? issue.path.map(String).join('.') : 'value'}: ${issue.message}`;
}
