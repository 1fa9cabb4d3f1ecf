import type { RecordValue } from '../../../../shared/domain/records';

/**
 * Turning one roster row into an hr_employee value, with every problem named. Kept apart from
 * the file reading so the rules (status words, accepted date shapes) are easy to read and test.
 */
export type HrColumn = 'employeeId' | 'email' | 'name' | 'status' | 'hireDate' | 'terminationDate' | 'department';
export type HrStatus = 'active' | 'leave' | 'terminated';

export const DEFAULT_HR_COLUMNS: Record<HrColumn, string> = {
  employeeId: 'employee_id',
  email: 'email',
  name: 'name',
  status: 'status',
  hireDate: 'hire_date',
  terminationDate: 'termination_date',
  department: 'department',
};

/**
 * A roster without these cannot say who is employed and since when: without termination_date
 * every leaver would lose the date their offboarding deadline runs from (and those findings
 * would resolve). Name and department may be absent (their values are then null).
 */
export const REQUIRED_HR_COLUMNS: HrColumn[] = ['employeeId', 'email', 'status', 'hireDate', 'terminationDate'];

/** Status words, compared case-insensitively; a source's statusMap adds to (or overrides) these. */
export const DEFAULT_STATUS_MAP: Record<string, HrStatus> = {
  active: 'active',
  employed: 'active',
  leave: 'leave',
  loa: 'leave',
  terminated: 'terminated',
  inactive: 'terminated',
  separated: 'terminated',
};

/**
 * Dates: YYYY-MM-DD, or an ISO 8601 date-time whose calendar date is taken as written (no time
 * zone conversion: an HR export's "2025-03-31T23:00:00-05:00" means the 31st). Slashed dates are
 * ambiguous (3/4/2025 is March in the US and April elsewhere), so they are refused unless the
 * source says which order its export uses.
 */
export type SlashDateOrder = 'M/D/YYYY' | 'D/M/YYYY';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export function parseRosterDate(raw: string, column: string, slashDates?: SlashDateOrder): Parsed<string | null> {
  const text = raw.trim();
  if (!text) return { ok: true, value: null };
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(text) ?? ISO_DATETIME.exec(text);
  const slashed = SLASHED.exec(text);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (slashed) {
    if (!slashDates) return { ok: false, reason: `${column} "${text}" is ambiguous (month/day order); use YYYY-MM-DD or set slashDates for this source` };
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    [y, m, d] = slashDates === 'M/D/YYYY' ? [Number(slashed[3]), a, b] : [Number(slashed[3]), b, a];
  } else {
    return { ok: false, reason: `${column} "${text}" is not a date (expected YYYY-MM-DD)` };
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: `${column} "${text}" is not a real calendar date` };
  }
  return { ok: true, value: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

export function parseStatus(raw: string, column: string, statusMap: Record<string, HrStatus>): Parsed<HrStatus> {
  const word = raw.trim().toLowerCase();
  const status = statusMap[word];
  if (status) return { ok: true, value: status };
  const known = Object.keys(statusMap).join(', ');
  return { ok: false, reason: word ? `unknown ${column} "${raw.trim()}" (known: ${known})` : `${column} is empty` };
}

export interface RowContext {
  /** The file's header names for each column (for messages). */
  headers: Record<HrColumn, string>;
  statusMap: Record<string, HrStatus>;
  slashDates?: SlashDateOrder;
}

/** Normalises one row; returns every reason it is unusable, not only the first. */
export function normalizeHrRow(values: Partial<Record<HrColumn, string>>, ctx: RowContext): { ok: true; value: RecordValue<'hr_employee'> } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  const h = ctx.headers;
  const employeeId = (values.employeeId ?? '').trim();
  if (!employeeId) reasons.push(`${h.employeeId} is empty`);
  else if (employeeId.length > 512) reasons.push(`${h.employeeId} is longer than 512 characters`);

  const emailRaw = (values.email ?? '').trim();
  if (!emailRaw) reasons.push(`${h.email} is empty`);
  else if (!EMAIL.test(emailRaw) || emailRaw.length > 320) reasons.push(`bad ${h.email} "${emailRaw}"`);

  const status = parseStatus(values.status ?? '', h.status, ctx.statusMap);
  if (!status.ok) reasons.push(status.reason);
  const hire = parseRosterDate(values.hireDate ?? '', h.hireDate, ctx.slashDates);
  if (!hire.ok) reasons.push(hire.reason);
  const term = parseRosterDate(values.terminationDate ?? '', h.terminationDate, ctx.slashDates);
  if (!term.ok) reasons.push(term.reason);
  if (hire.ok && term.ok && hire.value && term.value && term.value < hire.value) {
    reasons.push(`${h.terminationDate} ${term.value} is before ${h.hireDate} ${hire.value}`);
  }
  if (reasons.length || !status.ok || !hire.ok || !term.ok) return { ok: false, reasons };
  const name = (values.name ?? '').trim();
  const department = (values.department ?? '').trim();
  return {
    ok: true,
    value: {
      employeeId,
      email: emailRaw.toLowerCase(),
      name: name || null,
      status: status.value,
      hireDate: hire.value,
      terminationDate: term.value,
      department: department || null,
    },
  };
}
