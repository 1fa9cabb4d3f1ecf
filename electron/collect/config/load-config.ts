import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../../shared/api/result';
import { collectionConfigSchema, type CollectionConfig } from '../../../shared/domain/source-config';

export interface LoadedConfig {
  config: CollectionConfig;
  /** Relative paths in the config (HR roster, CA file) resolve against this folder. */
  baseDir: string;
  file: string;
}

/** Reads and validates a config file; every problem names the file and the key. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('INVALID_ARGUMENT', code === 'ENOENT' ? `Config file not found: ${file}` : `Cannot read config file ${file}: ${code ?? String(error)}`);
  }
  return { config: parseConfigText(text, file), baseDir: path.dirname(path.resolve(file)), file };
}

export function parseConfigText(text: string, file: string): CollectionConfig {
  let raw: unknown;
  if (/\.json$/i.test(file)) {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new AppError('INVALID_ARGUMENT', `${file}: not valid JSON (${(error as Error).message})`);
    }
  } else {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const line = e.linePos?.[0];
      throw new AppError('INVALID_ARGUMENT', `${file}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML (${e.message.split('\n')[0]})`);
    }
    raw = doc.toJS();
  }
  const parsed = collectionConfigSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `${file}: ${describeIssue(parsed.error.issues[0], raw)}`);
  return parsed.data;
}

/** "sources[1].auth.tokenEnv: must be an environment variable name" — the key a person must fix. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, raw: unknown): string {
  if (!issue) return 'invalid config';
  const keyPath = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'kind') message = 'kind must be one of okta, entra, scim, hr_csv, prefect';
  if (issue.code === 'invalid_type' && message.includes('received undefined')) message = 'is required';
  const sourceIndex = issue.path[0] === 'sources' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
  const sourceId = sourceIndex !== undefined ? (raw as { sources?: { id?: unknown }[] })?.sources?.[sourceIndex]?.id : undefined;
  return `${keyPath || '(top level)'}${typeof sourceId === 'string' ? ` (source "${sourceId}")` : ''}: ${message}`;
}
