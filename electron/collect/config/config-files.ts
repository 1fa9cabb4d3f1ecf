import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import type { HttpClientOptions } from '../http/undici-client';
import type { LoadedConfig } from './load-config';
import { describeReadError, httpOptionsFromConfig } from './network-options';

/**
 * Reads every file the config names besides itself (the extra CA, each HR roster), so a
 * mistake is reported before anything is opened or created, naming the config file and the
 * key, all at once. Returns the HTTP options the CA file gave (so it is read only once).
 */
export function checkConfigFiles(loaded: LoadedConfig): HttpClientOptions {
  const problems: string[] = [];
  let httpOptions: HttpClientOptions = {};
  try {
    httpOptions = httpOptionsFromConfig(loaded.config.network, loaded.baseDir, loaded.file);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problems.push(error.message);
  }
  loaded.config.sources.forEach((source, i) => {
    if (source.kind !== 'hr_csv') return;
    const file = path.resolve(loaded.baseDir, source.path);
    const where = `${loaded.file}: sources[${i}].path (source "${source.id}")`;
    try {
      if (fs.statSync(file).isDirectory()) problems.push(`${where}: ${file} is a directory, not a CSV file`);
      else fs.accessSync(file, fs.constants.R_OK);
    } catch (error) {
      problems.push(`${where}: cannot read ${file} (${describeReadError(error)})`);
    }
  });
  if (problems.length === 1) throw new AppError('INVALID_ARGUMENT', problems[0]!);
  if (problems.length > 1) throw new AppError('INVALID_ARGUMENT', `${problems.length} files the config names cannot be read:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return httpOptions;
}
