import { z } from 'zod';
import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { appendLedger } from '../../evidence/ledger';
import type { IdentityLink } from '../../../shared/domain/analysis';
export type { IdentityLink };

/**
 * Manual identity links: a person's correction when matching by address and rules gets it
 * wrong or cannot decide. Stored apart from the facts (they are judgements, not what a source
 * said) and applied to every point in time; each change lands on the ledger in the same
 * transaction, so who linked what, when and why is on the record.
 */
export const identityLinkInput = z
  .object({
    subjectKind: z.enum(['prefect-user', 'service-account']),
    /** The Prefect source the account belongs to. */
    sourceId: z.string().min(1).max(200),
    /** A Prefect user's actor id, or a service account's bot id. */
    subjectId: z.string().min(1).max(512),
    identityId: z.string().min(1).max(600),
    mode: z.enum(['link', 'unlink']),
    reason: z.string().max(2000).optional(),
  })
  .strict();
export type IdentityLinkInput = z.infer<typeof identityLinkInput>;

interface LinkRow {
  subject_kind: IdentityLink['subjectKind'];
  source_id: string;
  subject_id: string;
  identity_id: string;
  mode: IdentityLink['mode'];
  reason: string | null;
  actor: string;
  created_at: string;
}

const toLink = (r: LinkRow): IdentityLink => ({
  subjectKind: r.subject_kind,
  sourceId: r.source_id,
  subjectId: r.subject_id,
  identityId: r.identity_id,
  mode: r.mode,
  reason: r.reason,
  actor: r.actor,
  createdAt: r.created_at,
});

/** Every link and unlink in force (a small table: one row per correction). */
export function listIdentityLinks(db: Db): IdentityLink[] {
  return (db.prepare('SELECT * FROM identity_links ORDER BY subject_kind, source_id, subject_id, identity_id').all() as LinkRow[]).map(toLink);
}

/**
 * Links an account to an identity (replacing any other link of that account: an account is
 * one person), or forbids one identity for it (automatic matching then skips that person).
 */
export function setIdentityLink(db: Db, clock: Clock, input: IdentityLinkInput, actor: string): IdentityLink {
  const parsed = identityLinkInput.parse(input);
  const at = clock.now().toISOString();
  return db.transaction(() => {
    const subject = [parsed.subjectKind, parsed.sourceId, parsed.subjectId] as const;
    let replaced: string[] = [];
    if (parsed.mode === 'link') {
      replaced = (
        db
          .prepare(`SELECT identity_id FROM identity_links WHERE subject_kind = ? AND source_id = ? AND subject_id = ? AND mode = 'link' AND identity_id <> ?`)
          .all(...subject, parsed.identityId) as { identity_id: string }[]
      ).map((r) => r.identity_id);
      db.prepare(`DELETE FROM identity_links WHERE subject_kind = ? AND source_id = ? AND subject_id = ? AND mode = 'link'`).run(...subject);
    }
    db.prepare(
      `INSERT INTO identity_links (subject_kind, source_id, subject_id, identity_id, mode, reason, actor, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (subject_kind, source_id, subject_id, identity_id) DO UPDATE SET mode = excluded.mode, reason = excluded.reason,
         actor = excluded.actor, created_at = excluded.created_at`,
    ).run(...subject, parsed.identityId, parsed.mode, parsed.reason ?? null, actor, at);
    appendLedger(db, clock, {
      actor,
      action: parsed.mode === 'link' ? 'identity.linked' : 'identity.unlinked',
      subject: `${parsed.subjectKind} ${parsed.sourceId}/${parsed.subjectId}`,
      details: { identityId: parsed.identityId, reason: parsed.reason ?? null, ...(replaced.length ? { replacedLinks: replaced } : {}) },
    });
    return { ...parsed, reason: parsed.reason ?? null, actor, createdAt: at };
  })();
}

/** Removes a link or unlink: the account goes back to automatic matching. False if there was none. */
export function clearIdentityLink(
  db: Db,
  clock: Clock,
  input: Pick<IdentityLinkInput, 'subjectKind' | 'sourceId' | 'subjectId' | 'identityId'> & { reason?: string },
  actor: string,
): boolean {
  return db.transaction(() => {
    const row = db
      .prepare('SELECT * FROM identity_links WHERE subject_kind = ? AND source_id = ? AND subject_id = ? AND identity_id = ?')
      .get(input.subjectKind, input.sourceId, input.subjectId, input.identityId) as LinkRow | undefined;
    if (!row) return false;
    db.prepare('DELETE FROM identity_links WHERE subject_kind = ? AND source_id = ? AND subject_id = ? AND identity_id = ?').run(
      input.subjectKind,
      input.sourceId,
      input.subjectId,
      input.identityId,
    );
    appendLedger(db, clock, {
      actor,
      action: 'identity.link-cleared',
      subject: `${input.subjectKind} ${input.sourceId}/${input.subjectId}`,
      details: { identityId: input.identityId, was: row.mode, reason: input.reason ?? null },
    });
    return true;
  })();
}
