import type { ApiCallError } from '../api/ledger-client';

export type SettingField = 'key' | 'value';

/**
 * The core reports argument problems as `setSetting: <field>: <message>`; this puts the
 * message next to the field it names, or at form level when it names none.
 */
export function placeSettingError(error: ApiCallError): { field: SettingField | null; message: string } {
  if (error.code === 'INVALID_ARGUMENT') {
    const match = /^setSetting: (key|value)(?:\.[^:]*)?: (.+)$/s.exec(error.message);
    if (match) return { field: match[1] as SettingField, message: match[2]! };
  }
  return { field: null, message: error.message };
}
