import type { AccessChange, AccessState, FindingSubject, Grant, StoredFinding } from '../../shared/domain/analysis';

/** A stored finding as listFindings returns it, with overrides per test. */
export function finding(overrides: Partial<Omit<StoredFinding, 'subject'>> & { subject?: Partial<FindingSubject> } = {}): StoredFinding {
  const { subject, ...rest } = overrides;
  return {
    id: 'f1',
    rule: 'leaver-still-active',
    kind: 'leaver-still-active',
    severity: 'critical',
    title: 'Jonas Alvarez has left but is still an active Member in Prefect',
    evidence: [],
    details: {},
    policyVersion: 1,
    status: 'open',
    firstSeen: { collectionId: 1, at: '2026-10-30T06:00:00.000Z' },
    lastSeen: { collectionId: 3, at: '2026-11-01T06:00:00.000Z' },
    resolvedIn: null,
    ...rest,
    subject: {
      type: 'identity',
      id: 'emp:E1',
      sourceId: 'prefect',
      identityId: 'emp:E1',
      email: 'jonas.alvarez@example.com',
      name: 'Jonas Alvarez',
      ...subject,
    },
  };
}

export function grant(overrides: Partial<Grant> = {}): Grant {
  return {
    kind: 'team',
    roleId: 'r-viewer',
    roleName: 'Viewer',
    rank: 20,
    team: { teamId: 't1', name: 'prefect-analytics', directoryGroupId: null },
    evidence: [{ sourceId: 'prefect', kind: 'prefect_team_member', key: 't1:a1', validFrom: 2, validTo: null }],
    ...overrides,
  };
}

export function state(role: string, rank: number, grants: Grant[] = []): AccessState {
  return { role, rank, grants };
}

export function change(overrides: Partial<AccessChange> = {}): AccessChange {
  return {
    change: 'added',
    identityId: 'emp:E1',
    displayName: 'Ada Farouk',
    email: 'ada.farouk@example.com',
    principal: { type: 'user', sourceId: 'prefect', id: 'm1', actorId: 'a1', name: 'Ada Farouk' },
    scope: 'workspace',
    workspace: { sourceId: 'prefect', workspaceId: 'w1', name: 'Analytics', handle: 'analytics' },
    before: null,
    after: state('Viewer', 20, [grant()]),
    ...overrides,
  };
}
