import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDemo } from '../../electron/simulate/demo/run-demo';
import { openCore, type Core } from '../../electron/api/open-core';
import { ManualClock } from '../../electron/platform/clock';
import { silentLogger } from '../../electron/platform/logger';
import { AppError } from '../../shared/api/result';
import type { Policy } from '../../shared/domain/policy';

/**
 * The policy channels and the config file's `policy:` section over a real demo history (the
 * demo saves its organisation's policy as version 1 and judges every collection under it).
 */
let dir: string;
let baseDb: string;
const END = new Date('2026-11-20T12:00:00.000Z');
const clock = () => new ManualClock('2026-11-20T12:00:00.000Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-policy-api-'));
  baseDb = path.join(dir, 'base.db');
  await runDemo({ databasePath: baseDb, people: 24, days: 3, seed: 11, endDate: END, logger: silentLogger });
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A fresh copy of the demo database for one test. */
function demoCopy(): string {
  const file = path.join(dir, `copy-${++n}.db`);
  fs.copyFileSync(baseDb, file);
  return file;
}

function writeConfig(name: string, policyYaml: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `sources:\n  - id: hr\n    kind: hr_csv\n    path: ./roster.csv\npolicy:\n${policyYaml}`);
  return file;
}

/** The complete collection before collection C, and when it finished (an `at` it answers). */
function completeCollectionBefore(core: Core, collectionId: number): { id: number; at: string } {
  return core.db.prepare("SELECT id, finished_at AS at FROM collections WHERE status = 'complete' AND id < ? ORDER BY id DESC LIMIT 1").get(collectionId) as { id: number; at: string };
}

async function openFindingVersions(core: Core): Promise<Set<number>> {
  const answer = await core.service.call('listFindings', { status: 'open' });
  expect(answer.findings.length).toBeGreaterThan(0);
  return new Set(answer.findings.map((f) => f.policyVersion));
}

async function ledger(core: Core) {
  return (await core.service.call('listLedger', { limit: 500 })).entries;
}

describe('policy channels', () => {
  it('getPolicy answers the version in force with who saved it and where it is edited', async () => {
    const core = openCore({ databasePath: demoCopy(), clock: clock(), logger: silentLogger });
    try {
      const policy = await core.service.call('getPolicy', {});
      expect(policy).toMatchObject({ version: 1, actor: 'demo', note: 'policy of the demo organisation', origin: { kind: 'settings' } });
      expect(policy.policy.mappings.length).toBeGreaterThan(0);
      expect(await core.service.call('listPolicyVersions', {})).toEqual([expect.objectContaining({ version: 1, actor: 'demo' })]);
    } finally {
      await core.close();
    }
  });

  it('savePolicy writes the next version on the ledger and re-judges the newest collection under it', async () => {
    const core = openCore({ databasePath: demoCopy(), clock: clock(), logger: silentLogger });
    try {
      expect(await openFindingVersions(core)).toEqual(new Set([1]));
      const before = await core.service.call('getPolicy', {});
      const edited: Policy = { ...before.policy, dormancyDays: 7 };
      const saved = await core.service.call('savePolicy', { policy: edited, note: 'a week is enough', expectedVersion: 1 }, { actor: 'ana@example.com' });
      expect(saved).toEqual({ version: 2, changed: true, rejudged: true });

      expect(await core.service.call('getPolicy', {})).toMatchObject({ version: 2, actor: 'ana@example.com', note: 'a week is enough', policy: { dormancyDays: 7 } });
      expect((await core.service.call('listPolicyVersions', {})).map((v) => [v.version, v.actor, v.note])).toEqual([
        [2, 'ana@example.com', 'a week is enough'],
        [1, 'demo', 'policy of the demo organisation'],
      ]);
      const entries = await ledger(core);
      const savedEntry = entries.find((e) => e.action === 'policy.saved' && e.subject === 'policy version 2');
      expect(savedEntry).toMatchObject({ actor: 'ana@example.com', details: { version: 2, previousVersion: 1, changedKeys: ['dormancyDays'], note: 'a week is enough' } });
      // The re-judgement is on the ledger too, after the save, and every open finding now carries version 2.
      const recorded = entries.find((e) => e.action === 'findings.recorded' && e.seq > savedEntry!.seq);
      expect(recorded).toMatchObject({ actor: 'ana@example.com', details: { policyVersion: 2 } });
      expect(await openFindingVersions(core)).toEqual(new Set([2]));
      expect((await core.service.call('verifyLedger', {})).ok).toBe(true);
    } finally {
      await core.close();
    }
  });

  it('refuses a stale edit with CONFLICT, an invalid value naming its key, and writes nothing for either', async () => {
    const core = openCore({ databasePath: demoCopy(), clock: clock(), logger: silentLogger });
    try {
      const { policy } = await core.service.call('getPolicy', {});
      await core.service.call('savePolicy', { policy: { ...policy, dormancyDays: 30 }, note: 'first', expectedVersion: 1 });
      const stale = await core.service.dispatch('savePolicy', { policy: { ...policy, dormancyDays: 60 }, note: 'second', expectedVersion: 1 }, { transport: 'direct', actor: 'bo' });
      expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('version 2 is now in force') } });
      const invalid = await core.service.dispatch('savePolicy', { policy: { ...policy, dormancyDays: 0 }, note: 'zero' }, { transport: 'direct', actor: 'bo' });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^savePolicy: policy\.dormancyDays: /) } });
      expect((await core.service.call('listPolicyVersions', {})).map((v) => v.version)).toEqual([2, 1]);
    } finally {
      await core.close();
    }
  });
});

