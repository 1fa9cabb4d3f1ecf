import type { Connector, SourceItem, SourceVerdict } from '../../../electron/collect/connector';
import type { SourceKind, SourceRecord } from '../../../shared/domain/records';

export interface FakeScript {
  items: SourceItem[];
  verdict?: Partial<SourceVerdict>;
  /** Throw this error after yielding that many items. */
  failAfter?: { items: number; error: Error };
  /** Stop and wait (until aborted) after yielding that many items. */
  hangAfter?: number;
  onHang?: () => void;
}

/** A connector that yields a scripted list of items: the runner's tests need no network. */
export function fakeConnector(sourceId: string, kind: SourceKind, script: FakeScript): Connector {
  return {
    sourceId,
    kind,
    async *read(ctx) {
      let n = 0;
      for (const item of script.items) {
        if (script.failAfter && n === script.failAfter.items) throw script.failAfter.error;
        if (script.hangAfter !== undefined && n === script.hangAfter) {
          script.onHang?.();
          // Deliberately ignores the signal: the runner must still stop waiting on it.
          await new Promise<void>(() => undefined);
          void ctx;
        }
        yield item;
        n += 1;
        await Promise.resolve();
      }
      if (script.failAfter && n === script.failAfter.items) throw script.failAfter.error;
      return { complete: true, mode: 'full', pages: 1, records: n, events: 0, notes: [], ...script.verdict };
    },
  };
}

export function user(id: string, email: string, lifecycle: 'active' | 'suspended' | 'deprovisioned' = 'active'): SourceItem {
  const record: SourceRecord = {
    kind: 'idp_user',
    key: id,
    value: { id, userName: email, email, emails: [email], displayName: id, rawStatus: lifecycle.toUpperCase(), lifecycle, employeeId: null, department: null },
  };
  return { type: 'record', record };
}

export function member(groupId: string, memberId: string): SourceItem {
  return { type: 'record', record: { kind: 'idp_group_member', key: `${groupId}:${memberId}`, value: { groupId, memberId, memberType: 'user' } } };
}
