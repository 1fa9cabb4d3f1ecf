import { factSlot } from '../../../electron/collect/store/fact-digest';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/db/open-database';
import { runCollection, type CollectionDeps } from '../../../electron/collect/run-collection';
import { currentCollectionId, getCollection } from '../../../electron/collect/store/collection-rows';
import { factsAsOf } from '../../../electron/collect/store/fact-queries';
import { ManualClock } from '../../../electron/platform/clock';
import { silentLogger } from '../../../electron/platform/logger';
import { verifyLedger, listLedger } from '../../../electron/evidence/ledger';
import { fakeConnector, member, user } from './fake-connector';
import { retireSource } from '../../../electron/collect/store/source-roster';
import { deleteConnection, saveConnection, savedConnectionSources } from '../../../electron/collect/config/sources-provider';
import { envSecretSource } from '../../../electron/collect/config/secrets';
import { noHttp } from '../../fixtures/no-http';


function setup(): { db: Db; deps: CollectionDeps; clock: ManualClock } {
  const db = openDatabase(':memory:');
  const clock = new ManualClock('2026-05-01T08:00:00Z');
  return { db, clock, deps: { db, clock, logger: silentLogger, createHttpClient: noHttp } };
}

const run = (deps: CollectionDeps, connectors: Parameters<typeof runCollection>[1], signal?: AbortSignal) =>
  runCollection(deps, connectors, { trigger: 'test', actor: 'tester', ...(signal ? { signal } : {}) });

const snapshotOf = (db: Db, collectionId: number) =>
  factsAsOf(db, 'idp_user', collectionId).map((f) => `${f.key}:${f.value.lifecycle}`).sort();

