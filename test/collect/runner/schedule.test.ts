import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../../electron/api/open-core';
import { createMemoryLogger } from '../../../electron/platform/logger';
import { ManualClock } from '../../../electron/platform/clock';

afterEach(() => vi.useRealTimers());

describe('scheduled polling', () => {
  it('follows the Settings interval: starts, fires, and stops when the setting is cleared', async () => {
    vi.useFakeTimers();
    const logger = createMemoryLogger();
    const core = openCore({ databasePath: ':memory:', logger, schedule: true, env: {} });
    expect(core.collection.scheduleMinutes).toBeNull();
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 5 });
    expect(core.collection.scheduleMinutes).toBe(5);
    vi.advanceTimersByTime(5 * 60_000);
    await vi.waitFor(() => expect(logger.lines.join('\n')).toMatch(/scheduled collection did not start.*No sources are configured/));
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: null });
    expect(core.collection.scheduleMinutes).toBeNull();
    const before = logger.lines.length;
    vi.advanceTimersByTime(30 * 60_000);
    expect(logger.lines.length).toBe(before);
    await core.close();
  });

  it('says when the next run starts, and refuses an interval it would not run', async () => {
    vi.useFakeTimers();
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const core = openCore({ databasePath: ':memory:', logger: createMemoryLogger(), clock, schedule: true, env: {} });
    expect((await core.service.call('collectionStatus', {})).nextRunAt).toBeNull();
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 60 });
    expect(await core.service.call('collectionStatus', {})).toMatchObject({ scheduleMinutes: 60, nextRunAt: '2026-03-01T11:00:00.000Z' });
    clock.set('2026-03-01T11:00:00Z');
    vi.advanceTimersByTime(60 * 60_000);
    expect((await core.service.call('collectionStatus', {})).nextRunAt).toBe('2026-03-01T12:00:00.000Z');
    // 3 minutes used to be "saved" while the scheduler silently ignored it.
    for (const value of [3, 2.5, 100_000, 'hourly']) {
      const refused = await core.service.dispatch('setSetting', { key: 'collection.intervalMinutes', value }, { transport: 'direct', actor: 't' });
      expect(refused, String(value)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('from 5 to 10080') } });
    }
    expect((await core.service.call('collectionStatus', {})).scheduleMinutes).toBe(60);
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: null });
    expect(await core.service.call('collectionStatus', {})).toMatchObject({ scheduleMinutes: null, nextRunAt: null });
    await core.close();
  });

  it('refuses a Settings interval while the config file sets the schedule (the file wins)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-sched-'));
    const config = path.join(dir, 'c.yaml');
    fs.writeFileSync(config, 'sources:\n  - id: hr\n    kind: hr_csv\n    path: ./roster.csv\nschedule: { intervalMinutes: 60 }\n');
    const core = openCore({ databasePath: ':memory:', configFile: config, logger: createMemoryLogger(), schedule: true, env: {} });
    const refused = await core.service.dispatch('setSetting', { key: 'collection.intervalMinutes', value: 5 }, { transport: 'direct', actor: 't' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/comes from config file .*c\.yaml \(every 60 minutes\)/) } });
    expect(core.collection.scheduleMinutes).toBe(60);
    await core.close();
  });

  it('is off for one-shot use (no schedule option), whatever the setting says', async () => {
    const core = openCore({ databasePath: ':memory:', logger: createMemoryLogger(), env: {} });
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 5 });
    expect(core.collection.scheduleMinutes).toBeNull();
    await core.close();
  });
});
