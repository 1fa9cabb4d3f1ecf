import type { Db } from '../../db/open-database';
import type { Clock } from '../../platform/clock';
import { appendLedger } from '../../evidence/ledger';
import { canonicalJson } from '../../../shared/canonical-json';
import { AppError } from '../../../shared/api/result';
import { DEFAULT_POLICY, parsePolicy, type Policy } from './policy-schema';
import { policyHash } from './policy-hash';
export { policyHash };
import type { PolicyVersion } from '../../../shared/domain/policy';
export type { PolicyVersion };


interface Row {
  version: number;
  json: string;
  sha256: string;
  created_at: string;
  actor: string;
  note: string | null;
}

const toVersion = (r: Row): PolicyVersion => ({
  version: r.version,
  policy: parsePolicy(JSON.parse(r.json)),
  sha256: r.sha256,
  createdAt: r.created_at,
  actor: r.actor,
  note: r.note,
});


/** The policy in force: the newest saved version, or the built-in default (version 0) before any save. */
export function currentPolicy(db: Db): Policy {
  const row = db.prepare('SELECT * FROM policy_versions ORDER BY version DESC LIMIT 1').get() as Row | undefined;
  return row ? toVersion(row).policy : DEFAULT_POLICY;
}

/** The policy in force with its version record (who saved it, when, why). */
export function currentPolicyVersion(db: Db): PolicyVersion {
  return getPolicyVersion(db, currentPolicy(db).version)!;
}

export function getPolicyVersion(db: Db, version: number): PolicyVersion | null {
  if (version === 0) return { version: 0, policy: DEFAULT_POLICY, sha256: policyHash(DEFAULT_POLICY), createdAt: '', actor: 'built-in', note: 'default policy' };
  const row = db.prepare('SELECT * FROM policy_versions WHERE version = ?').get(version) as Row | undefined;
  return row ? toVersion(row) : null;
}

/**
 * The policy collection C's findings were judged under (the version of its newest recording),
 * so that an answer about a past collection agrees with the findings shown for it rather than
 * with a policy saved since. A collection not judged yet will be judged under the policy in
 * force, so that is its answer.
 */
export function policyVersionJudging(db: Db, collectionId: number): PolicyVersion {
  const run = db.prepare('SELECT policy_version FROM finding_runs WHERE collection_id = ?').get(collectionId) as { policy_version: number } | undefined;
  return (run && getPolicyVersion(db, run.policy_version)) ?? currentPolicyVersion(db);
}

/** Newest first. */
export function listPolicyVersions(db: Db): Omit<PolicyVersion, 'policy'>[] {
  return (db.prepare('SELECT version, sha256, created_at, actor, note FROM policy_versions ORDER BY version DESC').all() as Omit<Row, 'json'>[]).map((r) => ({
    version: r.version,
    sha256: r.sha256,
    createdAt: r.created_at,
    actor: r.actor,
    note: r.note,
  }));
}

/**
 * Validates and saves a policy as the next version, with a ledger entry in the same
 * transaction naming who changed what. Saving the same content again is not a change: the
 * current version is returned and nothing is written. `expectedVersion`, when given, guards
 * against two editors overwriting each other (CONFLICT if the policy moved meanwhile).
 */
export function savePolicy(
  db: Db,
  clock: Clock,
  input: unknown,
  actor: string,
  options: { note?: string; expectedVersion?: number } = {},
): { version: number; changed: boolean; policy: Policy } {
  const parsed = parsePolicy(input);
  return db.transaction(() => {
    const head = db.prepare('SELECT * FROM policy_versions ORDER BY version DESC LIMIT 1').get() as Row | undefined;
    const current = head ? toVersion(head).policy : DEFAULT_POLICY;
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      throw new AppError('CONFLICT', `The policy changed meanwhile: you edited version ${options.expectedVersion}, version ${current.version} is now in force. Reload it and apply your edit again.`);
    }
    const sha256 = policyHash(parsed);
    if (sha256 === policyHash(current)) return { version: current.version, changed: false, policy: current };
    const version = current.version + 1;
    const policy: Policy = { ...parsed, version };
    const at = clock.now().toISOString();
    db.prepare('INSERT INTO policy_versions (version, json, sha256, created_at, actor, note) VALUES (?, ?, ?, ?, ?, ?)').run(
      version,
      canonicalJson(policy),
      sha256,
      at,
      actor,
      options.note ?? null,
    );
    appendLedger(db, clock, {
      actor,
      action: 'policy.saved',
      subject: `policy version ${version}`,
      details: { version, previousVersion: current.version, sha256, changedKeys: changedKeys(current, policy), note: options.note ?? null },
    });
    return { version, changed: true, policy };
  })();
}

function changedKeys(a: Policy, b: Policy): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('version');
  return [...keys].filter((k) => canonicalJson((a as Record<string, unknown>)[k]) !== canonicalJson((b as Record<string, unknown>)[k])).sort();
}
