import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Connector, ConnectorContext, SourceItem, SourceVerdict } from '../../connector';
import { CsvParser, type CsvRow } from './csv-parser';
import {
  DEFAULT_HR_COLUMNS,
  DEFAULT_STATUS_MAP,
  REQUIRED_HR_COLUMNS,
  normalizeHrRow,
  type HrColumn,
  type HrStatus,
  type RowContext,
  type SlashDateOrder,
} from './hr-row';

export interface HrCsvConnectorOptions {
  sourceId: string;
  path: string;
  /** Header names per column; defaults employee_id, email, name, status, hire_date, termination_date, department (matched case-insensitively). */
  columns?: Partial<Record<HrColumn, string>>;
  /** Extra or overriding status words (case-insensitive) on top of DEFAULT_STATUS_MAP. */
  statusMap?: Record<string, HrStatus>;
  /** Accept slashed dates in this order; without it they are refused as ambiguous. */
  slashDates?: SlashDateOrder;
}

const PROGRESS_EVERY = 1000;
const STATUSES = new Set<HrStatus>(['active', 'leave', 'terminated']);

/**
 * The HR roster: a CSV file that is the source of truth for who is employed. Streams the file
 * (never holds it whole), requires a header row with employee_id, email and status, yields one
 * hr_employee per row keyed by employee id, and quarantines each bad row as "<file>:<line>"
 * with every reason it is unusable (bad email, unknown status, bad date, termination before
 * hire, duplicate employee id: the later row). Rows are kept as given otherwise: an active
 * employee with a past termination date is for the analysis to judge, and is counted in the notes.
 */
export function createHrCsvConnector(options: HrCsvConnectorOptions): Connector {
  const statusMap: Record<string, HrStatus> = { ...DEFAULT_STATUS_MAP };
  for (const [word, status] of Object.entries(options.statusMap ?? {})) {
    if (!STATUSES.has(status)) throw new Error(`HR roster source "${options.sourceId}": statusMap maps "${word}" to "${String(status)}"; use active, leave or terminated`);
    statusMap[word.trim().toLowerCase()] = status;
  }
  const columns: Record<HrColumn, string> = { ...DEFAULT_HR_COLUMNS, ...(options.columns ?? {}) };
  return {
    sourceId: options.sourceId,
    kind: 'hr_csv',
    read: (ctx) => readRoster(ctx, options.path, columns, statusMap, options.slashDates),
  };
}

interface Header {
  names: string[];
  /** Each configured column found in the header, with its position. */
  columns: [HrColumn, number][];
}

