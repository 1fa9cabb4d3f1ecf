/** Domain types for the application frame: version, settings, ledger. */

export interface AppInfo {
  name: string;
  version: string;
  schemaVersion: number;
  databasePath: string;
  transport: 'ipc' | 'http' | 'direct';
  now: string;
}

export type SettingValue = string | number | boolean | null;
export type SettingsMap = Record<string, SettingValue>;

export interface LedgerEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  total: number;
  nextBeforeSeq: number | null;
}

export interface LedgerVerification {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt: number | null;
  problem: string | null;
  /** With an intact chain: where the collections or policy versions no longer say what the ledger recorded. */
  disagreements: string[];
}
