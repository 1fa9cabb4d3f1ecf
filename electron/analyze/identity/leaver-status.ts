import type { FactRef } from '../fact-ref';
import type { Identity } from './identity-types';
import type { LeaverStatus } from '../../../shared/domain/analysis';
export type { LeaverStatus };

/**
 * Whether a person has left, by the issue's definition: terminated in HR, or disabled in the
 * identity provider. With several IdP accounts the person counts as disabled only when all of
 * them are (a rehire with a fresh account is not a leaver); HR "leave" is not leaving.
 */
export function leaverStatus(identity: Identity): LeaverStatus {
  const hrTerminated = identity.hr?.status === 'terminated';
  const idpDisabled = identity.idp.length > 0 && identity.idp.every((a) => a.lifecycle === 'suspended' || a.lifecycle === 'deprovisioned');
  const reasons: string[] = [];
  const evidence: FactRef[] = [];
  if (hrTerminated && identity.hr) {
    reasons.push(`HR: terminated${identity.hr.terminationDate ? ` ${identity.hr.terminationDate}` : ''}`);
    evidence.push(identity.hr.fact);
  }
  if (idpDisabled) {
    for (const a of identity.idp) {
      reasons.push(`${a.sourceId}: ${a.rawStatus}`);
      evidence.push(a.fact);
    }
  }
  return { leaver: hrTerminated || idpDisabled, hrTerminated, idpDisabled, reasons, terminationDate: identity.hr?.terminationDate ?? null, evidence };
}
