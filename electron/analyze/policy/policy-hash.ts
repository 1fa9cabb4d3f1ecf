import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';

/**
 * The content hash of a policy, version number left out (two saves of the same rules are the
 * same policy): SHA-256 of its canonical JSON. On its own so that the ledger check can hash a
 * stored version without depending on the policy store (which writes to the ledger).
 */
export function policyHash(policy: Record<string, unknown>): string {
  const { version: _version, ...content } = policy;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
