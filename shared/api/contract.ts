import { z } from 'zod';
import type { AppInfo, LedgerPage, LedgerVerification, SettingsMap } from '../domain/app';

/**
 * The one API contract. Each channel has a run-time schema for its arguments (checked on
 * the main side before any handler runs, whatever the transport) and a result type.
 * Electron IPC, the loopback bridge, the CLI and the tests all go through these channels.
 */
export interface Channel<A extends z.ZodType, R> {
  readonly args: A;
  /** Phantom field: carries the result type only. */
  readonly result?: R;
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
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ArgsOf<K extends ChannelName> = z.input<Channels[K]['args']>;
export type ParsedArgsOf<K extends ChannelName> = z.output<Channels[K]['args']>;
export type ResultOf<K extends ChannelName> = NonNullable<Channels[K]['result']>;

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

/** The IPC channel string for a contract channel. */
export const ipcChannel = (name: ChannelName): string => `ledger:${name}`;
