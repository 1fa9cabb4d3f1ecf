import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore } from '../../../electron/api/open-core';
import { createMemoryLogger } from '../../../electron/platform/logger';

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

  it('is off for one-shot use (no schedule option), whatever the setting says', async () => {
    const core = openCore({ databasePath: ':memory:', logger: createMemoryLogger(), env: {} });
    await core.service.call('setSetting', { key: 'collection.intervalMinutes', value: 5 });
    expect(core.collection.scheduleMinutes).toBeNull();
    await core.close();
  });
});
