/**
 * Writes `{ ...head, rows: [...] }` followed by a newline exactly as
 * `JSON.stringify(value, null, 2) + '\n'` would, with the rows given one at a time: an answer
 * too large to hold as one string (or as one array of objects) is written as it is read.
 */
export class JsonRowsWriter {
  /** Up to and including `"rows": [`. */
  private opening: string | null = null;
  /** After the rows' closing `]`. */
  private closing = '';
  private rows = 0;

  constructor(private readonly write: (text: string) => void) {}

  /** The fields before `rows` (from the first call; later calls, for later pages, are ignored). */
  start(head: object): void {
    if (this.opening !== null) return;
    const marker = JSON.stringify('\u0000rows\u0000');
    // `"rows": [\n    <marker>\n  ]\n}`: the text around the one row.
    const text = JSON.stringify({ ...head, rows: [JSON.parse(marker) as string] }, null, 2);
    const at = text.indexOf(marker);
    this.opening = text.slice(0, at).replace(/\n {4}$/, '');
    this.closing = text.slice(text.indexOf(']', at + marker.length) + 1);
  }

  row(value: unknown): void {
    if (this.opening === null) throw new Error('JsonRowsWriter: start() before row()');
    // Structural newlines only: JSON.stringify escapes those inside strings.
    const text = JSON.stringify(value, null, 2).replace(/\n/g, '\n    ');
    this.write(`${this.rows === 0 ? this.opening : ','}\n    ${text}`);
    this.rows += 1;
  }

  end(): void {
    if (this.opening === null) throw new Error('JsonRowsWriter: start() before end()');
    this.write(this.rows === 0 ? `${this.opening}]${this.closing}\n` : `\n  ]${this.closing}\n`);
  }
}
