import { createLogger, type Logger } from '../platform/logger';
import type { CliIo } from './command';

/**
 * The logger a command hands to the core: warnings and errors go to stderr; info lines (the
 * analysis worker's "findings judged for 1 collection(s)" after every collection, hundreds of
 * them in a demo) only with --debug, so they do not run through the progress output.
 */
export function cliLogger(io: Pick<CliIo, 'stderr'>, values: { debug?: unknown }): Logger {
  const logger = createLogger((line) => io.stderr(line + '\n'));
  return values.debug === true ? logger : { ...logger, info() {} };
}
