import type { Db } from '../db/open-database';
import type { Clock } from './clock';
import type { SettingValue, SettingsMap } from '../../shared/domain/app';

/** Reads every stored setting. Values are JSON so numbers and booleans keep their type. */
export function readSettings(db: Db): SettingsMap {
  const out: SettingsMap = {};
  for (const row of db.prepare('SELECT key, value_json FROM settings ORDER BY key').all() as { key: string; value_json: string }[]) {
    out[row.key] = JSON.parse(row.value_json) as SettingValue;
  }
  return out;
}

export function readSetting(db: Db, key: string): SettingValue | undefined {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
  return row ? (JSON.parse(row.value_json) as SettingValue) : undefined;
}

/** Returns the previous value so callers can record the change on the ledger. */
export function writeSetting(db: Db, clock: Clock, key: string, value: SettingValue): SettingValue | undefined {
  const previous = readSetting(db, key);
  db.prepare(
    `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), clock.now().toISOString());
  return previous;
}
