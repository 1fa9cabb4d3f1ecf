import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import type { HttpClientOptions } from '../http/undici-client';
import type { NetworkConfig } from '../../../shared/domain/source-config';

/** Turns the config's network section into HTTP client options (proxy, extra CA, timeouts). */
export function httpOptionsFromConfig(network: NetworkConfig | undefined, baseDir: string): HttpClientOptions {
  const options: HttpClientOptions = {};
  if (!network) return options;
  if (network.proxy) options.proxy = { url: network.proxy, ...(network.noProxy !== undefined ? { noProxy: network.noProxy } : {}) };
  if (network.extraCaFile) {
    const file = path.resolve(baseDir, network.extraCaFile);
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch {
      throw new AppError('INVALID_ARGUMENT', `network.extraCaFile: cannot read ${file}`);
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('INVALID_ARGUMENT', `network.extraCaFile: ${file} holds no PEM certificate`);
    options.extraCaPem = [pem];
  }
  if (network.timeoutSeconds) {
    options.headersTimeoutMs = network.timeoutSeconds * 1000;
    options.bodyTimeoutMs = network.timeoutSeconds * 1000;
  }
  return options;
}
