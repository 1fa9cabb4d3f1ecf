import type { ChannelName } from './contract';

/**
 * Every contract channel by name, without importing the zod schemas: the renderer and the
 * sandboxed preload need the names but must not load zod at run time (its JIT probes
 * `new Function`, which the strict CSP forbids). `satisfies` keeps this exhaustive: adding a
 * channel to the contract fails type checking until it is listed here too.
 */
const CHANNELS = {
  appInfo: true,
  getSettings: true,
  setSetting: true,
  listLedger: true,
  verifyLedger: true,
  collectionStatus: true,
  listCollections: true,
  getCollection: true,
  startCollection: true,
  cancelCollection: true,
  collectionProgress: true,
  listConnections: true,
  saveConnection: true,
  deleteConnection: true,
  testConnection: true,
  retireSource: true,
  listQuarantine: true,
  setCredential: true,
  snapshotTimes: true,
  accessAt: true,
  listPeople: true,
  personAt: true,
  personTimeline: true,
  diffAccess: true,
  idpVsPrefect: true,
  orgMetrics: true,
  revocationLatencies: true,
  listFindings: true,
  getFinding: true,
  getPolicy: true,
  listPolicyVersions: true,
  savePolicy: true,
  listIdentityLinks: true,
  setIdentityLink: true,
  clearIdentityLink: true,
} as const satisfies Record<ChannelName, true>;

export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

/** The IPC channel string for a contract channel. */
export const ipcChannel = (name: ChannelName): string => `ledger:${name}`;