async function* readRoster(
  ctx: ConnectorContext,
  filePath: string,
  columns: Record<HrColumn, string>,
  statusMap: Record<string, HrStatus>,
  slashDates: SlashDateOrder | undefined,
): AsyncGenerator<SourceItem, SourceVerdict, void> {
  const label = `HR roster ${filePath}`;
  const file = path.basename(filePath);
  await checkReadable(filePath, label);

  const today = ctx.clock.now().toISOString().slice(0, 10);
  const rowCtx: RowContext = { headers: columns, statusMap, ...(slashDates ? { slashDates } : {}) };
  const seen = new Map<string, number>();
  let header: Header | null = null;
  let dataRows = 0;
  let records = 0;
  let quarantined = 0;
  let blankLines = 0;
  let activePastTermination = 0;

  /** Handles one parsed row, pushing what it yields into `out` (a plain function: sync generators delegated from an async one are slow). */
  const handle = (row: CsvRow, out: SourceItem[]): void => {
    if (!header) {
      if (row.blank) return;
      if (row.error) throw new Error(`${label}: the header row (line ${row.line}) is not valid CSV: ${row.error}`);
      header = readHeader(row, columns, label);
      return;
    }
    if (row.blank) {
      blankLines += 1;
      return;
    }
    dataRows += 1;
    const names = header.names;
    const quarantine = (reason: string): void => {
      quarantined += 1;
      const raw = Object.fromEntries(row.fields.map((value, i) => [names[i] ?? `column ${i + 1}`, value]));
      out.push({ type: 'quarantine', kind: 'hr_employee', reason, raw, where: `${file}:${row.line}` });
    };
    if (row.error) return quarantine(`not valid CSV: ${row.error}`);
    if (row.fields.length !== names.length) return quarantine(`the row has ${row.fields.length} fields but the header has ${names.length}`);
    const values: Partial<Record<HrColumn, string>> = {};
    for (const [col, i] of header.columns) values[col] = row.fields[i] ?? '';
    const result = normalizeHrRow(values, rowCtx);
    const id = (values.employeeId ?? '').trim();
    const firstLine = id ? seen.get(id) : undefined;
    if (!result.ok || firstLine !== undefined) {
      const reasons = result.ok ? [] : [...result.reasons];
      if (firstLine !== undefined) reasons.push(`duplicate ${columns.employeeId} "${id}" (first on line ${firstLine})`);
      return quarantine(reasons.join('; '));
    }
    seen.set(id, row.line);
    if (result.value.status === 'active' && result.value.terminationDate !== null && result.value.terminationDate < today) activePastTermination += 1;
    records += 1;
    out.push({ type: 'record', record: { kind: 'hr_employee', key: result.value.employeeId, value: result.value } });
    if (dataRows % PROGRESS_EVERY === 0) out.push({ type: 'progress', progress: { phase: 'hr roster', pages: 0, records } });
  };

  const parser = new CsvParser();
  const stream = createReadStream(filePath, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    const out: SourceItem[] = [];
    for await (const chunk of stream) {
      if (ctx.signal.aborted) throw new Error(`${label}: cancelled`);
      for (const row of parser.push(chunk as string)) handle(row, out);
      for (const item of out) yield item;
      out.length = 0;
    }
    for (const row of parser.end()) handle(row, out);
    for (const item of out) yield item;
  } catch (error) {
    throw describeFsError(error, label);
  } finally {
    stream.destroy();
  }
  if (!header) throw new Error(`${label}: the file is empty; a header row is required (${REQUIRED_HR_COLUMNS.map((c) => columns[c]).join(', ')}, ...)`);
  yield { type: 'progress', progress: { phase: 'hr roster', pages: 1, records } };

  const notes = [`${file}: ${dataRows} row(s), ${records} employee(s), ${quarantined} quarantined`];
  // A roster with nobody on it is a broken export, not a company where everyone left: read as
  // incomplete (the collection is degraded), so no one is taken as gone.
  if (dataRows === 0) notes.push(`${file} has a header but no employee rows: read as incomplete, so nobody is taken as having left`);
  if (blankLines) notes.push(`${blankLines} blank line(s) skipped`);
  if (activePastTermination) {
    notes.push(`${activePastTermination} active employee(s) have a termination date in the past; kept as given (the analysis judges them)`);
  }
  return { complete: dataRows > 0, mode: 'full', pages: 1, records, events: 0, notes };
}

/** Finds each configured column in the header (trimmed, case-insensitive); a missing required one fails the read. */
function readHeader(row: CsvRow, columns: Record<HrColumn, string>, label: string): Header {
  const names = row.fields.map((f) => f.trim());
  if (names[0]?.startsWith('\ufffd') || names.some((n) => n.includes('\u0000'))) {
    throw new Error(`${label}: the file is not UTF-8 (it looks like UTF-16); export it as "CSV UTF-8"`);
  }
  const lower = names.map((n) => n.toLowerCase());
  const found: [HrColumn, number][] = [];
  const missing: string[] = [];
  for (const [col, headerName] of Object.entries(columns) as [HrColumn, string][]) {
    const want = headerName.trim().toLowerCase();
    const at = lower.indexOf(want);
    if (at >= 0 && lower.indexOf(want, at + 1) >= 0) throw new Error(`${label}: column "${headerName}" appears twice in the header (line ${row.line})`);
    if (at >= 0) found.push([col, at]);
    if (at < 0 && REQUIRED_HR_COLUMNS.includes(col)) missing.push(`"${headerName}"`);
  }
  if (missing.length) {
    const what = missing.length === 1 ? `missing required column ${missing[0]}` : `missing required columns ${missing.join(', ')}`;
    throw new Error(`${label}: ${what} (the header on line ${row.line} has: ${names.join(', ')})`);
  }
  return { names, columns: found };
}

async function checkReadable(filePath: string, label: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(filePath);
  } catch (error) {
    throw describeFsError(error, label);
  }
  if (stat.isDirectory()) throw new Error(`${label}: is a directory, not a CSV file`);
}

function describeFsError(error: unknown, label: string): Error {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return new Error(`${label}: file not found`);
  if (code === 'EACCES' || code === 'EPERM') return new Error(`${label}: permission denied`);
  if (code === 'EISDIR') return new Error(`${label}: is a directory, not a CSV file`);
  if (code) return new Error(`${label}: cannot be read (${code})`);
  return error instanceof Error ? error : new Error(`${label}: ${String(error)}`);
}
