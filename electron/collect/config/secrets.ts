import { AppError } from '../../../shared/api/result';
import { registerSecret } from '../../platform/redact';

/**
 * Where credentials come from. Headless (CLI, serve): environment variables named in the
 * config. In the desktop app: the OS keychain through Electron safeStorage, keyed by the same
 * names, falling back to the environment. Nothing here ever writes a secret to the database.
 */
export interface SecretSource {
  get(name: string): string | undefined;
  /** Where a person should put the secret, for error messages. */
  describe(name: string): string;
}

export function envSecretSource(env: NodeJS.ProcessEnv = process.env): SecretSource {
  return {
    get: (name) => (env[name] && env[name]!.length > 0 ? env[name] : undefined),
    describe: (name) => `environment variable ${name}`,
  };
}

/** Looks in each source in turn (e.g. keychain, then environment). */
export function chainSecretSources(...sources: SecretSource[]): SecretSource {
  return {
    get: (name) => sources.map((s) => s.get(name)).find((v) => v !== undefined),
    describe: (name) => sources.map((s) => s.describe(name)).join(' or '),
  };
}

/** Fetches a required secret, registers it for redaction, or says exactly what is missing. */
export function requireSecret(secrets: SecretSource, sourceId: string, name: string): string {
  const value = secrets.get(name);
  if (value === undefined) {
    throw new AppError('INVALID_ARGUMENT', `Source "${sourceId}" needs a credential in ${secrets.describe(name)}, which is not set.`);
  }
  registerSecret(value);
  // PEM keys are also registered line by line, so no fragment of one can leak.
  for (const line of value.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) registerSecret(line);
  return value;
}
