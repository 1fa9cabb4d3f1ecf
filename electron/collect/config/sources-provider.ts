import { AppError } from '../../../shared/api/result';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { appendLedger } from '../../evidence/ledger';
import { retireSource } from '../store/source-roster';
import type { SourcesProvider } from '../collection-service';
import type { Connector } from '../connector';
import { buildConnector } from '../connectors/build-connector';
import { sourceConfigSchema, type SourceConfig } from '../../../shared/domain/source-config';
import { describeIssue, type LoadedConfig } from './load-config';
import type { SecretSource } from './secrets';

/** Sources from a config file: fixed for the life of the process. */
export function configFileSources(loaded: LoadedConfig, secrets: SecretSource): SourcesProvider & { list(): SourceConfig[]; readOnly: true } {
  const find = (id: string) => {
    const s = loaded.config.sources.find((x) => x.id === id);
    if (!s) throw new AppError('NOT_FOUND', `No source "${id}" in ${loaded.file}.`);
    return s;
  };
  return {
    readOnly: true,
    describe: () => `config file ${loaded.file}`,
    list: () => loaded.config.sources,
    connectors: () => buildEvery(loaded.config.sources, secrets, loaded.baseDir),
    connector: (id) => buildConnector(find(id), secrets, loaded.baseDir),
  };
}

/** Sources saved in the database from Settings > Connections. */
export function savedConnectionSources(db: Db, secrets: SecretSource, baseDir: string): SourcesProvider & { list(): SourceConfig[]; readOnly: false } {
  const list = () => listConnections(db);
  return {
    readOnly: false,
    // A served demo (its collections came from the demo's simulators) has none: say so rather than imply some.
    describe: () => {
      const n = list().length;
      return n === 0 ? 'saved connections (none saved yet)' : `${n} saved connection${n === 1 ? '' : 's'}`;
    },
    list,
    connectors: () => {
      const sources = list();
      if (sources.length === 0) throw new AppError('INVALID_ARGUMENT', 'No sources are configured: add a connection in Settings, or pass --config FILE.');
      return buildEvery(sources, secrets, baseDir);
    },
    connector: (id) => {
      const s = list().find((x) => x.id === id);
      if (!s) throw new AppError('NOT_FOUND', `No connection "${id}".`);
      return buildConnector(s, secrets, baseDir);
    },
  };
}

export function listConnections(db: Db): SourceConfig[] {
  return (db.prepare('SELECT config_json FROM connections ORDER BY id').all() as { config_json: string }[]).map(
    (r) => JSON.parse(r.config_json) as SourceConfig,
  );
}

/** Validates and saves a connection; the change and its before/after go on the ledger. */
export function saveConnection(db: Db, clock: Clock, actor: string, raw: unknown): SourceConfig {
  const parsed = sourceConfigSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `connection ${describeIssue(parsed.error.issues[0], raw)}`);
  const source = parsed.data;
  const now = clock.now().toISOString();
  db.transaction(() => {
    const previous = db.prepare('SELECT config_json FROM connections WHERE id = ?').get(source.id) as { config_json: string } | undefined;
    db.prepare(
      `INSERT INTO connections (id, kind, config_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, config_json = excluded.config_json, updated_at = excluded.updated_at`,
    ).run(source.id, source.kind, JSON.stringify(source), now, now);
    appendLedger(db, clock, {
      actor,
      action: previous ? 'connection.updated' : 'connection.added',
      subject: source.id,
      details: { before: previous ? (JSON.parse(previous.config_json) as unknown) : null, after: source },
    });
  })();
  return source;
}

export function deleteConnection(db: Db, clock: Clock, actor: string, id: string): void {
  db.transaction(() => {
    const previous = db.prepare('SELECT config_json FROM connections WHERE id = ?').get(id) as { config_json: string } | undefined;
    if (!previous) throw new AppError('NOT_FOUND', `No connection "${id}".`);
    db.prepare('DELETE FROM connections WHERE id = ?').run(id);
    appendLedger(db, clock, { actor, action: 'connection.removed', subject: id, details: { before: JSON.parse(previous.config_json) as unknown } });
    // Removing a connection that was read says it is gone for good: later collections without it are complete.
    if (db.prepare('SELECT 1 FROM collection_sources WHERE source_id = ? LIMIT 1').get(id)) retireSource(db, clock, actor, id, 'connection removed');
  })();
}

/**
 * Every source's connector, or one error naming everything that stops them (each missing
 * credential, each unreadable key): a person fixes them all at once instead of one per run.
 */
function buildEvery(sources: readonly SourceConfig[], secrets: SecretSource, baseDir: string): Connector[] {
  const built: Connector[] = [];
  const problems: string[] = [];
  for (const s of sources) {
    try {
      built.push(buildConnector(s, secrets, baseDir));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 1) throw new AppError('INVALID_ARGUMENT', problems[0]!);
  if (problems.length > 1) throw new AppError('INVALID_ARGUMENT', `${problems.length} sources cannot be read:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return built;
}
