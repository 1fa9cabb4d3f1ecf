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
  if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `${file}: ${describeIssue(parsed.error.issues[0], raw, parsed.error.issues)}`);
  return parsed.data;
}

/** "sources[1].auth.tokenEnv: must be an environment variable name" — the key a person must fix. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, raw: unknown, all: readonly z.core.$ZodIssue[] = []): string {
  if (!issue) return 'invalid config';
  const keyPath = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'kind') message = 'kind must be one of okta, entra, scim, hr_csv, prefect';
  if (issue.code === 'invalid_type' && message.includes('received undefined')) {
    message = 'is required';
    // A misspelt key shows up as this one missing: name the spelling that was found instead.
    const missing = String(issue.path.at(-1) ?? '');
    const parent = JSON.stringify(issue.path.slice(0, -1));
    const typo = all
      .filter((i): i is z.core.$ZodIssue & { code: 'unrecognized_keys'; keys: string[] } => i.code === 'unrecognized_keys' && JSON.stringify(i.path) === parent)
      .flatMap((i) => i.keys)
      .find((k) => k.toLowerCase() !== missing.toLowerCase() ? editDistance(k.toLowerCase(), missing.toLowerCase()) <= 2 : true);
    if (typo) message = `is required (found "${typo}" instead: a misspelling of ${missing}?)`;
  }
  const sourceIndex = issue.path[0] === 'sources' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
  const sourceId = sourceIndex !== undefined ? (raw as { sources?: { id?: unknown }[] })?.sources?.[sourceIndex]?.id : undefined;
  return `${keyPath || '(top level)'}${typeof sourceId === 'string' ? ` (source "${sourceId}")` : ''}: ${message}`;
}

/** Levenshtein distance, for "did you mean" on short config keys. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
