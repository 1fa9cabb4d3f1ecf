import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import type { HttpClientOptions } from '../http/undici-client';
import type { NetworkConfig } from '../../../shared/domain/source-config';

/**
 * Turns the config's network section into HTTP client options (proxy, extra CA, timeouts).
 * `configFile`, when the section came from one, starts every error, as the file's other
 * mistakes do: `access-ledger.yaml: network.extraCaFile: cannot read /etc/corp-ca.pem (file not found)`.
 */
export function httpOptionsFromConfig(network: NetworkConfig | undefined, baseDir: string, configFile?: string): HttpClientOptions {
  const options: HttpClientOptions = {};
  if (!network) return options;
  const where = `${configFile ? `${configFile}: ` : ''}network.extraCaFile`;
  if (network.proxy) options.proxy = { url: network.proxy, ...(network.noProxy !== undefined ? { noProxy: network.noProxy } : {}) };
  if (network.extraCaFile) {
    const file = path.resolve(baseDir, network.extraCaFile);
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new AppError('INVALID_ARGUMENT', `${where}: cannot read ${file} (${describeReadError(error)})`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('INVALID_ARGUMENT', `${where}: ${file} holds no PEM certificate`);
    options.extraCaPem = [pem];
  }
  if (network.timeoutSeconds) {
    options.headersTimeoutMs = network.timeoutSeconds * 1000;
    options.bodyTimeoutMs = network.timeoutSeconds * 1000;
  }
  return options;
}

/** Why a file named in the config cannot be read, in words. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a directory, not a file';
  return code ?? String(error);
}
