import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/api/result';
import type { CredentialStore } from '../api/context';
import { registerSecret } from '../platform/redact';

/**
 * Credentials for the desktop app, encrypted by the OS keychain (Electron safeStorage) and
 * kept in their own file beside the database — never in the database itself. Values go in
 * through setCredential and are only ever read back by the connectors.
 */
export function createKeychainStore(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>, file: string): CredentialStore {
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('INTERNAL', `The credentials file ${file} cannot be read; it was left untouched.`);
    }
  };
  return {
    set(name, value) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError('FORBIDDEN', `The OS keychain is not available, so ${name} cannot be stored safely. Set the environment variable ${name} instead.`);
      }
      registerSecret(value);
      const all = read();
      all[name] = safeStorage.encryptString(value).toString('base64');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
    get(name) {
      const sealed = read()[name];
      if (!sealed || !safeStorage.isEncryptionAvailable()) return undefined;
      const value = safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      registerSecret(value);
      return value;
    },
  };
}
