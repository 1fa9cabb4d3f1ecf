import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/api/open-core';
import { createHandlers, createService } from '../../electron/api/service';
import { ManualClock } from '../../electron/platform/clock';
import { createMemoryLogger } from '../../electron/platform/logger';
import type { HandlerSet } from '../../electron/api/handler-types';
import { channelNames } from '../../shared/api/contract';

function makeService(overrides?: Partial<HandlerSet>) {
  const logger = createMemoryLogger();
  const core = openCore({ databasePath: ':memory:', clock: new ManualClock('2026-03-01T10:00:00Z'), logger });
  const deps = { ...core.deps, appVersion: '9.9.9' };
  const db = core.db;
  const base = createService(deps);
  if (!overrides) return { service: base, logger, db };
  return { service: createService(deps, { ...createHandlers(deps), ...overrides }), logger, db };
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
});
