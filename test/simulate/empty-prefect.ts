import type { PrefectModel } from '../../electron/simulate/org/org-model';

/** A Prefect account with nothing in it, for the IdP simulators' hand-built organisations. */
export function emptyPrefect(accountId = 'acc-1', accountName = 'Acme'): PrefectModel {
  return {
    accountId,
    accountName,
    auditLogRetentionDays: 90,
    accountRoles: [],
    workspaceRoles: [],
    workspaces: [],
    members: [],
    teams: [],
    userAccess: [],
    bots: [],
    botAccess: [],
    auditEvents: [],
  };
}
