import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { OrgModel } from '../org/org-model';
import { DEFAULT_HR_COLUMNS, type HrColumn } from '../../collect/connectors/hr-csv/hr-row';

export interface HrRosterOptions {
  /** Header names, as a source's `columns` config would name them (defaults as the connector's). */
  columns?: Partial<Record<HrColumn, string>>;
}

const ORDER: HrColumn[] = ['employeeId', 'email', 'name', 'status', 'hireDate', 'terminationDate', 'department'];

/**
 * The organisation's HR roster as RFC 4180 CSV: what an HR system's export looks like, so the
 * demo and the tests read it through the real HR connector. Everyone the org has ever employed
 * is listed (leavers with their termination dates), ordered by employee id so the same org
 * always gives the same bytes; CRLF line ends; fields quoted when they need it.
 */
export function hrRosterCsv(org: OrgModel, options: HrRosterOptions = {}): string {
  const columns = { ...DEFAULT_HR_COLUMNS, ...(options.columns ?? {}) };
  const people = [...org.people].sort((a, b) => compare(a.employeeId, b.employeeId) || compare(a.personId, b.personId));
  const lines = [ORDER.map((c) => csvField(columns[c])).join(',')];
  for (const p of people) {
    const row: Record<HrColumn, string> = {
      employeeId: p.employeeId,
      email: p.email,
      name: `${p.givenName} ${p.familyName}`,
      status: p.hrStatus,
      hireDate: p.hireDate,
      terminationDate: p.terminationDate ?? '',
      department: p.department,
    };
    lines.push(ORDER.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Writes the roster atomically (temp file, then rename), so a reader never sees half a file. */
export async function writeHrRoster(org: OrgModel, filePath: string, options: HrRosterOptions = {}): Promise<{ rows: number }> {
  const text = hrRosterCsv(org, options);
  await fsp.mkdir(path.dirname(filePath), { recursive: true });
  const temp = `${filePath}.${process.pid}.tmp`;
  await fsp.writeFile(temp, text, 'utf8');
  await fsp.rename(temp, filePath);
  return { rows: org.people.length };
}

/** Quotes a field when it holds a delimiter, quote, line break, or edge whitespace; doubles inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
