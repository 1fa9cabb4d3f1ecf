/** Collection runs as the UI, the CLI and evidence see them. */

export type CollectionStatus = 'running' | 'complete' | 'degraded' | 'failed' | 'cancelled';
export type SourceRunStatus = 'reading' | 'complete' | 'degraded' | 'failed' | 'cancelled' | 'skipped';

export interface SourceRunSummary {
  sourceId: string;
  kind: string;
  status: SourceRunStatus;
  mode: 'full' | 'delta' | null;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  records: number;
  events: number;
  quarantined: number;
  requests: number;
  factsOpened: number;
  factsClosed: number;
  contentHash: string | null;
  notes: string[];
  error: string | null;
}

export interface CollectionSummary {
  id: number;
  status: CollectionStatus;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  requestCount: number;
  contentHash: string | null;
  error: string | null;
  sources: SourceRunSummary[];
}

/** What a collection refused (quarantined), with reasons: the first `items.length` of `total`. */
export interface QuarantinePage {
  collectionId: number;
  total: number;
  items: { sourceId: string; kind: string; location: string; reason: string; raw: string }[];
}

/** Live progress of a running collection, polled by the UI and drawn by the CLI progress bar. */
export interface CollectionProgress {
  collectionId: number;
  startedAt: string;
  status: CollectionStatus;
  sources: {
    sourceId: string;
    kind: string;
    status: SourceRunStatus;
    phase: string;
    pages: number;
    records: number;
    quarantined: number;
    waitingMs: number;
    message: string | null;
  }[];
}

/** The result of testing a connection: a diagnosis a person can act on. */
export interface Diagnosis {
  ok: boolean;
  problem: 'none' | 'dns' | 'tls' | 'connect' | 'timeout' | 'auth' | 'permission' | 'rate-limit' | 'config' | 'bad-response' | 'other';
  message: string;
  /** What a person can do about it. */
  hint: string;
}

export interface CredentialStatus {
  /** The name the config uses (an environment variable name; the keychain key in the app). */
  name: string;
  present: boolean;
  where: string;
}

/**
 * A source the newest complete collection read that is neither configured nor retired: every
 * collection is degraded until it is configured again or retired.
 */
export interface UnconfiguredSource {
  sourceId: string;
  /** The newest complete collection that read it. */
  lastReadIn: number;
}

export interface CollectionStatusReport {
  /** The newest complete collection: what findings and "now" answers are computed from. */
  current: CollectionSummary | null;
  /** The newest collection of any status; when it is not the current one, the UI says why data is stale. */
  latest: CollectionSummary | null;
  running: CollectionProgress | null;
  sourcesOrigin: string;
  scheduleMinutes: number | null;
  /** When the scheduler starts the next collection (ISO), or null without a schedule. */
  nextRunAt: string | null;
}
