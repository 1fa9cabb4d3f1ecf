import { createHash } from 'node:crypto';
import type { RecordKind } from '../../../../shared/domain/records';
import type { SourceItem } from '../../connector';
import type { ReadMode } from './entra-mapping';

/**
 * Bookkeeping for one read: counts, duplicate suppression, and the repair needed when a
 * delta read turns into a full read halfway through.
 *
 * Duplicates: Graph replays changes and repeats objects (large groups come in several
 * pieces), so the same record can arrive twice in one read. An item identical to the last
 * one yielded for its key is dropped. To keep memory bounded, full reads remember users and
 * groups only (memberships are the million-row kind); delta reads remember everything they
 * yield, which is bounded by the size of the change.
 *
 * Repair: if Graph asks for a resync after delta items were already yielded, the read
 * continues as a full read. Records yielded during the delta phase that the full phase does
 * not confirm are then yielded as removed, so the read's full set is exactly what the full
 * phase saw. (The store applies a read's items in order; a later item for a key wins.)
 */
export class ReadState {
  pages = 0;
  records = 0;
  quarantined = 0;
  readonly notes: string[] = [];
  private readonly lastYielded = new Map<string, string>();
  private deltaPhase: Map<string, { kind: RecordKind; key: string; confirmed: boolean }> | null = new Map();
  private repairing = false;

  /** Returns the item if it should be yielded, or undefined for a duplicate. */
  admit(item: SourceItem, mode: ReadMode): SourceItem | undefined {
    if (item.type === 'quarantine') {
      this.quarantined += 1;
      return item;
    }
    if (item.type !== 'record' && item.type !== 'removed') return item;
    const kind = item.type === 'record' ? item.record.kind : item.kind;
    const key = item.type === 'record' ? item.record.key : item.key;
    const id = `${kind}\u0000${key}`;
    if (item.type === 'record') {
      if (mode === 'delta') this.deltaPhase?.set(id, { kind, key, confirmed: false });
      else if (this.repairing) {
        const seen = this.deltaPhase?.get(id);
        if (seen) seen.confirmed = true;
      }
    }
    const remember = mode === 'delta' || kind !== 'idp_group_member';
    if (remember) {
      const fingerprint = item.type === 'record' ? hashValue(item.record.value) : 'removed';
      if (this.lastYielded.get(id) === fingerprint) return undefined;
      this.lastYielded.set(id, fingerprint);
    }
    if (item.type === 'record') this.records += 1;
    return item;
  }

  /** The delta phase failed with a resync: what follows is a full read that must correct it. */
  beginFullAfterDelta(): void {
    this.repairing = true;
    this.lastYielded.clear();
  }

  /** A full read from the start: nothing to repair, nothing to track. */
  beginFull(): void {
    this.deltaPhase = null;
  }

  /** After the full phase of a repaired read: removals for delta-phase records the full phase did not see. */
  *repairs(): Generator<SourceItem> {
    if (!this.repairing || !this.deltaPhase) return;
    let count = 0;
    for (const entry of this.deltaPhase.values()) {
      if (entry.confirmed) continue;
      count += 1;
      yield { type: 'removed', kind: entry.kind, key: entry.key };
    }
    if (count) this.notes.push(`${count} record(s) yielded before the resync were not confirmed by the full read and were withdrawn`);
    this.deltaPhase = null;
  }
}

function hashValue(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64').slice(0, 16);
}
