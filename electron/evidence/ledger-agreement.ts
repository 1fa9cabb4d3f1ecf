import type { Db } from '../db/open-database';
import { policyHash } from '../analyze/policy/policy-hash';
import { entriesOf, newestByCollection, newestEntries, type Disagreement } from './ledger-entries';
import { collectedDataDisagreements } from './collected-data-agreement';
import { findingDisagreements } from './finding-agreement';

export type { Disagreement } from './ledger-entries';

const COLLECTION_ACTIONS = ['collection.completed', 'collection.failed', 'collection.cancelled', 'collection.interrupted'];

interface CollectionEntry {
  seq: number;
  action: string;
  details: { collectionId?: unknown; status?: unknown; contentHash?: unknown; finishedAt?: unknown };
}

/**
 * The hash chain proves the ledger was not edited, but not that the tables still say what the
 * ledger recorded: a collection's status or content hash changed in place, or a collection
 * row with no entry (a ledger whose newest entries were cut off). This checks what an auditor
 * relies on most, the snapshots, the policy they were judged under, the findings recorded
 * for them, the sources retired from them and the identity links that join accounts to people,
 * against the entries that recorded them (collected-data-agreement.ts, finding-agreement.ts).
 * (Cutting entries that name no table row can only be caught against a head hash kept
 * elsewhere: `ledger --verify` prints it.)
 */
export function ledgerDisagreements(db: Db): Disagreement[] {
  return [
    ...collectionDisagreements(db),
    ...collectedDataDisagreements(db, newestByCollection(db, 'collection.completed')),
    ...policyDisagreements(db),
    ...findingDisagreements(db, entriesOf(db, 'findings.recorded')),
    ...retirementDisagreements(db),
    ...identityLinkDisagreements(db),
  ];
}

/** Each retired source against the source.retired entry that retired it (a forged retirement would let runs without it count as complete). */
function retirementDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const retired = newestEntries(db, 'source.retired', (subject) => subject);
  for (const r of db.prepare('SELECT source_id AS sourceId, last_read_in AS lastReadIn FROM retired_sources ORDER BY source_id').all() as { sourceId: string; lastReadIn: number | null }[]) {
    const e = retired.get(r.sourceId);
    if (!e) out.push({ seq: null, problem: `source "${r.sourceId}" is retired with no ledger entry retiring it` });
    else if ((e.details.lastReadIn ?? null) !== r.lastReadIn) out.push({ seq: e.seq, problem: `source "${r.sourceId}" is retired after collection ${String(r.lastReadIn)} in the table, ${String(e.details.lastReadIn)} by ledger entry ${e.seq}` });
  }
  return out;
}

/**
 * Manual identity links as the ledger's identity entries leave them, replayed in order, against
 * the table: a link written behind its back moves a person's access onto someone else (a
 * leaver's grants shown under a colleague's name), and one deleted hands them back.
 */
function identityLinkDisagreements(db: Db): Disagreement[] {
  const expected = new Map<string, { mode: 'link' | 'unlink'; seq: number }>();
  const key = (subject: string, identityId: string) => `${subject}\u0000${identityId}`;
  const entries = db
    .prepare(`SELECT seq, action, subject, details_json FROM ledger_entries WHERE action IN ('identity.linked', 'identity.unlinked', 'identity.link-cleared') ORDER BY seq`)
    .all() as { seq: number; action: string; subject: string; details_json: string }[];
  for (const e of entries) {
    const identityId = (JSON.parse(e.details_json) as { identityId?: unknown }).identityId;
    if (typeof identityId !== 'string') continue;
    if (e.action === 'identity.link-cleared') {
      expected.delete(key(e.subject, identityId));
      continue;
    }
    // Linking replaces any other link of the account (an account is one person).
    if (e.action === 'identity.linked') for (const [k, v] of expected) if (k.startsWith(`${e.subject}\u0000`) && v.mode === 'link') expected.delete(k);
    expected.set(key(e.subject, identityId), { mode: e.action === 'identity.linked' ? 'link' : 'unlink', seq: e.seq });
  }
  const out: Disagreement[] = [];
  const rows = db.prepare('SELECT subject_kind, source_id, subject_id, identity_id, mode FROM identity_links ORDER BY 1, 2, 3, 4').all() as {
    subject_kind: string;
    source_id: string;
    subject_id: string;
    identity_id: string;
    mode: 'link' | 'unlink';
  }[];
  for (const r of rows) {
    const subject = `${r.subject_kind} ${r.source_id}/${r.subject_id}`;
    const e = expected.get(key(subject, r.identity_id));
    expected.delete(key(subject, r.identity_id));
    if (!e) out.push({ seq: null, problem: `identity ${r.mode} of ${subject} to ${r.identity_id} has no ledger entry: it was written outside the app` });
    else if (e.mode !== r.mode) out.push({ seq: e.seq, problem: `identity link of ${subject} to ${r.identity_id} is "${r.mode}" in the table, "${e.mode}" by ledger entry ${e.seq}` });
  }
  for (const [k, e] of expected) {
    const [subject, identityId] = k.split('\u0000');
    out.push({ seq: e.seq, problem: `identity ${e.mode} of ${subject} to ${identityId} recorded by ledger entry ${e.seq} is gone from the table` });
  }
  return out;
}

function collectionDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const entries = new Map<number, CollectionEntry[]>();
  const rows = db
    .prepare(`SELECT seq, action, details_json FROM ledger_entries WHERE action IN (${COLLECTION_ACTIONS.map(() => '?').join(', ')}) ORDER BY seq`)
    .all(...COLLECTION_ACTIONS) as { seq: number; action: string; details_json: string }[];
  for (const r of rows) {
    const details = JSON.parse(r.details_json) as CollectionEntry['details'];
    if (typeof details.collectionId !== 'number') {
      out.push({ seq: r.seq, problem: `ledger entry ${r.seq} (${r.action}) names no collection` });
      continue;
    }
    const list = entries.get(details.collectionId) ?? [];
    list.push({ seq: r.seq, action: r.action, details });
    entries.set(details.collectionId, list);
  }
  const collections = db.prepare(`SELECT id, status, finished_at, content_hash FROM collections ORDER BY id`).all() as {
    id: number;
    status: string;
    finished_at: string | null;
    content_hash: string | null;
  }[];
  const known = new Set<number>();
  for (const c of collections) {
    known.add(c.id);
    const recorded = entries.get(c.id) ?? [];
    if (c.status === 'running') {
      if (recorded.length > 0) out.push({ seq: recorded[0]!.seq, problem: `collection ${c.id} is "running" in the collections table but ledger entry ${recorded[0]!.seq} records its end` });
      continue;
    }
    if (recorded.length === 0) {
      out.push({ seq: null, problem: `collection ${c.id} (${c.status}) has no ledger entry: the ledger's newest entries may have been cut off, or the row was written behind its back` });
      continue;
    }
    if (recorded.length > 1) {
      out.push({ seq: recorded[1]!.seq, problem: `collection ${c.id} is recorded twice on the ledger (entries ${recorded.map((e) => e.seq).join(', ')})` });
      continue;
    }
    const e = recorded[0]!;
    // An interrupted run is recorded without a status: it is marked failed.
    const status = e.action === 'collection.interrupted' ? 'failed' : e.details.status;
    if (status !== c.status) out.push({ seq: e.seq, problem: `collection ${c.id} is "${c.status}" in the collections table but ledger entry ${e.seq} records "${String(status)}"` });
    if (e.action === 'collection.completed') {
      if (e.details.contentHash !== c.content_hash) out.push({ seq: e.seq, problem: `collection ${c.id}'s content hash differs from the one ledger entry ${e.seq} records` });
      if (e.details.finishedAt !== c.finished_at) out.push({ seq: e.seq, problem: `collection ${c.id} finished at ${String(c.finished_at)} by the collections table, ${String(e.details.finishedAt)} by ledger entry ${e.seq}` });
    }
  }
  for (const [id, recorded] of entries) {
    if (!known.has(id)) out.push({ seq: recorded[0]!.seq, problem: `ledger entry ${recorded[0]!.seq} records collection ${id}, which is gone from the collections table` });
  }
  return out;
}

function policyDisagreements(db: Db): Disagreement[] {
  const out: Disagreement[] = [];
  const saved = newestEntries(db, 'policy.saved', (_s, d) => (typeof d.version === 'number' ? d.version : null));
  const versions = db.prepare('SELECT version, json FROM policy_versions ORDER BY version').all() as { version: number; json: string }[];
  const known = new Set<number>();
  for (const v of versions) {
    known.add(v.version);
    const e = saved.get(v.version);
    if (!e) out.push({ seq: null, problem: `policy version ${v.version} has no ledger entry` });
    // Hashed as stored (not re-read through the schema, which may normalise it differently later).
    else if (e.details.sha256 !== policyHash(JSON.parse(v.json) as Record<string, unknown>)) {
      out.push({ seq: e.seq, problem: `policy version ${v.version} differs from the one ledger entry ${e.seq} records (content hash)` });
    }
  }
  for (const [version, e] of saved) {
    if (!known.has(version)) out.push({ seq: e.seq, problem: `ledger entry ${e.seq} records policy version ${version}, which is gone from the stored versions` });
  }
  return out;
}