describe('the IdP vs Prefect comparison at a past date', () => {
  it('goes through the mappings its findings were judged under, not a mapping saved since', async () => {
    const core = openCore({ databasePath: demoCopy(), clock: clock(), logger: silentLogger });
    try {
      const now = await core.service.call('idpVsPrefect', {});
      const earlier = completeCollectionBefore(core, now.collectionId);
      const past = await core.service.call('idpVsPrefect', { at: earlier.at });
      expect(past).toMatchObject({ collectionId: earlier.id, policyVersion: 1 });
      expect(past.missingInPrefect.length + past.roleDifferences.length).toBeGreaterThan(0);

      const { policy } = await core.service.call('getPolicy', {});
      expect(await core.service.call('savePolicy', { policy: { ...policy, mappings: [] }, note: 'mappings retired', expectedVersion: 1 })).toMatchObject({ version: 2, rejudged: true });
      // The newest collection was re-judged under version 2: no mapping, nothing to differ from.
      const nowAfter = await core.service.call('idpVsPrefect', {});
      expect(nowAfter).toMatchObject({ collectionId: now.collectionId, policyVersion: 2, missingInPrefect: [], roleDifferences: [], teamDifferences: [] });
      // The past collection's role-drift findings were judged under version 1, and so is its comparison.
      expect(await core.service.call('idpVsPrefect', { at: earlier.at })).toEqual(past);
    } finally {
      await core.close();
    }
  });
});

