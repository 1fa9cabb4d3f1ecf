import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemo } from '../../electron/simulate/demo/run-demo';
import { silentLogger } from '../../electron/platform/logger';

describe('demo window', () => {
  it('never dates a collection after the time it runs: before the 06:00 UTC poll, the last day is yesterday', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-window-'));
    try {
      const early = await runDemo({ databasePath: path.join(dir, 'early.db'), people: 20, days: 2, seed: 3, endDate: new Date('2026-06-05T03:00:00Z'), logger: silentLogger });
      expect([early.firstDay, early.lastDay]).toEqual(['2026-06-03', '2026-06-04']);
      const late = await runDemo({ databasePath: path.join(dir, 'late.db'), people: 20, days: 2, seed: 3, endDate: new Date('2026-06-05T06:00:00Z'), logger: silentLogger });
      expect([late.firstDay, late.lastDay]).toEqual(['2026-06-04', '2026-06-05']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