describe('runCollection', () => {
  it('stores a complete read as the current snapshot, and an unchanged poll adds no facts', async () => {
    const { db, deps, clock } = setup();
    const items = [user('u1', 'ana@x.io'), user('u2', 'bo@x.io'), member('g1', 'u1')];
    const first = await run(deps, [fakeConnector('okta', 'okta', { items })]);
    expect(first.status).toBe('complete');
    clock.advance(86_400_000);
    const second = await run(deps, [fakeConnector('okta', 'okta', { items })]);
    expect(second.status).toBe('complete');
    expect(currentCollectionId(db)).toBe(second.collectionId);
    expect((db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n).toBe(3);
    const summary = getCollection(db, second.collectionId)!;
    expect(summary.sources[0]).toMatchObject({ factsOpened: 0, factsClosed: 0, records: 3, status: 'complete' });
    expect(summary.contentHash).toBe(getCollection(db, first.collectionId)!.contentHash);
  });

  it('versions a changed fact and closes a vanished one, keeping the old state answerable', async () => {
    const { db, deps } = setup();
    const c1 = await run(deps, [fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] })]);
    const c2 = await run(deps, [fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io', 'suspended')] })]);
    expect(snapshotOf(db, c1.collectionId)).toEqual(['u1:active', 'u2:active']);
    expect(snapshotOf(db, c2.collectionId)).toEqual(['u1:suspended']);
    expect(getCollection(db, c2.collectionId)!.sources[0]).toMatchObject({ factsOpened: 1, factsClosed: 2 });
  });

  it('a source failing mid-read stores nothing and leaves the previous snapshot current', async () => {
    const { db, deps } = setup();
    const good = await run(deps, [
      fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] }),
      fakeConnector('hr', 'hr_csv', { items: [] }),
    ]);
    const factsBefore = db.prepare('SELECT * FROM facts ORDER BY source_id, kind, key, valid_from').all();
    const bad = await run(deps, [
      fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io')], failAfter: { items: 1, error: new Error('page 2: body is not JSON') } }),
      fakeConnector('hr', 'hr_csv', { items: [] }),
    ]);
    expect(bad).toMatchObject({ status: 'failed', error: 'okta: page 2: body is not JSON' });
    expect(currentCollectionId(db)).toBe(good.collectionId);
    expect(db.prepare('SELECT * FROM facts ORDER BY source_id, kind, key, valid_from').all()).toEqual(factsBefore);
    const summary = getCollection(db, bad.collectionId)!;
    expect(summary.sources.find((s) => s.sourceId === 'okta')).toMatchObject({ status: 'failed', error: 'page 2: body is not JSON' });
    // The roster had been read to its end: not "failed", and not "skipped" as if never read.
    expect(summary.sources.find((s) => s.sourceId === 'hr')).toMatchObject({ status: 'skipped', error: null, notes: [`Read to the end, but not stored: collection ${bad.collectionId} failed.`] });
    expect(listLedger(db, { limit: 1 }).entries[0]).toMatchObject({ action: 'collection.failed' });
    // A source still reading when another failed was stopped: cancelled, with why.
    const stopped = await run(deps, [
      fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io')], failAfter: { items: 1, error: new Error('page 2: body is not JSON') } }),
      fakeConnector('hr', 'hr_csv', { items: [user('u9', 'zed@x.io')], hangAfter: 0 }),
    ]);
    expect(getCollection(db, stopped.collectionId)!.sources.find((s) => s.sourceId === 'hr')).toMatchObject({ status: 'cancelled', error: 'stopped because another source failed' });
    expect(verifyLedger(db).ok).toBe(true);
  });

  it('quarantines an invalid record, marks the run degraded and infers no removals from it', async () => {
    const { db, deps } = setup();
    await run(deps, [fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] })]);
    const broken = user('u2', 'not-an-email');
    const degraded = await run(deps, [fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io'), broken] })]);
    expect(degraded.status).toBe('degraded');
    expect(snapshotOf(db, degraded.collectionId)).toEqual(['u1:active', 'u2:active']);
    const q = db.prepare('SELECT * FROM quarantine').all() as { reason: string; location: string }[];
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ location: 'idp_user:u2', reason: expect.stringContaining('email') });
    expect(currentCollectionId(db)).not.toBe(degraded.collectionId);
  });

  it('an incomplete verdict closes nothing by absence', async () => {
    const { db, deps } = setup();
    await run(deps, [fakeConnector('scim', 'scim', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] })]);
    const partial = await run(deps, [
      fakeConnector('scim', 'scim', { items: [user('u1', 'ana@x.io')], verdict: { complete: false, notes: ['totalResults 2, saw 1'] } }),
    ]);
    expect(partial.status).toBe('degraded');
    expect(snapshotOf(db, partial.collectionId)).toEqual(['u1:active', 'u2:active']);
    expect(getCollection(db, partial.collectionId)!.sources[0]!.notes).toEqual(['totalResults 2, saw 1']);
  });

  it('applies a delta read: changes and explicit removals only, with memberships of removed users ended', async () => {
    const { db, deps } = setup();
    await run(deps, [fakeConnector('entra', 'entra', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io'), member('g1', 'u1'), member('g1', 'u2')] })]);
    const delta = await run(deps, [
      fakeConnector('entra', 'entra', {
        items: [user('u1', 'ana@x.io', 'suspended'), { type: 'removed', kind: 'idp_user', key: 'u2' }],
        verdict: { mode: 'delta' },
      }),
    ]);
    expect(delta.status).toBe('complete');
    expect(snapshotOf(db, delta.collectionId)).toEqual(['u1:suspended']);
    expect(factsAsOf(db, 'idp_group_member', delta.collectionId).map((f) => f.key)).toEqual(['g1:u1']);
  });

  it('stores a key with a lone surrogate as SQLite does (U+FFFD), so a later delta removal of the same key finds it', async () => {
    const { db, deps } = setup();
    // JSON from an API can carry "\ud800" escapes: the key SQLite stores has U+FFFD in their place.
    const odd = 'u\ud800x';
    await run(deps, [fakeConnector('entra', 'entra', { items: [user(odd, 'odd@x.io'), user('u2', 'bo@x.io')] })]);
    const stored = db.prepare(`SELECT slot, key FROM facts WHERE kind = 'idp_user' AND key LIKE 'u%x'`).get() as { slot: number; key: string };
    expect(stored.key).toBe('u\ufffdx');
    // Its slot is the stored key's, which is what every later lookup by key computes.
    expect(stored.slot).toBe(factSlot(stored.key));
    const delta = await run(deps, [fakeConnector('entra', 'entra', { items: [{ type: 'removed', kind: 'idp_user', key: odd }], verdict: { mode: 'delta' } })]);
    expect(snapshotOf(db, delta.collectionId)).toEqual(['u2:active']);
  });

  it('cancellation mid-page stores nothing and is recorded as cancelled', async () => {
    const { db, deps } = setup();
    const first = await run(deps, [fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io')] })]);
    const controller = new AbortController();
    const outcome = await run(
      deps,
      [
        fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io', 'suspended'), user('u3', 'cy@x.io')], hangAfter: 1, onHang: () => controller.abort() }),
        fakeConnector('scim', 'scim', { items: [user('s1', 'ana@x.io'), user('s2', 'bo@x.io')], hangAfter: 1 }),
      ],
      controller.signal,
    );
    expect(outcome.status).toBe('cancelled');
    // Every source says the user stopped it (not that another source failed).
    expect(getCollection(db, outcome.collectionId)!.sources.map((s) => [s.sourceId, s.status, s.error])).toEqual([
      ['okta', 'cancelled', 'cancelled by the user'],
      ['scim', 'cancelled', 'cancelled by the user'],
    ]);
    expect(currentCollectionId(db)).toBe(first.collectionId);
    expect(snapshotOf(db, first.collectionId)).toEqual(['u1:active']);
    expect((db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n).toBe(1);
  });

  it('stores events once, however often a source sends them', async () => {
    const { db, deps } = setup();
    const event = { type: 'event' as const, event: { id: 'e1', occurredAt: '2026-04-30T10:00:00Z', type: 'user.lifecycle.deactivate', actorId: null, actorName: null, targetIds: ['u2'], detail: {} } };
    await run(deps, [fakeConnector('okta', 'okta', { items: [event, event] })]);
    await run(deps, [fakeConnector('okta', 'okta', { items: [event] })]);
    expect((db.prepare('SELECT count(*) AS n FROM source_events').get() as { n: number }).n).toBe(1);
  });

  it('stores cursors only when the collection commits', async () => {
    const { db, deps } = setup();
    await run(deps, [fakeConnector('okta', 'okta', { items: [{ type: 'cursor', name: 'logs.next', value: 'A' }] })]);
    await run(deps, [fakeConnector('okta', 'okta', { items: [{ type: 'cursor', name: 'logs.next', value: 'B' }], failAfter: { items: 1, error: new Error('boom') } })]);
    expect(db.prepare('SELECT value FROM source_cursors').all()).toEqual([{ value: 'A' }]);
  });
});

describe('delta order', () => {
  it('the later of a record and a removal of the same key wins', async () => {
    const { db, deps } = setup();
    await run(deps, [fakeConnector('entra', 'entra', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] })]);
    const delta = await run(deps, [
      fakeConnector('entra', 'entra', {
        items: [
          user('u1', 'ana@x.io', 'suspended'),
          { type: 'removed', kind: 'idp_user', key: 'u1' },
          { type: 'removed', kind: 'idp_user', key: 'u2' },
          user('u2', 'bo@x.io', 'suspended'),
        ],
        verdict: { mode: 'delta' },
      }),
    ]);
    expect(snapshotOf(db, delta.collectionId)).toEqual(['u2:suspended']);
  });

  it('a first read honours a removal sent after a record of the same key, and a record sent after its removal', async () => {
    const { db, deps } = setup();
    // Not a delta verdict, so the stream's first read takes the bulk insert, which must drop what was taken back.
    const first = await run(deps, [
      fakeConnector('entra', 'entra', {
        items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io'), { type: 'removed', kind: 'idp_user', key: 'u1' }, { type: 'removed', kind: 'idp_user', key: 'u3' }, user('u3', 'cy@x.io')],
      }),
    ]);
    expect(snapshotOf(db, first.collectionId)).toEqual(['u2:active', 'u3:active']);
    const summary = getCollection(db, first.collectionId)!.sources[0]!;
    expect(summary.factsOpened).toBe(2);
    expect(verifyLedger(db).disagreements).toEqual([]);
  });

  it('a run without a source the last complete collection read is degraded, names it, and leaves that snapshot current', async () => {
    const { db, deps, clock } = setup();
    const okta = () => fakeConnector('okta', 'okta', { items: [user('u1', 'ana@x.io'), user('u2', 'bo@x.io')] });
    const hr = () => fakeConnector('hr', 'hr_csv', { items: [] });
    const both = await run(deps, [okta(), hr()]);
    expect(both.status).toBe('complete');
    clock.advance(86_400_000);
    // Dropped from the configuration (or renamed): the run cannot say what "okta" holds now.
    const hrOnly = await run(deps, [hr()]);
    expect(hrOnly.status).toBe('degraded');
    const summary = getCollection(db, hrOnly.collectionId)!;
    expect(summary.error).toMatch(/did not read "okta" \(last read by collection 1\)/);
    expect(summary.error).toMatch(/access-ledger retire --source ID/);
    expect(currentCollectionId(db)).toBe(both.collectionId);
    // Nothing of okta's was closed: as of the current snapshot both people are still there.
    expect(snapshotOf(db, both.collectionId)).toEqual(['u1:active', 'u2:active']);
    const entry = listLedger(db, { limit: 1 }).entries[0]!;
    expect(entry.details).toMatchObject({ status: 'degraded', missingSources: [{ sourceId: 'okta', lastReadIn: 1 }] });
    // Still missing next time: still degraded (measured against the last complete collection).
    expect((await run(deps, [hr()])).status).toBe('degraded');

    // Retired on purpose, on the ledger: runs without it are complete again, its history stays.
    expect(retireSource(db, clock, 'tester', 'okta', 'IdP replaced')).toMatchObject({ sourceId: 'okta', lastReadIn: 1, alreadyRetired: false });
    expect(listLedger(db, { limit: 1 }).entries[0]).toMatchObject({ action: 'source.retired', subject: 'okta', details: { reason: 'IdP replaced' } });
    // Retiring it again changes nothing and writes nothing.
    const entries = listLedger(db, { limit: 1 }).total;
    expect(retireSource(db, clock, 'tester', 'okta', 'again')).toMatchObject({ sourceId: 'okta', lastReadIn: 1, alreadyRetired: true });
    expect(listLedger(db, { limit: 1 }).total).toBe(entries);
    const after = await run(deps, [hr()]);
    expect(after.status).toBe('complete');
    expect(currentCollectionId(db)).toBe(after.collectionId);
    expect(snapshotOf(db, both.collectionId)).toEqual(['u1:active', 'u2:active']);

    // Read again, it is back in service: dropping it once more degrades the run again.
    expect((await run(deps, [okta(), hr()])).status).toBe('complete');
    expect(db.prepare('SELECT count(*) FROM retired_sources').pluck().get()).toBe(0);
    expect((await run(deps, [hr()])).status).toBe('degraded');
    expect(verifyLedger(db).ok).toBe(true);
  });

  it('saved connections say how many there are, and that there are none (a served demo has none)', () => {
    const { db, clock } = setup();
    const saved = savedConnectionSources(db, envSecretSource({}), '/tmp');
    expect(saved.describe()).toBe('saved connections (none saved yet)');
    saveConnection(db, clock, 'tester', { id: 'hr', kind: 'hr_csv', path: '/tmp/none.csv' });
    expect(saved.describe()).toBe('1 saved connection');
    saveConnection(db, clock, 'tester', { id: 'hr2', kind: 'hr_csv', path: '/tmp/other.csv' });
    expect(saved.describe()).toBe('2 saved connections');
  });

  it('retiring refuses a source never read, and removing a saved connection that was read retires it', async () => {
    const { db, deps, clock } = setup();
    expect(() => retireSource(db, clock, 'tester', 'nosuch')).toThrow(/No source "nosuch" was ever read \(sources read so far: none yet\)/);
    saveConnection(db, clock, 'tester', { id: 'hr', kind: 'hr_csv', path: '/tmp/none.csv' });
    saveConnection(db, clock, 'tester', { id: 'okta2', kind: 'hr_csv', path: '/tmp/other.csv' });
    await run(deps, [fakeConnector('okta2', 'hr_csv', { items: [] }), fakeConnector('hr', 'hr_csv', { items: [] })]);
    deleteConnection(db, clock, 'tester', 'okta2');
    expect(db.prepare('SELECT source_id, reason FROM retired_sources').all()).toEqual([{ source_id: 'okta2', reason: 'connection removed' }]);
    expect((await run(deps, [fakeConnector('hr', 'hr_csv', { items: [] })])).status).toBe('complete');
  });

  it("a source's last progress line shows its whole read, not its last phase's counts", async () => {
    const { deps } = setup();
    const lines: { pages: number; records: number; status: string }[] = [];
    const items = [
      user('u1', 'ana@x.io'),
      user('u2', 'bo@x.io'),
      // The connector's last phase (its audit log, say) reports its own pages and records.
      { type: 'progress' as const, progress: { phase: 'audit events', pages: 1, records: 0 } },
    ];
    await runCollection(deps, [fakeConnector('prefect', 'prefect', { items, verdict: { pages: 7 } })], {
      trigger: 'test',
      actor: 'tester',
      onProgress: (p) => lines.push({ ...p.sources[0]!, status: p.sources[0]!.status }),
    });
    expect(lines.at(-1)).toMatchObject({ status: 'complete', pages: 7, records: 2 });
  });
});
