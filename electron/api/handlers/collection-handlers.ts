import { AppError } from '../../../shared/api/result';
import type { SourceConfig } from '../../../shared/domain/source-config';
import type { CredentialStatus } from '../../../shared/domain/collection';
import { currentCollectionId, getCollection, listCollections } from '../../collect/store/collection-rows';
import { deleteConnection, saveConnection } from '../../collect/config/sources-provider';
import { missingSources, retireSource } from '../../collect/store/source-roster';
import { listQuarantine } from '../../collect/store/quarantine-rows';
import type { ServiceDeps } from '../context';
import type { Handler } from '../handler-types';
import { appendLedger } from '../../evidence/ledger';

type Names =
  | 'collectionStatus'
  | 'listCollections'
  | 'getCollection'
  | 'listQuarantine'
  | 'startCollection'
  | 'cancelCollection'
  | 'collectionProgress'
  | 'listConnections'
  | 'saveConnection'
  | 'deleteConnection'
  | 'testConnection'
  | 'retireSource'
  | 'setCredential';

/** Collection runs, their history and the connections they read. */
export function collectionHandlers(deps: ServiceDeps): { [K in Names]: Handler<K> } {
  const { db, collection } = deps;
  const requireSaved = () => {
    if (collection.sources.readOnly) {
      throw new AppError('CONFLICT', `Sources come from ${collection.sources.describe()}; edit that file instead.`);
    }
  };
  return {
    collectionStatus: async () => {
      const currentId = currentCollectionId(db);
      const latest = listCollections(db, { limit: 1 })[0] ?? null;
      return {
        current: currentId ? getCollection(db, currentId) : null,
        latest,
        running: collection.service.progress()?.status === 'running' ? collection.service.progress() : null,
        sourcesOrigin: collection.sources.describe(),
        scheduleMinutes: collection.service.scheduleMinutes,
        nextRunAt: collection.service.nextRunAt,
      };
    },
    listCollections: async (args) => listCollections(db, { limit: args.limit, ...(args.beforeId ? { beforeId: args.beforeId } : {}) }),
    getCollection: async ({ id }) => {
      const found = getCollection(db, id);
      if (!found) throw new AppError('NOT_FOUND', `No collection ${id}.`);
      return found;
    },
    listQuarantine: async ({ collectionId, limit }) => {
      if (!getCollection(db, collectionId)) throw new AppError('NOT_FOUND', `No collection ${collectionId}.`);
      return listQuarantine(db, collectionId, limit);
    },
    startCollection: async (_args, ctx) => {
      const { collectionId } = await collection.service.start('manual', ctx.actor);
      return { collectionId };
    },
    cancelCollection: async ({ collectionId }) => ({ cancelled: collection.service.cancel(collectionId) }),
    collectionProgress: async () => collection.service.progress(),
    listConnections: async () => {
      const connections = collection.sources.list();
      return {
        readOnly: collection.sources.readOnly,
        origin: collection.sources.describe(),
        connections,
        credentials: credentialStatuses(connections, deps),
        canStoreCredentials: deps.credentialStore !== undefined,
        unconfigured: missingSources(db, connections.map((c) => c.id)),
      };
    },
    saveConnection: async ({ connection }, ctx) => {
      requireSaved();
      return saveConnection(db, deps.clock, ctx.actor, connection);
    },
    deleteConnection: async ({ id }, ctx) => {
      requireSaved();
      deleteConnection(db, deps.clock, ctx.actor, id);
      return { deleted: true };
    },
    testConnection: async ({ id }) => collection.service.test(id),
    retireSource: async ({ sourceId, reason }, ctx) => {
      // Still configured, it would be read (and so brought back) by the next collection.
      if (collection.sources.list().some((s) => s.id === sourceId)) {
        throw new AppError('CONFLICT', `Source "${sourceId}" is still configured (${collection.sources.describe()}): remove it there first, then retire it.`);
      }
      return retireSource(db, deps.clock, ctx.actor, sourceId, reason.trim());
    },
    setCredential: async ({ name, value }, ctx) => {
      if (!deps.credentialStore) {
        throw new AppError('FORBIDDEN', `Credentials can only be stored by the desktop app. Headless, set the environment variable ${name} instead.`);
      }
      deps.credentialStore.set(name, value);
      // The ledger records that a credential changed, never the value.
      appendLedger(db, deps.clock, { actor: ctx.actor, action: 'credential.stored', subject: name, details: { name } });
      return { stored: true };
    },
  };
}

/** The credential names each connection needs, and whether each can be found. */
function credentialStatuses(connections: SourceConfig[], deps: ServiceDeps): CredentialStatus[] {
  const names = new Set<string>();
  for (const c of connections) {
    const auth = 'auth' in c ? (c.auth as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(auth)) if (k.endsWith('Env') && typeof v === 'string') names.add(v);
  }
  return [...names].sort().map((name) => ({
    name,
    present: deps.collection.secrets.get(name) !== undefined,
    where: deps.collection.secrets.describe(name),
  }));
}
