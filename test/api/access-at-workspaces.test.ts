import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core } from '../../electron/api/open-core';
import { runDemo } from '../../electron/simulate/demo/run-demo';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { accessAt } from '../../electron/analyze/point-in-time';
import type { ResultOf } from '../../shared/api/contract';

/**
 * accessAt's `workspaces`: the picker of the "Who has access" view needs every workspace at T
 * even while the rows are filtered to one workspace or one person.
 */
const END = new Date('2026-06-05T12:00:00.000Z');
let dir: string;
let core: Core;
const ctx = { transport: 'direct' as const, actor: 'auditor@example.test' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-access-workspaces-'));
  const file = path.join(dir, 'demo.db');
  await runDemo({ databasePath: file, people: 25, days: 2, seed: 5, endDate: END, logger: silentLogger });
  core = openCore({ databasePath: file, clock: new ManualClock('2026-06-06T12:00:00.000Z'), logger: silentLogger });
}, 120_000);

afterAll(async () => {
  await core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const accessAtChannel = (args: unknown) => core.service.call('accessAt', args, ctx) as Promise<ResultOf<'accessAt'>>;

describe('accessAt workspaces', () => {
  it('lists every workspace anyone holds access on, sorted by name, whatever the filter and page', async () => {
    const engine = accessAt(core.db, new Date('2026-06-06T12:00:00.000Z'), { includeInactive: true });
    const expected = [...new Map(engine.rows.map((r) => [r.workspace.workspaceId, r.workspace.name])).values()].sort((a, b) => a.localeCompare(b));
    expect(expected.length).toBeGreaterThan(1);

    const all = await accessAtChannel({ limit: 1 });
    expect(all.workspaces.map((w) => w.name)).toEqual(expected);

    const first = all.workspaces[0]!;
    const one = await accessAtChannel({ workspace: first.workspaceId });
    expect(one.rows.length).toBeGreaterThan(0);
    expect(one.rows.every((r) => r.workspace.workspaceId === first.workspaceId)).toBe(true);
    expect(one.workspaces).toEqual(all.workspaces);

    const nobody = await accessAtChannel({ email: 'nobody@nowhere.invalid' });
    expect(nobody.total).toBe(0);
    expect(nobody.workspaces).toEqual(all.workspaces);
  });
});
