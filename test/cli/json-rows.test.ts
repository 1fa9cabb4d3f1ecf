import { describe, expect, it } from 'vitest';
import { JsonRowsWriter } from '../../electron/cli/json-stream';

const written = (head: object, rows: unknown[], pages = 1): string => {
  const out: string[] = [];
  const w = new JsonRowsWriter((t) => out.push(t));
  const size = Math.max(1, Math.ceil(rows.length / pages));
  if (rows.length === 0) w.start(head);
  for (let i = 0; i < rows.length; i += size) {
    w.start(head);
    for (const r of rows.slice(i, i + size)) w.row(r);
  }
  w.end();
  return out.join('');
};

describe('JsonRowsWriter', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes, with the rows streamed', () => {
    const head = { collectionId: 3, collectedAt: '2026-11-17T06:00:00.000Z', uncertainty: { from: 'a', to: null }, workspaces: [{ id: 'w', name: 'prod\nline' }], empty: [], nothing: {} };
    const rows = [
      { email: 'ana@x.io', provenance: [{ kind: 'team', evidence: [{ key: 'k', validTo: null }] }], role: null },
      { email: null, note: 'a "quoted"\nstring ]  with brackets ["rows"]', n: 1.5, nested: { a: [] } },
      'a bare string',
      [1, [2, [3]]],
    ];
    for (const pages of [1, 2, 4]) expect(written(head, rows, pages)).toBe(JSON.stringify({ ...head, rows }, null, 2) + '\n');
    expect(written(head, [])).toBe(JSON.stringify({ ...head, rows: [] }, null, 2) + '\n');
    expect(written({}, [{ a: 1 }])).toBe(JSON.stringify({ rows: [{ a: 1 }] }, null, 2) + '\n');
    // What it writes is the same value.
    expect(JSON.parse(written(head, rows, 2))).toEqual({ ...head, rows });
  });

  it('names the array as told and writes the fields known only at the end after it', () => {
    const entries = [{ seq: 3, details: { a: [1, 2] } }, { seq: 2, details: null }];
    const tail = { total: 3, nextBeforeSeq: 2, verification: { ok: true, disagreements: [] } };
    for (const rows of [entries, []]) {
      const out: string[] = [];
      const w = new JsonRowsWriter((t) => out.push(t), 'entries');
      w.start({});
      for (const e of rows) w.row(e);
      w.end(tail);
      expect(out.join('')).toBe(JSON.stringify({ entries: rows, ...tail }, null, 2) + '\n');
    }
  });

  it('refuses rows before the head', () => {
    const w = new JsonRowsWriter(() => undefined);
    expect(() => w.row({})).toThrow(/start\(\) before row\(\)/);
    expect(() => w.end()).toThrow(/start\(\) before end\(\)/);
  });
});
