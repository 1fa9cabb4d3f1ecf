import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/api/open-core';
import { createHandlers, createService } from '../../electron/api/service';
import { ManualClock } from '../../electron/platform/clock';
import { createMemoryLogger } from '../../electron/platform/logger';
import type { HandlerSet } from '../../electron/api/handler-types';
import { channelNames } from '../../shared/api/contract';
import { collect, harnessOn, hrEmployee } from '../analyze/builders';

function makeService(overrides?: Partial<HandlerSet>) {
  const logger = createMemoryLogger();
  const clock = new ManualClock('2026-03-01T10:00:00Z');
  const core = openCore({ databasePath: ':memory:', clock, logger });
  const deps = { ...core.deps, appVersion: '9.9.9' };
  const db = core.db;
  const base = createService(deps);
  if (!overrides) return { service: base, logger, db, clock };
  return { service: createService(deps, { ...createHandlers(deps), ...overrides }), logger, db, clock };
}

const ctx = { transport: 'direct' as const, actor: 'tester' };

describe('service dispatch', () => {
  it('answers a valid call in the envelope', async () => {
    const { service } = makeService();
    const r = await service.dispatch('appInfo', {}, ctx);
    expect(r).toMatchObject({ ok: true, value: { version: '9.9.9', transport: 'direct', now: '2026-03-01T10:00:00.000Z' } });
  });

  it('rejects unknown channels and invalid arguments with codes, before any handler runs', async () => {
    const { service } = makeService();
    expect(await service.dispatch('dropTables', {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await service.dispatch('__proto__', {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const bad = await service.dispatch('setSetting', { key: 'Bad Key!', value: 1 }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('key') } });
    const extra = await service.dispatch('appInfo', { sneaky: true }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    // Every problem, one per line, so a form can show them all at once.
    const two = await service.dispatch('saveConnection', { connection: { id: 'Bad ID!', kind: 'okta', url: 'not a url', auth: { type: 'ssws', tokenEnv: 'OKTA_TOKEN' } } }, ctx);
    expect(two.ok).toBe(false);
    const lines = (two as { error: { message: string } }).error.message.split('\n');
    expect([...new Set(lines.map((l) => l.split(': ').slice(0, 2).join(': ')))]).toEqual(['saveConnection: connection.id', 'saveConnection: connection.url']);
  });

  it('hides internal errors behind a generic message, logging the detail without secrets', async () => {
    const { service, logger } = makeService({
      appInfo: async () => {
        throw new Error('boom with Authorization: Bearer abcdefghijklmnopqrstuvwxyz123');
      },
    });
    const r = await service.dispatch('appInfo', {}, ctx);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error; see the application log for details.' } });
    expect(JSON.stringify(r)).not.toMatch(/at |boom/);
    expect(logger.lines.join('\n')).toContain('boom');
    expect(logger.lines.join('\n')).not.toContain('abcdefghijklmnopqrstuvwxyz123');
  });

  it('records a settings change on the ledger in the same transaction', async () => {
    const { service } = makeService();
    await service.call('setSetting', { key: 'collection.intervalMinutes', value: 60 }, { actor: 'ana' });
    const page = await service.call('listLedger', {});
    expect(page.entries[0]).toMatchObject({ actor: 'ana', action: 'settings.changed', subject: 'collection.intervalMinutes', details: { from: null, to: 60 } });
    expect((await service.call('verifyLedger', {})).ok).toBe(true);
  });

  it('has a handler for every channel in the contract', async () => {
    const { service } = makeService();
    for (const name of channelNames) {
      const r = await service.dispatch(name, {}, ctx);
      expect(r.ok === false ? r.error.code : 'ok').not.toBe('UNKNOWN_CHANNEL');
    }
  });

  it('lists a source the last complete collection read that is no longer configured, until it is retired', async () => {
    const { service, db, clock } = makeService();
    // Read once (say by `collect --config` with a file that listed it); the app has no such connection.
    await collect(harnessOn(db, clock), '2026-03-01T11:00:00.000Z', [{ id: 'old-hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io')] }]);
    expect((await service.call('listConnections', {})).unconfigured).toEqual([{ sourceId: 'old-hr', lastReadIn: 1 }]);

    // Configured again under that id, it is not "unconfigured", and retiring it is refused.
    await service.call('saveConnection', { connection: { id: 'old-hr', kind: 'hr_csv', path: '/tmp/roster.csv' } }, { actor: 'ana' });
    expect((await service.call('listConnections', {})).unconfigured).toEqual([]);
    const refused = await service.dispatch('retireSource', { sourceId: 'old-hr', reason: 'moved' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('still configured') } });

    // Removing the connection retires it (its history stays); nothing is left to decide.
    await service.call('deleteConnection', { id: 'old-hr' }, { actor: 'ana' });
    expect((await service.call('listConnections', {})).unconfigured).toEqual([]);
    const entries = (await service.call('listLedger', {})).entries.map((e) => `${e.action} ${e.subject}`);
    expect(entries).toContain('source.retired old-hr');
  });

  it('retires an unconfigured source through the channel, with the reason on the ledger', async () => {
    const { service, db, clock } = makeService();
    await collect(harnessOn(db, clock), '2026-03-01T11:00:00.000Z', [{ id: 'old-hr', kind: 'hr_csv', items: [hrEmployee('E1', 'ana@x.io')] }]);
    for (const reason of [undefined, '', '   ']) {
      const refused = await service.dispatch('retireSource', { sourceId: 'old-hr', ...(reason === undefined ? {} : { reason }) }, { actor: 'ana', transport: 'direct' });
      expect(refused, String(reason)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect((await service.call('listLedger', {})).entries.some((e) => e.action === 'source.retired')).toBe(false);
    const retired = await service.call('retireSource', { sourceId: 'old-hr', reason: 'roster moved to Workday' }, { actor: 'ana' });
    expect(retired).toMatchObject({ sourceId: 'old-hr', lastReadIn: 1, alreadyRetired: false });
    expect((await service.call('listConnections', {})).unconfigured).toEqual([]);
    const entry = (await service.call('listLedger', {})).entries.find((e) => e.action === 'source.retired');
    expect(entry).toMatchObject({ actor: 'ana', subject: 'old-hr', details: { sourceId: 'old-hr', lastReadIn: 1, reason: 'roster moved to Workday' } });
    expect((await service.call('verifyLedger', {})).ok).toBe(true);
  });
});
