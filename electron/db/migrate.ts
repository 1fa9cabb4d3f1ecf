import type Database from 'better-sqlite3';
import { AppError } from '../../shared/api/result';

/** One numbered schema step. Numbers start at 1 and increase by one. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
  /**
   * Rewrites most of an existing file (tables copied into a new layout, the old ones dropped):
   * the file is vacuumed after upgrading, else it keeps the old tables' pages as free space.
   */
  vacuumAfter?: boolean;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Applies every pending migration in one transaction and records the result in
 * `PRAGMA user_version`; either all of them land or none does. A database whose version
 * is newer than this build knows is refused rather than guessed at.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  options: { file?: string; checkOnly?: boolean } = {},
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order at ${m.name}: expected version ${i + 1}`);
  });
  const target = latestVersion(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) {
    throw new AppError(
      'DATABASE',
      `${options.file ?? 'The database'} was written by a newer Access Ledger (schema ${current}; this version knows up to ${target}). Upgrade the app; the file was not changed.`,
    );
  }
  if (current === target || options.checkOnly) return { from: current, to: current };
  const pending = migrations.filter((m) => m.version > current);
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${target}`);
  }).immediate();
  return { from: current, to: target };
}
