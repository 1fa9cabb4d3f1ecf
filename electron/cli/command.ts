import type { ParseArgsConfig } from 'node:util';

/** A usage mistake: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliIo {
  stdout: (text: string) => void;
  /** Resolves once what was written to stdout has gone out (a pipe is written asynchronously): long outputs wait on it so they are not all held in memory. */
  drained?: () => Promise<void>;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks the process to stop (SIGINT/SIGTERM). */
  onStop: (listener: () => void) => void;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** One subcommand. Each lives in its own file under cli/commands/. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** Positionals allowed; more is a usage error. */
  maxPositionals?: number;
  run(input: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[]; io: CliIo }): Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionSpec = {
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
