import { parseArgs } from 'node:util';
import { AppError } from '../../shared/api/result';
import { redact } from '../platform/redact';
import { APP_VERSION } from '../platform/version';
import { COMMON_OPTIONS, UsageError, type CliIo, type Command } from './command';
import { commands } from './commands';

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `access-ledger ${APP_VERSION}: who had access to your Prefect Cloud platform, and when.`,
    '',
    'Usage: access-ledger <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command: --help, --debug (info logs, and stack traces on errors)',
    'Global: --version',
    "Run 'access-ledger <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Runs the CLI and returns the exit code: 0 ok, 1 runtime error, 2 usage error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      io.stdout(helpText());
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout(`${APP_VERSION}\n`);
      return 0;
    }
    const command = commands.find((c) => c.name === first);
    if (!command) throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"`);
    const parsed = parseCommandArgs(command, rest);
    if (parsed.values.help) {
      io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    return await command.run({ ...parsed, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`access-ledger: ${redact(error.message)} (see 'access-ledger --help')\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`access-ledger: ${redact(message)}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(redact(error.stack) + '\n');
    if (!(error instanceof AppError) && !debug) io.stderr('(run again with --debug for details)\n');
    return 1;
  }
}

function parseCommandArgs(command: Command, args: string[]) {
  try {
    const parsed = parseArgs({ args, options: { ...COMMON_OPTIONS, ...command.options }, strict: true, allowPositionals: true });
    if (parsed.positionals.length > (command.maxPositionals ?? 0)) {
      throw new UsageError(`${command.name}: unexpected argument "${parsed.positionals[command.maxPositionals ?? 0]}"`);
    }
    return parsed as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // "--people -5": node:util reads -5 as another option and calls the argument "ambiguous".
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(error instanceof Error ? error.message : '');
    if (ambiguous) throw new UsageError(`${command.name}: ${ambiguous[1]} needs a value, and one starting with "-" must be written ${ambiguous[1]}=<value>`);
    // node:util's messages are long and mention internals; keep the part a person needs.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.split('. ')[0]!.replace(/\.$/, '');
    throw new UsageError(`${command.name}: ${message.replace(/^Unknown option/, 'unknown option').replace(/^Option/, 'option')}`);
  }
}

/** Process entry: wires real stdio and signals. */
export async function main(argv: string[]): Promise<void> {
  // `access-ledger findings | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    drained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    onStop: (listener) => {
      process.once('SIGINT', listener);
      process.once('SIGTERM', listener);
    },
  };
  process.exitCode = await runCli(argv, io);
}

// `node dist/cli.cjs ...` works as well as the bin wrapper.
if (typeof require !== 'undefined' && require.main === module) void main(process.argv.slice(2));