describe('the termination time zone over the channels', () => {
  it('is refused naming the key and value when Intl does not know it, and once saved measures the revocation latencies and the timeline', async () => {
    const core = openCore({ databasePath: demoCopy(), clock: clock(), logger: silentLogger });
    try {
      const { policy } = await core.service.call('getPolicy', {});
      expect(policy).not.toHaveProperty('terminationTimeZone');
      const before = await core.service.call('revocationLatencies', {});
      expect(before).toMatchObject({ policyVersion: 1, terminationTimeZone: 'UTC' });
      // A past collection, judged under version 1 like the newest one until the save below.
      const earlier = completeCollectionBefore(core, before.asOfCollectionId);
      const earlierBefore = await core.service.call('revocationLatencies', { at: earlier.at });
      expect(earlierBefore).toMatchObject({ asOfCollectionId: earlier.id, policyVersion: 1, terminationTimeZone: 'UTC' });
      expect(earlierBefore.leavers.some((l) => l.latency.terminationBasis === 'hr-date')).toBe(true);
      const hrDated = before.leavers.filter((l) => l.latency.terminationBasis === 'hr-date');
      expect(hrDated.length).toBeGreaterThan(0);

      const invalid = await core.service.dispatch('savePolicy', { policy: { ...policy, terminationTimeZone: 'Europe/Berln' }, note: 'typo' }, { transport: 'direct', actor: 'bo' });
      expect(invalid).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'savePolicy: policy.terminationTimeZone: unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin' },
      });

      const saved = await core.service.call('savePolicy', { policy: { ...policy, terminationTimeZone: 'Asia/Tokyo' }, note: 'the roster is kept in Tokyo', expectedVersion: 1 }, { actor: 'ana@example.com' });
      expect(saved).toEqual({ version: 2, changed: true, rejudged: true });
      expect((await core.service.call('getPolicy', {})).policy.terminationTimeZone).toBe('Asia/Tokyo');
      expect((await ledger(core)).find((e) => e.action === 'policy.saved' && e.subject === 'policy version 2')).toMatchObject({ details: { changedKeys: ['terminationTimeZone'] } });

      // Computed on request under the policy in force: every HR-dated termination starts 9 h earlier.
      const after = await core.service.call('revocationLatencies', {});
      expect(after).toMatchObject({ policyVersion: 2, terminationTimeZone: 'Asia/Tokyo' });
      // The past collection's findings were judged under version 1 and still read so: its
      // latencies stay measured from 00:00 UTC, as the findings shown for it were.
      expect(await core.service.call('revocationLatencies', { at: earlier.at })).toEqual(earlierBefore);
      for (const l of hrDated) {
        const now = after.leavers.find((x) => x.identityId === l.identityId)!;
        expect(now.latency.terminationBasis).toBe('hr-date');
        expect(Date.parse(l.latency.terminatedAt) - Date.parse(now.latency.terminatedAt)).toBe(9 * 3_600_000);
      }
      const timeline = await core.service.call('personTimeline', { email: hrDated[0]!.email! });
      const terminated = timeline.events.find((e) => e.type === 'hr.terminated')!;
      expect(terminated.at).toMatch(/T00:00:00\.000\+09:00$/);
      expect(terminated.summary).toContain('measured from the start of that day in Asia/Tokyo');
      expect(timeline.revocation?.terminatedAt).toBe(after.leavers.find((x) => x.identityId === hrDated[0]!.identityId)!.latency.terminatedAt);
      expect((await core.service.call('verifyLedger', {})).ok).toBe(true);
    } finally {
      await core.close();
    }
  });
});

