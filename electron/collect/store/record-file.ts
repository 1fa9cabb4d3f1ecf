import fs from 'node:fs';

/**
 * An append-only scratch file of staged records, in arrival order. Each record is a 16-byte
 * header (u32 seq, u16 slot, u16 kind index, u32 key bytes, u32 value bytes, little-endian)
 * followed by the key and the value JSON as UTF-8. A reader can skip a record by its kind
 * and slot without decoding any text, which is what lets a merge read back only the buckets
 * that moved.
 */
const HEADER = 16;
const WRITE_BUFFER = 256 * 1024;
const READ_CHUNK = 4 * 1024 * 1024;

export class RecordFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(WRITE_BUFFER);
  private used = 0;
  private closed = false;
  count = 0;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w+', 0o600);
  }

  /**
   * Appends a record. Returns where its key starts in `buffer` when key and value are plain
   * ASCII (their bytes, key then value, stay there until the next call), or -1.
   */
  append(seq: number, kind: number, slot: number, key: string, valueJson: string): number {
    const worst = HEADER + 3 * (key.length + valueJson.length);
    if (this.used + worst > this.buffer.length) {
      this.flush();
      if (worst > this.buffer.length) this.buffer = Buffer.allocUnsafe(worst);
    }
    const b = this.buffer;
    const at = this.used;
    // One write for key and value (the call, not the copying, is most of a short write's cost).
    // Non-ASCII text is written again, key and value apart, so each is encoded on its own.
    let keyBytes = key.length;
    let valueBytes = valueJson.length;
    const ascii = b.write(key + valueJson, at + HEADER, 'utf8') === keyBytes + valueBytes;
    if (!ascii) {
      keyBytes = b.write(key, at + HEADER, 'utf8');
      valueBytes = b.write(valueJson, at + HEADER + keyBytes, 'utf8');
    }
    b.writeUInt32LE(seq, at);
    b.writeUInt16LE(slot, at + 4);
    b.writeUInt16LE(kind, at + 6);
    b.writeUInt32LE(keyBytes, at + 8);
    b.writeUInt32LE(valueBytes, at + 12);
    this.used = at + HEADER + keyBytes + valueBytes;
    this.count += 1;
    return ascii ? at + HEADER : -1;
  }

  /** The write buffer (see append). */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  /** Appends one record exactly as another file stored it. */
  appendRaw(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) {
      this.flush();
      if (bytes.length > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes.length);
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    this.count += 1;
  }

  flush(): void {
    let done = 0;
    while (done < this.used) done += fs.writeSync(this.fd, this.buffer, done, this.used - done);
    this.used = 0;
  }

  /**
   * Calls `onRecord` for every record whose kind and slot `wanted` accepts, in arrival order; the
   * text of the others is never decoded. `asciiKey` says the key is plain ASCII (as many UTF-8
   * bytes as UTF-16 units), which callers use to skip Unicode-order checks. `onRaw`, when given, receives the record's bytes
   * instead (valid only during the call).
   */
  scan(
    wanted: (kind: number, slot: number) => boolean,
    onRecord: ((seq: number, slot: number, key: string, valueJson: string, asciiKey: boolean) => void) | null,
    onRaw?: (slot: number, bytes: Buffer) => void,
  ): void {
    this.flush();
    let buffer = Buffer.allocUnsafe(READ_CHUNK);
    let filled = 0;
    let position = 0;
    let start = 0;
    for (;;) {
      // Move the unread tail to the front and top the buffer up.
      if (start > 0) {
        buffer.copy(buffer, 0, start, filled);
        filled -= start;
        start = 0;
      }
      const read = fs.readSync(this.fd, buffer, filled, buffer.length - filled, position);
      position += read;
      filled += read;
      if (filled === 0) return;
      let progressed = false;
      while (filled - start >= HEADER) {
        const keyBytes = buffer.readUInt32LE(start + 8);
        const valueBytes = buffer.readUInt32LE(start + 12);
        const end = start + HEADER + keyBytes + valueBytes;
        if (end > filled) break;
        const slot = buffer.readUInt16LE(start + 4);
        if (wanted(buffer.readUInt16LE(start + 6), slot)) {
          if (onRaw) onRaw(slot, buffer.subarray(start, end));
          if (onRecord) {
            const keyStart = start + HEADER;
            const key = buffer.toString('utf8', keyStart, keyStart + keyBytes);
            onRecord(buffer.readUInt32LE(start), slot, key, buffer.toString('utf8', keyStart + keyBytes, end), key.length === keyBytes);
          }
        }
        start = end;
        progressed = true;
      }
      if (read === 0) {
        if (start < filled) throw new Error(`staged records in ${this.path} end in the middle of a record`);
        return;
      }
      if (!progressed && start === 0 && filled === buffer.length) {
        // One record larger than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
    }
  }

  /** Idempotent: closing a descriptor number twice could close a file someone else opened since. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}
