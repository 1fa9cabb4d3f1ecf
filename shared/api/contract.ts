import { z } from 'zod';
import type { AppInfo, LedgerPage, LedgerVerification, SettingsMap } from '../domain/app';
import type { CollectionProgress, CollectionStatusReport, CollectionSummary, CredentialStatus, Diagnosis } from '../domain/collection';
import { sourceConfigSchema, type SourceConfig } from '../domain/source-config';

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
  startCollection: command<{ collectionId: number }>()(noArgs),
  cancelCollection: command<{ cancelled: boolean }>()(z.object({ collectionId: z.number().int().positive() }).strict()),
  collectionProgress: query<CollectionProgress | null>()(noArgs),
  listConnections: query<{ readOnly: boolean; origin: string; connections: SourceConfig[]; credentials: CredentialStatus[]; canStoreCredentials: boolean }>()(noArgs),
  saveConnection: command<SourceConfig>()(z.object({ connection: sourceConfigSchema }).strict()),
  deleteConnection: command<{ deleted: true }>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  testConnection: command<Diagnosis>()(z.object({ id: z.string().min(1).max(64) }).strict()),
  /** Desktop app only: stores a credential in the OS keychain. The value never comes back out. */
  setCredential: command<{ stored: true }>()(
    z.object({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string().min(1).max(16384) }).strict(),
  ),
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
