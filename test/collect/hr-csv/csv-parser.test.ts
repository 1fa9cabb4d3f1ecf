import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv } from '../../../electron/collect/connectors/hr-csv/csv-parser';

const rows = (text: string) => parseCsv(text).map((r) => [r.line, r.fields, r.error ?? null]);

describe('CSV parser (RFC 4180)', () => {
  it('reads plain rows with LF, CRLF or CR line ends and no final newline', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      expect(rows(`a,b,c${nl}1,2,3${nl}4,,6`), JSON.stringify(nl)).toEqual([
        [1, ['a', 'b', 'c'], null],
        [2, ['1', '2', '3'], null],
        [3, ['4', '', '6'], null],
      ]);
    }
  });

  it('handles quoted fields with delimiters, escaped quotes and line breaks, keeping start lines right', () => {
    const text = 'id,note\r\n1,"a, b"\r\n2,"she said ""hi"""\r\n3,"two\r\nlines\nthree"\r\n4,""\r\n5,after\r\n';
    expect(rows(text)).toEqual([
      [1, ['id', 'note'], null],
      [2, ['1', 'a, b'], null],
      [3, ['2', 'she said "hi"'], null],
      [4, ['3', 'two\r\nlines\nthree'], null],
      [7, ['4', ''], null],
      [8, ['5', 'after'], null],
    ]);
  });

  it('strips a byte-order mark and reports blank lines as blank', () => {
    const parsed = parseCsv('\uFEFFid,x\n\n1,2\n');
    expect(parsed.map((r) => [r.line, r.fields, r.blank])).toEqual([
      [1, ['id', 'x'], false],
      [2, [''], true],
      [3, ['1', '2'], false],
    ]);
    expect(parseCsv('""\n')[0]!.blank).toBe(false);
    expect(parseCsv('')).toEqual([]);
  });

  it('flags malformed rows instead of throwing, and carries on', () => {
    expect(rows('a,b"c,d\n"x"y,z\n"open,1\n2,3\n')).toEqual([
      [1, ['a', 'b"c', 'd'], 'a quote inside an unquoted field (field 2); quote the whole field and double the quote'],
      [2, ['xy', 'z'], 'text after a closing quote (field 1)'],
      [3, ['open,1\n2,3\n'], 'a quoted field opened on line 3 is never closed'],
    ]);
  });

  it('gives the same rows whatever the chunking, even with CRLF split across chunks', () => {
    const text = '\uFEFFid,note\r\n1,"multi\r\nline, ""quoted"""\r\n2,plain\r\n\r\n3,"x"\r\n';
    const whole = parseCsv(text);
    for (const size of [1, 2, 3, 5, 7]) {
      const parser = new CsvParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
      out.push(...parser.end());
      expect(out, `chunk size ${size}`).toEqual(whole);
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 4, 5, 6]);
  });
});
