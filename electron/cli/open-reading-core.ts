import { openCore, type Core, type OpenCoreOptions } from '../api/open-core';
import { isReadOnlyRefusal } from '../db/open-database';

/**
 * How a reading command (findings, access, diff, timeline, ledger) opens its database: as
 * usual, so an older file is upgraded; and when this user may not write the file (an
 * auditor's read-only copy), read-only instead, so it can still be read and verified.
 */
export function openReadingCore(options: OpenCoreOptions, open: (o: OpenCoreOptions) => Core = openCore): Core {
  try {
    return open(options);
  } catch (error) {
    if (!isReadOnlyRefusal(error)) throw error;
    return open({ ...options, readOnly: true });
  }
}
