/**
 * A streaming RFC 4180 CSV parser: feed it chunks as they come off the disk and it hands back
 * complete rows, each with the physical line it started on, so a bad row can be reported as
 * "roster.csv:12". Handles quoted fields, "" escapes, commas and newlines inside quotes, CRLF,
 * LF or lone CR line ends, and a UTF-8 byte-order mark. It never throws on bad input: a row it
 * cannot read cleanly carries an `error` and the caller decides (the HR connector quarantines it).
 */
export interface CsvRow {
  /** 1-based physical line where the row starts. */
  line: number;
  fields: string[];
  /** Set when the row is not valid CSV (stray quote, text after a closing quote, unterminated quote). */
  error?: string;
  /** A line with nothing on it. */
  blank: boolean;
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

export class CsvParser {
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private rowLine = 1;
  private quotedSeen = false;
  private error: string | undefined;
  private skipLf = false;
  private prevCrInQuote = false;
  private readonly special: RegExp;
  private started = false;
  private quoteOpenedAt = 1;

  constructor(private readonly delimiter = ',') {
    if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) throw new Error('CSV delimiter must be one character other than a quote or line break');
    this.special = new RegExp(`[${delimiter.replace(/[\\\]^-]/g, '\\$&')}"\r\n]`, 'g');
  }

  /** Parses a chunk; returns the rows it completed. Scans to the next special character rather than char by char. */
  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const n = text.length;
    const special = this.special;
    let i = 0;
    while (i < n) {
      if (this.skipLf) {
        this.skipLf = false;
        if (text.charCodeAt(i) === 10) {
          i += 1;
          continue;
        }
      }
      if (this.state === 'quoted') {
        const q = text.indexOf('"', i);
        const end = q < 0 ? n : q;
        if (end > i) {
          const part = text.slice(i, end);
          this.countQuotedLines(part);
          this.field += part;
        }
        if (q < 0) break;
        this.state = 'quoteInQuoted';
        this.prevCrInQuote = false;
        i = q + 1;
        continue;
      }
      if (this.state === 'quoteInQuoted') {
        const c = text[i] as string;
        i += 1;
        if (c === '"') {
          this.field += '"';
          this.state = 'quoted';
        } else if (c === this.delimiter) this.endField();
        else if (c === '\r' || c === '\n') rows.push(this.endRow(c));
        else {
          this.error ??= `text after a closing quote (field ${this.fields.length + 1})`;
          this.field += c;
          this.state = 'unquoted';
        }
        continue;
      }
      // fieldStart or unquoted: copy up to the next delimiter, quote or line break
      special.lastIndex = i;
      const m = special.exec(text);
      const end = m ? m.index : n;
      if (end > i) {
        this.field += text.slice(i, end);
        this.state = 'unquoted';
      }
      if (!m) break;
      const c = text[end] as string;
      i = end + 1;
      if (c === this.delimiter) this.endField();
      else if (c === '\r' || c === '\n') rows.push(this.endRow(c));
      else if (this.state === 'fieldStart') {
        this.state = 'quoted';
        this.quotedSeen = true;
        this.quoteOpenedAt = this.line;
      } else {
        this.error ??= `a quote inside an unquoted field (field ${this.fields.length + 1}); quote the whole field and double the quote`;
        this.field += c;
      }
    }
    return rows;
  }

  /** Line breaks inside a quoted field move the physical line on; CRLF counts once, even split across chunks. */
  private countQuotedLines(part: string): void {
    for (let j = 0; j < part.length; j += 1) {
      const code = part.charCodeAt(j);
      if (code === 13) this.line += 1;
      else if (code === 10 && !(j === 0 ? this.prevCrInQuote : part.charCodeAt(j - 1) === 13)) this.line += 1;
    }
    this.prevCrInQuote = part.charCodeAt(part.length - 1) === 13;
  }

  /** Flushes the last row (a file need not end with a newline). */
  end(): CsvRow[] {
    if (this.state === 'quoted') {
      this.error ??= `a quoted field opened on line ${this.quoteOpenedAt} is never closed`;
      return [this.finishRow()];
    }
    if (this.state === 'fieldStart' && this.fields.length === 0 && !this.quotedSeen) return [];
    return [this.finishRow()];
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  private endRow(terminator: string): CsvRow {
    const row = this.finishRow();
    this.line += 1;
    this.rowLine = this.line;
    if (terminator === '\r') this.skipLf = true;
    return row;
  }

  private finishRow(): CsvRow {
    this.fields.push(this.field);
    const fields = this.fields;
    const row: CsvRow = {
      line: this.rowLine,
      fields,
      blank: fields.length === 1 && fields[0] === '' && !this.quotedSeen,
      ...(this.error ? { error: this.error } : {}),
    };
    this.fields = [];
    this.field = '';
    this.state = 'fieldStart';
    this.quotedSeen = false;
    this.error = undefined;
    return row;
  }
}

/** Parses a whole string (tests, small files). */
export function parseCsv(text: string): CsvRow[] {
  const parser = new CsvParser();
  return [...parser.push(text), ...parser.end()];
}
