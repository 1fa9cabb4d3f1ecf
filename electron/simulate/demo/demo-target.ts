import fs from 'node:fs';
import { AppError } from '../../../shared/api/result';
import { openDatabase } from '../../db/open-database';

/**
 * What a database file holds, as far as the demo is concerned. The demo appends simulated
 * history to an append-only ledger: written into a file with real work in it, that cannot be
 * undone. So it writes only into a file that holds nothing, or one whose every row the demo
 * wrote itself and which has no collection yet (a demo stopped before its first poll).
 */
export interface DemoTarget {
  /** No file, an empty file, or a database nothing was ever written into. */
  empty: boolean;
  /** Its history starts with the demo: the first ledger entry is the demo's, and the demo started in it. */
  madeByDemo: boolean;
  /** Nothing in it but what the demo wrote (no one saved, linked, retired or set anything). */
  onlyDemo: boolean;
  collections: number;
  /** What it holds, for a message: "1 saved connection and 1 ledger entry". */
  holds: string;
}

/** The tables that hold what someone did (or collected), with the words for their rows. */
const USER_TABLES: readonly { table: string; one: string; many: string }[] = [
  { table: 'connections', one: 'saved connection', many: 'saved connections' },
  { table: 'collections', one: 'collection', many: 'collections' },
  { table: 'policy_versions', one: 'policy version', many: 'policy versions' },
  { table: 'identity_links', one: 'identity link', many: 'identity links' },
  { table: 'retired_sources', one: 'retired source', many: 'retired sources' },
  { table: 'settings', one: 'setting', many: 'settings' },
  { table: 'ledger_entries', one: 'ledger entry', many: 'ledger entries' },
];

/** The actors the demo writes as: 'demo' (its policy, start and collections) and 'system' (findings judged, interrupted runs). */
const DEMO_ACTORS = ['demo', 'system'];

/**
 * Reads what `file` holds without changing it (read-only, no schema upgrade, no sweep of
 * interrupted runs: opening the file the usual way would already write to it).
 */
export function inspectDemoTarget(file: string): DemoTarget {
  const nothing: DemoTarget = { empty: true, madeByDemo: false, onlyDemo: true, collections: 0, holds: 'nothing' };
  if (file === ':memory:') return nothing;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat || (stat.isFile() && stat.size === 0)) return nothing;
  const db = openDatabase(file, { readonly: true });
  try {
    const present = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const count = (table: string, where = ''): number =>
      present.has(table) ? (db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n : 0;
    const counts = USER_TABLES.map((t) => ({ ...t, n: count(t.table) }));
    const total = counts.reduce((sum, t) => sum + t.n, 0);
    if (total === 0) return nothing;
    const actors = DEMO_ACTORS.map((a) => `'${a}'`).join(', ');
    const first = present.has('ledger_entries') ? (db.prepare('SELECT actor FROM ledger_entries ORDER BY seq LIMIT 1').get() as { actor: string } | undefined) : undefined;
    const madeByDemo = first?.actor === 'demo' && count('ledger_entries', `WHERE action = 'demo.started' AND actor = 'demo'`) > 0;
    const onlyDemo =
      madeByDemo &&
      count('ledger_entries', `WHERE actor NOT IN (${actors})`) === 0 &&
      count('policy_versions', `WHERE actor <> 'demo'`) === 0 &&
      ['connections', 'identity_links', 'retired_sources', 'settings'].every((t) => count(t) === 0);
    const parts = counts.filter((t) => t.n > 0).map((t) => `${t.n} ${t.n === 1 ? t.one : t.many}`);
    const holds = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? 'nothing');
    return { empty: false, madeByDemo, onlyDemo, collections: counts.find((t) => t.table === 'collections')?.n ?? 0, holds };
  } finally {
    db.close();
  }
}

/** Whether the demo may build its history into this file: nothing in it, or only a demo that never got to its first poll. */
export function demoMayWrite(target: DemoTarget): boolean {
  return target.empty || (target.onlyDemo && target.collections === 0);
}

/**
 * Throws (CONFLICT, naming the file and what it holds) unless the demo may write into `file`;
 * checked before anything is opened for writing, so a refused file is left byte for byte as it was.
 * `hint` is added to the message (what else the caller's user can do).
 */
export function assertDemoMayWrite(file: string, target: DemoTarget = inspectDemoTarget(file), hint?: string): DemoTarget {
  if (demoMayWrite(target)) return target;
  const more = hint ? ` ${hint}` : '';
  if (target.madeByDemo && target.collections > 0) {
    throw new AppError(
      'CONFLICT',
      `${file} already holds a demo history (${target.collections} ${target.collections === 1 ? 'collection' : 'collections'}); the demo does not add to it (use a new --db path, or explore this one: access-ledger serve --db ${JSON.stringify(file)}).${more}`,
    );
  }
  throw new AppError('CONFLICT', `${file} already holds ${target.holds}; the demo only writes to a new file or one it made itself (use a new --db path).${more}`);
}
