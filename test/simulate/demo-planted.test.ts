import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemo } from '../../electron/simulate/demo/run-demo';
import { openCore } from '../../electron/api/open-core';
import { silentLogger } from '../../electron/platform/logger';
import { PERSON_KINDS, type PlantedKind } from '../../electron/simulate/org/planted-kinds';

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i;
const END = new Date('2026-06-05T12:00:00.000Z');

/**
 * Runs a demo and returns, for every planted problem it reports (what `demo` prints under
 * "Planted problems to find"), why no open finding at the newest collection shows it: [] when
 * each one can be found as of now. A problem about a person must be a finding about that person.
 */
async function plantedNotOpenAtNewest(days: number, seed: number): Promise<{ missing: string[]; planted: number; collections: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-demo-planted-'));
  try {
    const file = path.join(dir, 'demo.db');
    const demo = await runDemo({ databasePath: file, people: 20, days, seed, endDate: END, logger: silentLogger });
    const core = openCore({ databasePath: file, logger: silentLogger, readOnly: true });
    try {
      const answer = await core.service.call('listFindings', {});
      expect(answer.asOf?.collectionId).toBe(days);
      expect(answer.judged).toBe(true);
      const missing: string[] = [];
      for (const plant of demo.planted) {
        const open = answer.findings.filter((f) => f.kind === plant.kind && f.status === 'open');
        const email = PERSON_KINDS.has(plant.kind as PlantedKind) ? plant.note.match(EMAIL)?.[0]?.toLowerCase() : undefined;
        const about = email ? open.filter((f) => f.subject.email?.toLowerCase() === email) : open;
        if (about.length === 0) missing.push(`${plant.kind}: ${plant.note}`);
      }
      return { missing, planted: demo.planted.length, collections: demo.collections };
    } finally {
      await core.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('every planted problem the demo reports can be found at its newest collection', () => {
  // 1 day: the late leaver is still a member past the deadline; 3: removed late, the day before
  // the last; 8: leaves inside the period and is removed late inside it.
  for (const days of [1, 3, 8]) {
    it(`--days ${days}`, async () => {
      const r = await plantedNotOpenAtNewest(days, 42);
      expect(r.planted).toBeGreaterThanOrEqual(13);
      expect(r.missing).toEqual([]);
    }, 60_000);
  }

  // The default period: a late leaver who left the day before the first poll aged out of the
  // rule's 90-day look-back exactly at the newest collection ("0 missed" on the Overview).
  it('--days 90', async () => {
    const r = await plantedNotOpenAtNewest(90, 42);
    expect(r.collections).toBe(90);
    expect(r.missing).toEqual([]);
  }, 180_000);
});
