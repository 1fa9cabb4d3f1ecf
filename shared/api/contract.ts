import { z } from 'zod';
import type { AppInfo, LedgerPage, LedgerVerification, SettingsMap } from '../domain/app';
import type { CollectionProgress, CollectionStatusReport, CollectionSummary, CredentialStatus, Diagnosis, QuarantinePage, UnconfiguredSource } from '../domain/collection';
import { envName, sourceConfigSchema, type SourceConfig } from '../domain/source-config';
import { parseTimeArg } from '../domain/time-arg';
import type {
  AccessAnswer,
  AccessDiff,
  FindingsAnswer,
  IdentityLink,
  IdpVsPrefect,
  OrgMetricsPoint,
  PeopleAnswer,
  PersonAccess,
  PersonTimeline,
  RevocationLatencyReport,
  SnapshotPoint,
  StoredFinding,
  WorkspaceRef,
} from '../domain/analysis';
import { policySchema, type PolicyInForce, type PolicyVersion } from '../domain/policy';

/**
 * The one API contract. Each channel has a run-time schema for its arguments (checked on
 * the main side before any handler runs, whatever the transport) and a result type.
 * Electron IPC, the loopback bridge, the CLI and the tests all go through these channels.
 */
export interface Channel<A extends z.ZodType, R> {
  readonly args: A;
  /** Phantom field: carries the result type only (wrapped so that null results survive). */
  readonly result?: [R];
  /** True for channels that change state; the bridge refuses them over GET. */
  readonly mutates: boolean;
}

function query<R>() {
  return <A extends z.ZodType>(args: A): Channel<A, R> => ({ args, mutates: false });
}
function command<R>() {
  return <A extends z.ZodType>(args: A): Channel<A, R> => ({ args, mutates: true });
}

const noArgs = z.object({}).strict();

/**
 * A point in time: an ISO date (the end of that day, UTC: "on the 3rd" includes the 3rd's
 * poll) or an ISO date-time with a zone. Absent means now.
 */
const timeArg = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/, 'must be an ISO date (2026-11-03) or date-time with a zone (2026-11-03T09:00Z)')
  // The shape alone lets 2026-02-30 through (as March 2nd).
  .refine((text) => parseTimeArg(text) !== null, 'is not a real date or time');
const email = z.string().trim().min(3).max(320);
const findingId = z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/, 'a finding id');
const severity = z.enum(['critical', 'high', 'medium', 'low']);
const ruleId = z.enum([
  'leaver-still-active',
  'offboarding-deadline-missed',
  'role-drift',
  'direct-grant-bypass',
  'expected-access-missing',
  'dormant-account',
  'service-account-risk',
  'unknown-account',
  'sod-conflict',
]);
const identityLinkArgs = z
  .object({
    subjectKind: z.enum(['prefect-user', 'service-account']),
    sourceId: z.string().min(1).max(200),
    subjectId: z.string().min(1).max(512),
    identityId: z.string().min(1).max(600),
    reason: z.string().max(2000).optional(),
  })
  .strict();
const settingKey = z.string().regex(/^[a-z][a-zA-Z0-9.]{0,63}$/, 'setting keys are dotted lowerCamel names');

