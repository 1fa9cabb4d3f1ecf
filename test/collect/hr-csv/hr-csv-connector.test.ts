import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHrCsvConnector } from '../../../electron/collect/connectors/hr-csv/hr-csv-connector';
import { drain, readError } from '../scim/drain';

const fixtures = path.join(__dirname, '../../fixtures/hr');
const fixture = (name: string) => path.join(fixtures, name);
const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hr-csv-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const KNOWN = 'known: active, employed, leave, loa, terminated, inactive, separated';

describe('HR roster CSV connector', () => {
  it('reads a clean roster into hr_employee records keyed by employee id', async () => {
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: fixture('good.csv') }));
    expect(out.verdict).toEqual({ complete: true, mode: 'full', pages: 1, records: 4, events: 0, notes: ['good.csv: 4 row(s), 4 employee(s), 0 quarantined'] });
    expect(out.records.map((r) => r.key)).toEqual(['E001', 'E002', 'E003', 'E004']);
    expect(out.of('hr_employee')[3]!.value).toEqual({
      employeeId: 'E004',
      email: 'linus@example.com',
      name: 'Linus Torvalds',
      status: 'terminated',
      hireDate: '2018-01-01',
      terminationDate: '2025-05-01',
      department: 'Engineering',
    });
    expect(out.of('hr_employee').map((r) => r.value.status)).toEqual(['active', 'active', 'leave', 'terminated']);
  });

  it('quarantines every kind of bad row with its exact line and reasons, and keeps the good ones', async () => {
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: fixture('bad-rows.csv') }));
    expect(out.quarantined.map((q) => [q.where, q.reason])).toEqual([
      ['bad-rows.csv:3', 'bad email "not-an-email"'],
      ['bad-rows.csv:4', `unknown status "retired" (${KNOWN})`],
      ['bad-rows.csv:5', 'hire_date "2018-13-01" is not a real calendar date'],
      ['bad-rows.csv:6', 'termination_date 2020-06-01 is before hire_date 2021-06-01'],
      ['bad-rows.csv:7', 'duplicate employee_id "E001" (first on line 2)'],
      ['bad-rows.csv:11', 'the row has 4 fields but the header has 7'],
      ['bad-rows.csv:12', 'employee_id is empty'],
      ['bad-rows.csv:13', 'not valid CSV: text after a closing quote (field 2)'],
      ['bad-rows.csv:15', 'hire_date "3/4/2022" is ambiguous (month/day order); use YYYY-MM-DD or set slashDates for this source'],
      ['bad-rows.csv:18', `unknown status "gone" (${KNOWN}); hire_date "2015-02-30" is not a real calendar date`],
    ]);
    expect(out.quarantined.every((q) => q.kind === 'hr_employee')).toBe(true);
    expect(out.quarantined[1]!.raw).toMatchObject({ employee_id: 'E003', status: 'retired' });
    expect(out.records.map((r) => r.key)).toEqual(['E001', 'E006', 'E007', 'E010', 'E012']);
    const byId = Object.fromEntries(out.of('hr_employee').map((r) => [r.key, r.value]));
    expect(byId.E001!.email).toBe('ada@example.com'); // the first E001 wins; the second is the duplicate
    expect(byId.E006).toMatchObject({ name: 'Ken\nThompson', status: 'leave' });
    expect(byId.E007).toMatchObject({ status: 'active', terminationDate: '2024-12-31' });
    expect(byId.E010).toMatchObject({ status: 'active', hireDate: '2022-03-04' });
    expect(byId.E012).toMatchObject({ email: 'emmy@example.com', status: 'terminated' });
    expect(out.verdict.complete).toBe(true);
    expect(out.verdict.notes).toEqual([
      'bad-rows.csv: 15 row(s), 5 employee(s), 10 quarantined',
      '1 blank line(s) skipped',
      '1 active employee(s) have a termination date in the past; kept as given (the analysis judges them)',
    ]);
  });

  it('reads quoted fields with commas, quotes and line breaks, CRLF and a BOM', async () => {
    const file = path.join(tmp(), 'export.csv');
    const text =
      '\uFEFF"Employee_ID","Email","Name","Status","Hire_Date","Termination_Date","Department"\r\n' +
      'E1,a@example.com,"Lovelace, Ada ""Countess""",active,2020-01-15,,"R&D, London"\r\n' +
      'E2,b@example.com,"Grace\r\nHopper",terminated,2020-01-15,2025-01-31T17:00:00Z,Navy\r\n' +
      'E3,bad,x,active,,,\r\n';
    writeFileSync(file, text);
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: file }));
    expect(out.of('hr_employee').map((r) => r.value)).toEqual([
      { employeeId: 'E1', email: 'a@example.com', name: 'Lovelace, Ada "Countess"', status: 'active', hireDate: '2020-01-15', terminationDate: null, department: 'R&D, London' },
      { employeeId: 'E2', email: 'b@example.com', name: 'Grace\r\nHopper', status: 'terminated', hireDate: '2020-01-15', terminationDate: '2025-01-31', department: 'Navy' },
    ]);
    expect(out.quarantined.map((q) => [q.where, q.reason])).toEqual([['export.csv:5', 'bad email "bad"']]);
  });

  it('fails naming the file and the missing column', async () => {
    const error = await readError(createHrCsvConnector({ sourceId: 'hr', path: fixture('missing-column.csv') }));
    expect(error.message).toBe(
      `HR roster ${fixture('missing-column.csv')}: missing required columns "status", "hire_date", "termination_date" (the header on line 1 has: employee_id, email, name)`,
    );
    // Without termination_date every leaver would lose the date their offboarding deadline runs
    // from, and a complete read would resolve those findings: the read fails instead.
    const noTermination = path.join(tmp(), 'no-termination.csv');
    writeFileSync(noTermination, 'employee_id,email,name,status,hire_date,department\nE1,ana@x.io,Ana,terminated,2020-01-01,Data\n');
    expect((await readError(createHrCsvConnector({ sourceId: 'hr', path: noTermination }))).message).toBe(
      `HR roster ${noTermination}: missing required column "termination_date" (the header on line 1 has: employee_id, email, name, status, hire_date, department)`,
    );
    const twice = path.join(tmp(), 'twice.csv');
    writeFileSync(twice, 'employee_id,email,status,Email\n');
    expect((await readError(createHrCsvConnector({ sourceId: 'hr', path: twice }))).message).toBe(
      `HR roster ${twice}: column "email" appears twice in the header (line 1)`,
    );
  });

  it('fails clearly on a missing file, a directory, an empty file and a UTF-16 export', async () => {
    const dir = tmp();
    const missing = path.join(dir, 'nope.csv');
    expect((await readError(createHrCsvConnector({ sourceId: 'hr', path: missing }))).message).toBe(`HR roster ${missing}: file not found`);
    const sub = path.join(dir, 'folder.csv');
    mkdirSync(sub);
    expect((await readError(createHrCsvConnector({ sourceId: 'hr', path: sub }))).message).toBe(`HR roster ${sub}: is a directory, not a CSV file`);
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '\n\n');
    expect((await readError(createHrCsvConnector({ sourceId: 'hr', path: empty }))).message).toBe(
      `HR roster ${empty}: the file is empty; a header row is required (employee_id, email, status, hire_date, termination_date, ...)`,
    );
    const utf16 = path.join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('employee_id,email,status\n', 'utf16le')]));
    expect((await readError(createHrCsvConnector({ sourceId: 'hr', path: utf16 }))).message).toBe(
      `HR roster ${utf16}: the file is not UTF-8 (it looks like UTF-16); export it as "CSV UTF-8"`,
    );
  });

  it('reads a roster with a header and no rows as incomplete: an empty export must not say everyone left', async () => {
    const file = path.join(tmp(), 'header-only.csv');
    writeFileSync(file, 'employee_id,email,status,hire_date,termination_date\n');
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: file }));
    expect(out.records).toEqual([]);
    expect(out.verdict).toMatchObject({ complete: false, mode: 'full', records: 0 });
    expect(out.verdict!.notes).toContain('header-only.csv has a header but no employee rows: read as incomplete, so nobody is taken as having left');
  });

  it('takes other header names, status words and slashed dates when configured', async () => {
    const out = await drain(
      createHrCsvConnector({
        sourceId: 'hr',
        path: fixture('custom-columns.csv'),
        columns: { employeeId: 'worker id', email: 'Work Email', name: 'Full Name', status: 'Employment Status', hireDate: 'Start Date', terminationDate: 'End Date', department: 'Cost Center' },
        statusMap: { 'Full Time': 'active', withdrawn: 'terminated', 'leave of absence': 'leave' },
        slashDates: 'M/D/YYYY',
      }),
    );
    expect(out.quarantined).toEqual([]);
    expect(out.of('hr_employee').map((r) => [r.key, r.value.status, r.value.hireDate, r.value.terminationDate, r.value.department])).toEqual([
      ['W-1', 'active', '2020-01-15', null, 'Engineering'],
      ['W-2', 'terminated', '2020-02-01', '2024-01-31', 'Engineering'],
      ['W-3', 'leave', '2019-03-01', null, 'Data'],
    ]);
    expect(() => createHrCsvConnector({ sourceId: 'hr', path: 'x.csv', statusMap: { gone: 'left' as never } })).toThrow(
      'HR roster source "hr": statusMap maps "gone" to "left"; use active, leave or terminated',
    );
  });

  it('stops when the read is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const { testContext } = await import('../scim/drain');
    const error = await readError(createHrCsvConnector({ sourceId: 'hr', path: fixture('good.csv') }), testContext(controller.signal));
    expect(error.message).toBe(`HR roster ${fixture('good.csv')}: cancelled`);
  });
});