describe('a config file with a policy section', () => {
  it('is applied once on open: one new version by the file, findings re-judged; opening again writes nothing', async () => {
    const db = demoCopy();
    const config = writeConfig('owned.yaml', '  dormancyDays: 5\n  offboardingDeadlineHours: 12\n');
    const actor = `config file ${path.resolve(config)}`;

    const first = openCore({ databasePath: db, configFile: config, clock: clock(), logger: silentLogger });
    let ledgerSize: number;
    try {
      const versions = await first.service.call('listPolicyVersions', {});
      expect(versions.map((v) => [v.version, v.actor])).toEqual([
        [2, actor],
        [1, 'demo'],
      ]);
      const policy = await first.service.call('getPolicy', {});
      expect(policy).toMatchObject({ version: 2, origin: { kind: 'config-file', path: path.resolve(config) }, policy: { dormancyDays: 5, offboardingDeadlineHours: 12, mappings: [] } });
      const entries = await ledger(first);
      expect(entries.filter((e) => e.action === 'policy.saved').map((e) => e.actor)).toEqual([actor, 'demo']);
      expect(await openFindingVersions(first)).toEqual(new Set([2]));
      ledgerSize = entries.length;
    } finally {
      await first.close();
    }

    const second = openCore({ databasePath: db, configFile: config, clock: clock(), logger: silentLogger });
    try {
      expect((await second.service.call('listPolicyVersions', {})).map((v) => v.version)).toEqual([2, 1]);
      expect(await ledger(second)).toHaveLength(ledgerSize);
    } finally {
      await second.close();
    }
  });

  it('whose content is already in force saves no version', async () => {
    const db = demoCopy();
    const probe = openCore({ databasePath: db, clock: clock(), logger: silentLogger });
    const { policy } = await probe.service.call('getPolicy', {});
    await probe.close();
    const { version: _version, ...content } = policy;
    const config = path.join(dir, 'same.json');
    fs.writeFileSync(config, JSON.stringify({ sources: [{ id: 'hr', kind: 'hr_csv', path: 'r.csv' }], policy: content }));
    const core = openCore({ databasePath: db, configFile: config, clock: clock(), logger: silentLogger });
    try {
      expect((await core.service.call('listPolicyVersions', {})).map((v) => v.version)).toEqual([1]);
      // Still owned by the file: the content matches, but the file is where it is edited.
      expect((await core.service.call('getPolicy', {})).origin).toEqual({ kind: 'config-file', path: path.resolve(config) });
    } finally {
      await core.close();
    }
  });

  it('owns the policy: savePolicy is refused naming the file; without the file, Settings may save again', async () => {
    const db = demoCopy();
    const config = writeConfig('owner.yaml', '  dormancyDays: 5\n');
    const owned = openCore({ databasePath: db, configFile: config, clock: clock(), logger: silentLogger });
    try {
      const { policy, version } = await owned.service.call('getPolicy', {});
      const refused = owned.service.call('savePolicy', { policy: { ...policy, dormancyDays: 9 }, note: 'try', expectedVersion: version });
      await expect(refused).rejects.toBeInstanceOf(AppError);
      await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(path.resolve(config)) });
      expect((await owned.service.call('listPolicyVersions', {})).map((v) => v.version)).toEqual([2, 1]);
    } finally {
      await owned.close();
    }
    const free = openCore({ databasePath: db, clock: clock(), logger: silentLogger });
    try {
      const { policy } = await free.service.call('getPolicy', {});
      expect((await free.service.call('getPolicy', {})).origin).toEqual({ kind: 'settings' });
      expect(await free.service.call('savePolicy', { policy: { ...policy, dormancyDays: 9 }, note: 'back in Settings', expectedVersion: 2 })).toMatchObject({ version: 3, changed: true });
    } finally {
      await free.close();
    }
  });

  it('applies a termination time zone from the file, and refuses an unknown one naming the file, key and value', async () => {
    const db = demoCopy();
    const bad = writeConfig('bad-zone.yaml', '  terminationTimeZone: Europe/Berln\n');
    expect(() => openCore({ databasePath: db, configFile: bad, clock: clock(), logger: silentLogger })).toThrow(
      `${bad}: policy.terminationTimeZone: unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin`,
    );
    const config = writeConfig('tokyo.yaml', '  terminationTimeZone: Asia/Tokyo\n');
    const core = openCore({ databasePath: db, configFile: config, clock: clock(), logger: silentLogger });
    try {
      expect((await core.service.call('listPolicyVersions', {})).map((v) => v.version)).toEqual([2, 1]);
      expect((await core.service.call('getPolicy', {})).policy.terminationTimeZone).toBe('Asia/Tokyo');
      expect((await core.service.call('revocationLatencies', {})).terminationTimeZone).toBe('Asia/Tokyo');
    } finally {
      await core.close();
    }
  });

  it('is refused before anything is written when it is invalid, naming the file and key', () => {
    const db = demoCopy();
    const config = writeConfig('bad.yaml', '  mappings:\n    - { idpGroup: a, accountRole: 7 }\n');
    expect(() => openCore({ databasePath: db, configFile: config, clock: clock(), logger: silentLogger })).toThrow(`${config}: policy.mappings[0].accountRole: `);
  });
});
