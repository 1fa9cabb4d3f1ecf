// Run in a child process by kill-during-collection.test.ts: starts a collection that stages
// records and then hangs mid-page, so the parent can kill -9 it at that moment.
import { openDatabase } from '../../../electron/db/open-database';
import { runCollection } from '../../../electron/collect/run-collection';
import { systemClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import { fakeConnector, user } from './fake-connector';

const file = process.argv[2]!;
const db = openDatabase(file);
const items = Array.from({ length: 5000 }, (_, i) => user(`n${i}`, `n${i}@x.io`));
void runCollection(
  { db, clock: systemClock, logger: silentLogger, createHttpClient: () => ({ requestCount: 0, request: async () => { throw new Error('offline'); }, close: async () => undefined }) },
  [fakeConnector('okta', 'okta', { items, hangAfter: 4000, onHang: () => process.stdout.write('hanging\n') })],
  { trigger: 'test', actor: 'child' },
);
