import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHrCsvConnector } from '../../../electron/collect/connectors/hr-csv/hr-csv-connector';
import { csvField, hrRosterCsv, writeHrRoster } from '../../../electron/simulate/hr/hr-roster-writer';
import { buildBigOrg, buildTestOrg, person } from '../../simulate/scim/fixtures';
import { drain } from '../scim/drain';

const dir = mkdtempSync(path.join(tmpdir(), 'hr-roster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HR roster writer', () => {
  it('quotes only what needs quoting', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', ' lead', 'trail ', ''].map(csvField)).toEqual([
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '" lead"',
      '"trail "',
      '',
    ]);
  });

  it('writes a deterministic roster, ordered by employee id, with CRLF line ends', async () => {
    const org = buildTestOrg();
    org.people.reverse();
    const file = path.join(dir, 'nested', 'roster.csv');
    expect(await writeHrRoster(org, file)).toEqual({ rows: 7 });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      'employee_id,email,name,status,hire_date,termination_date,department',
      'E001,ada.lovelace@example.com,Ada Lovelace,active,2020-01-15,,Engineering',
      'E002,grace.hopper@example.com,Grace Hopper,active,2020-01-15,,Engineering',
    ]);
    expect(text).toContain('E007,margaret.hamilton@example.com,Margaret Hamilton,active,2020-01-15,,"Flight ""Software"", Ops"\r\n');
    expect(hrRosterCsv(buildTestOrg())).toBe(text);
  });

  it('round-trips the organisation through the HR connector', async () => {
    const org = buildTestOrg();
    org.people.push(person(8, 'Ann', 'Newline', 'ACTIVE', [], { givenName: 'Ann\nMarie', hrStatus: 'leave', department: ' Spaced ' }));
    const file = path.join(dir, 'round-trip.csv');
    await writeHrRoster(org, file);
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: file }));
    expect(out.quarantined).toEqual([]);
    expect(out.verdict.complete).toBe(true);
    expect(out.of('hr_employee').map((r) => r.value)).toEqual(
      org.people.map((p) => ({
        employeeId: p.employeeId,
        email: p.email,
        name: `${p.givenName} ${p.familyName}`,
        status: p.hrStatus,
        hireDate: p.hireDate,
        terminationDate: p.terminationDate,
        department: p.department.trim(),
      })),
    );
  });

  it('round-trips with a customer’s own header names', async () => {
    const columns = { employeeId: 'Worker ID', email: 'Work Email', status: 'Employment Status', terminationDate: 'End Date' };
    const file = path.join(dir, 'custom.csv');
    await writeHrRoster(buildTestOrg(), file, { columns });
    expect(readFileSync(file, 'utf8').split('\r\n')[0]).toBe('Worker ID,Work Email,name,Employment Status,hire_date,End Date,department');
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: file, columns }));
    expect(out.of('hr_employee').map((r) => [r.key, r.value.status, r.value.terminationDate])).toContainEqual(['E004', 'terminated', '2025-05-01']);
    expect(out.records).toHaveLength(7);
  });

  it('streams a 20,000-person roster through the connector', async () => {
    const org = buildBigOrg(20_000, 5);
    const file = path.join(dir, 'big.csv');
    await writeHrRoster(org, file);
    const started = performance.now();
    const out = await drain(createHrCsvConnector({ sourceId: 'hr', path: file }));
    const ms = performance.now() - started;
    expect(out.records).toHaveLength(20_000);
    expect(out.quarantined).toEqual([]);
    expect(out.items.filter((i) => i.type === 'progress')).toHaveLength(21);
    expect(ms).toBeLessThan(5_000);
    console.log(`HR roster: 20,000 rows read in ${ms.toFixed(0)} ms`);
  });
});
