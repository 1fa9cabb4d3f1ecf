import { explainSqliteError } from '../db/open-database';
import { channels, isChannelName, type ChannelName, type ResultOf } from '../../shared/api/contract';
import { AppError, type ApiResult } from '../../shared/api/result';
import { redact } from '../platform/redact';
import type { CallContext, ServiceDeps } from './context';
import type { HandlerSet } from './handler-types';
import { appHandlers } from './handlers/app-handlers';
import { collectionHandlers } from './handlers/collection-handlers';
import { analysisHandlers } from './handlers/analysis-handlers';

/** Builds the one implementation of the contract. Plain Node: no Electron here. */
export function createHandlers(deps: ServiceDeps): HandlerSet {
  return {
    ...appHandlers(deps),
    ...collectionHandlers(deps),
    ...analysisHandlers(deps),
  };
}

export interface LedgerService {
  /** Validates, runs and wraps one call. Never throws; never leaks a stack trace. */
  dispatch(channel: string, rawArgs: unknown, ctx: CallContext): Promise<ApiResult<unknown>>;
  /** Typed direct call for the CLI and tests; throws AppError on failure. */
  call<K extends ChannelName>(channel: K, args: unknown, ctx?: Partial<CallContext>): Promise<ResultOf<K>>;
}

export function createService(deps: ServiceDeps, handlers: HandlerSet = createHandlers(deps)): LedgerService {
  async function dispatch(channel: string, rawArgs: unknown, ctx: CallContext): Promise<ApiResult<unknown>> {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown API channel "${channel}".` } };
    }
    const parsed = channels[channel].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      // Every problem, one per line (a form shows them all at once instead of one per submit).
      const lines = parsed.error.issues.slice(0, 20).map((issue) => `${channel}: ${issue.path.length ? issue.path.join('.') : 'arguments'}: ${issue.message}`);
      return {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: redact(lines.join('\n') || `${channel}: arguments: invalid`) },
      };
    }
    try {
      const handler = handlers[channel] as (args: unknown, ctx: CallContext) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: redact(error.message) } };
      // A write to a database opened read-only, locked by another process, or a damaged file: say so, naming it, not "internal error".
      const sqliteCode = (error as { code?: unknown }).code;
      if (typeof sqliteCode === 'string' && /^SQLITE_(READONLY|BUSY|CORRUPT|NOTADB)/.test(sqliteCode)) {
        const explained = explainSqliteError(error, deps.databasePath, 'prepare');
        return { ok: false, error: { code: explained.code, message: redact(explained.message) } };
      }
      deps.logger.error(`channel ${channel} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error; see the application log for details.' } };
    }
  }
  return {
    dispatch,
    async call(channel, args, ctx) {
      const result = await dispatch(channel, args, { transport: 'direct', actor: 'cli', ...ctx });
      if (!result.ok) throw new AppError(result.error.code, result.error.message);
      return result.value as ResultOf<typeof channel>;
    },
  };
}
