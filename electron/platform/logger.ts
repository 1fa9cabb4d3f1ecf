import { redact } from './redact';

/** A minimal structured logger. Every line passes through redact() before it is written. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    const suffix = fields ? ' ' + JSON.stringify(fields) : '';
    write(redact(`${new Date().toISOString()} ${level} ${message}${suffix}`));
  };
  return {
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** Collects lines in memory: for tests that check what was (not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger((line) => lines.push(line)), { lines });
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