export const channels = {
  appInfo: query<AppInfo>()(noArgs),
  getSettings: query<SettingsMap>()(noArgs),
  setSetting: command<SettingsMap>()(
    z.object({ key: settingKey, value: z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]) }).strict(),
  ),
  listLedger: query<LedgerPage>()(
    z
      .object({
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
  ),
  verifyLedger: query<LedgerVerification>()(noArgs),

  // Collection: runs, progress, history, connections.
  collectionStatus: query<CollectionStatusReport>()(noArgs),
  listCollections: query<CollectionSummary[]>()(
    z.object({ limit: z.number().int().min(1).max(500).default(50), beforeId: z.number().int().positive().optional() }).strict(),
  ),
  getCollection: query<CollectionSummary>()(z.object({ id: z.number().int().positive() }).strict()),
  /** What a collection quarantined, each with its reason and where it came from (oldest first). */
  listQuarantine: query<QuarantinePage>()(z.object({ collectionId: z.number().int().positive(), limit: z.number().int().min(1).max(1000).default(200) }).strict()),
  startCollection: command<{ collectionId: number }>()(noArgs),
  cancelCollection: command<{ cancelled: boolean }>()(z.object({ collectionId: z.number().int().positive() }).strict()),
  collectionProgress: query<CollectionProgress | null>()(noArgs),
  listConnections: query<{
    readOnly: boolean;
    origin: string;
    connections: SourceConfig[];
    credentials: CredentialStatus[];
    canStoreCredentials: boolean;
    /** Read by the newest complete collection but no longer configured (and not retired): retire them or configure them again. */
    unconfigured: UnconfiguredSource[];
  }>()(noArgs),
  saveConnection: command<SourceConfig>()(z.object({ connection: sourceConfigSchema }).strict()),
  deleteConnection: command<{ deleted: true }>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  testConnection: command<Diagnosis>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  /** Takes a source that is no longer configured out of service, so collections without it can be complete again. */
  retireSource: command<{ sourceId: string; lastReadIn: number | null; retiredAt: string; alreadyRetired: boolean }>()(
    // The reason goes on the ledger: an auditor will ask why a source stopped being read.
    z.object({ sourceId: z.string().min(1).max(64), reason: z.string().max(500).regex(/\S/, 'say why the source is retired') }).strict(),
  ),
  /** Desktop app only: stores a credential in the OS keychain. The value never comes back out. */
  setCredential: command<{ stored: true }>()(
    z.object({ name: envName, value: z.string().min(1).max(16384) }).strict(),
  ),

  // Analysis (issue 4): every answer cites the complete collection it comes from.
  /** The complete collections: the times an "as of" answer can come from. */
  snapshotTimes: query<SnapshotPoint[]>()(noArgs),
  /**
   * Who had access to what at T (whole organisation, or one workspace or person), paged.
   * `workspaces`: every workspace anyone holds a role or grant on at T, whatever the filter,
   * so a picker can offer them.
   */
  accessAt: query<AccessAnswer & { total: number; workspaces: WorkspaceRef[] }>()(
    z
      .object({
        at: timeArg.optional(),
        workspace: z.string().min(1).max(200).optional(),
        email: email.optional(),
        includeInactive: z.boolean().default(false),
        usersOnly: z.boolean().default(false),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(50_000).default(5_000),
      })
      .strict(),
  ),
  /** Every person (and every account with no person) at T: the People table. */
  listPeople: query<PeopleAnswer>()(z.object({ at: timeArg.optional() }).strict()),
  /** What one person could do at T, with the provenance of every role. */
  personAt: query<PersonAccess>()(z.object({ at: timeArg.optional(), email }).strict()),
  personTimeline: query<PersonTimeline>()(z.object({ email }).strict()),
  /**
   * What changed between two times. `groups`: 'both' (the default, what the CLI prints) sends the
   * changes as a list and grouped both ways; 'person' or 'workspace' sends only that grouping
   * (`changes` and the other grouping empty, `counts` whole): a page showing one grouping needs
   * each change once, not three times (85 MB of JSON instead of 28 for a month at 100k people).
   */
  diffAccess: query<AccessDiff>()(
    z
      .object({
        from: timeArg,
        to: timeArg,
        includeGrantChanges: z.boolean().default(false),
        usersOnly: z.boolean().default(false),
        groups: z.enum(['both', 'person', 'workspace']).default('both'),
      })
      .strict(),
  ),
  idpVsPrefect: query<IdpVsPrefect>()(z.object({ at: timeArg.optional() }).strict()),
  /** One point per complete collection: active in the IdPs vs Prefect, open findings by severity. */
  orgMetrics: query<OrgMetricsPoint[]>()(noArgs),
  /** Every leaver's revocation latency at T, against the policy's offboarding deadline. */
  revocationLatencies: query<RevocationLatencyReport>()(z.object({ at: timeArg.optional() }).strict()),
  /** Findings open at T (from the findings history), or all stored findings by status. */
  listFindings: query<FindingsAnswer>()(
    z
      .object({
        at: timeArg.optional(),
        status: z.enum(['open', 'resolved', 'all']).default('open'),
        severity: severity.optional(),
        rule: ruleId.optional(),
        email: email.optional(),
      })
      .strict(),
  ),
  getFinding: query<StoredFinding & { history: { collectionId: number; at: string; change: string }[] }>()(z.object({ id: findingId }).strict()),
  /** The policy in force and where it is edited (Settings, or the config file that owns it). */
  getPolicy: query<PolicyInForce>()(noArgs),
  listPolicyVersions: query<Omit<PolicyVersion, 'policy'>[]>()(noArgs),
  /** Saves the next policy version (on the ledger) and judges the current snapshot under it. */
  savePolicy: command<{ version: number; changed: boolean; rejudged: boolean }>()(
    z.object({ policy: policySchema, note: z.string().max(2000).optional(), expectedVersion: z.number().int().nonnegative().optional() }).strict(),
  ),
  listIdentityLinks: query<IdentityLink[]>()(noArgs),
  /** Ties a Prefect account to a person (link) or keeps them apart (unlink); on the ledger. */
  setIdentityLink: command<IdentityLink>()(identityLinkArgs.extend({ mode: z.enum(['link', 'unlink']) })),
  /** Removes a manual link or unlink, so matching decides again; on the ledger. */
  clearIdentityLink: command<{ cleared: boolean }>()(identityLinkArgs.pick({ subjectKind: true, sourceId: true, subjectId: true, identityId: true, reason: true })),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ArgsOf<K extends ChannelName> = z.input<Channels[K]['args']>;
export type ParsedArgsOf<K extends ChannelName> = z.output<Channels[K]['args']>;
export type ResultOf<K extends ChannelName> = NonNullable<Channels[K]['result']>[0];

export const channelNames = Object.keys(channels) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/** What the renderer sees: one promise-returning function per channel, nothing generic. */
export type LedgerApi = { [K in ChannelName]: (args: ArgsOf<K>) => Promise<ResultOf<K>> };

/** The same functions but returning the envelope, as the preload exposes them. */
export type LedgerBridge = {
  [K in ChannelName]: (args: ArgsOf<K>) => Promise<import('./result').ApiResult<ResultOf<K>>>;
};

export { ipcChannel } from './channel-names';
